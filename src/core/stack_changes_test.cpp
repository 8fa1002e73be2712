// SPDX-License-Identifier: MIT
// Globs, rebuild decisions and the last build of a stack, as tables.
#include "core/stack_changes.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

using Lines = std::vector<std::string>;

TEST(StackChangesTest, GlobsMatchSegmentsAndDirectories) {
  struct Case {
    std::string glob;
    std::string path;
    bool match;
  };
  const Case cases[] = {
      {"Makefile", "Makefile", true},
      {"Makefile", "src/Makefile", false},
      {"Makefile", "Makefile.in", false},
      // A directory matches everything under it, with or without a '/'.
      {"ci", "ci/build.sh", true},
      {"ci/", "ci/sub/x.sh", true},
      {"ci", "cix/build.sh", false},
      // * stays in one segment, but a matched directory takes what is under it.
      {"ci/*.sh", "ci/build.sh", true},
      {"ci/*.sh", "ci/sub/build.sh", false},
      {"ci/*", "ci/sub/build.sh", true},
      {"*.sh", "build.sh", true},
      {"*.sh", "ci/build.sh", false},
      {"*", "anything/at/all", true},
      // ** takes any number of segments, none included.
      {"**/*.sh", "build.sh", true},
      {"**/*.sh", "a/b/c/build.sh", true},
      {"**/*.sh", "a/b/c/build.py", false},
      {"ci/**", "ci/a/b", true},
      {"ci/**/x.sh", "ci/x.sh", true},
      {"ci/**/x.sh", "ci/a/b/x.sh", true},
      {"ci/**/x.sh", "ci/a/b/y.sh", false},
      {"**", "x", true},
      // ? is one character, never '/'.
      {"v?.txt", "v1.txt", true},
      {"v?.txt", "v10.txt", false},
      {"a?b", "a/b", false},
      {"*e*e*", "bee/x", true},
      {"*e*e*", "images/base/Dockerfile", false},
      {"images/*/Dockerfile", "images/base/Dockerfile", true},
      {"images/*/Dockerfile", "images/base/sub/Dockerfile", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(glob_matches(c.glob, c.path), c.match) << c.glob << " vs " << c.path;
    EXPECT_EQ(glob_problem(c.glob), "") << c.glob;
  }
}

TEST(StackChangesTest, RefusesGlobsItCannotMatch) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "an empty pattern"},
      {"  ", "an empty pattern"},
      {"/ci/**", "a leading '/'"},
      {"ci/[ab].sh", "character classes"},
      {"ci\\x", "a '\\'"},
      {"ci//x", "an empty path segment"},
      {"../x", "a '..' segment"},
      {"./x", "a '.' segment"},
      {"ci/a**", "'**' inside a segment"},
  };
  for (const auto& [glob, problem] : cases) {
    EXPECT_NE(glob_problem(glob).find(problem), std::string::npos)
        << glob << ": " << glob_problem(glob);
  }
}

StackImage image(const std::string& name, const std::string& context, Lines parents) {
  StackImage out;
  out.name = name;
  out.image = "ghcr.io/acme/" + name;
  out.context = context;
  out.dockerfile = context + "/Dockerfile";
  for (const std::string& p : parents) {
    out.parents.push_back({p, "ghcr.io/acme/" + p});
  }
  return out;
}

// The sample stack's shape, linked: base, notebook FROM base, ml FROM
// notebook, tools FROM base.
Stack sample() {
  Stack s;
  s.path = ".github/berth-stack.yml";
  s.images = {image("base", "images/base", {}), image("notebook", "images/notebook", {"base"}),
              image("ml", "images/ml", {"notebook"}), image("tools", "images/tools", {"base"})};
  s.images[3].dockerfile = "docker/tools.Dockerfile";
  s.rebuild_all = {"ci/**", "Makefile"};
  return s;
}

// Returns "name:build(reason)" or "name:retag(reason)" per image.
Lines decide(const Stack& s, const ChangeSet& c) {
  Lines out;
  for (const StackDecision& d : decide_stack(s, c)) {
    out.push_back(d.name + (d.action == StackAction::k_build ? ":build(" : ":retag(") + d.reason + ")");
  }
  return out;
}

TEST(StackChangesTest, BuildsWhatChangedAndItsChildrenAndRetagsTheRest) {
  struct Case {
    std::string what;
    ChangeSet changes;
    Lines want;
  };
  const auto changed = [](Lines paths) {
    ChangeSet c;
    c.base_sha = "abc1234def";
    c.base_tag = "2023.2-abc1234";
    c.paths = std::move(paths);
    return c;
  };
  ChangeSet all;
  all.all = true;
  all.all_reason = "no earlier build of the stack";
  ChangeSet all_no_reason;
  all_no_reason.all = true;
  ChangeSet no_tag = changed({});
  no_tag.base_tag.clear();
  const Case cases[] = {
      {"nothing changed",
       changed({"README.md"}),
       {"base:retag(unchanged since 2023.2-abc1234)", "notebook:retag(unchanged since 2023.2-abc1234)",
        "ml:retag(unchanged since 2023.2-abc1234)", "tools:retag(unchanged since 2023.2-abc1234)"}},
      {"the child changed: it and the grandchild build",
       changed({"images/notebook/Dockerfile", "docs/x.md", "images/notebook/etc/a", "images/notebook/b"}),
       {"base:retag(unchanged since 2023.2-abc1234)", "notebook:build(changed: images/notebook/Dockerfile (+2 more))",
        "ml:build(parent notebook builds)", "tools:retag(unchanged since 2023.2-abc1234)"}},
      {"the base changed: everything builds",
       changed({"images/base/Dockerfile"}),
       {"base:build(changed: images/base/Dockerfile)", "notebook:build(parent base builds)",
        "ml:build(parent notebook builds)", "tools:build(parent base builds)"}},
      {"a Dockerfile outside the context, a sibling of a prefix",
       changed({"docker/tools.Dockerfile", "images/notebook2/x", "images/ml"}),
       {"base:retag(unchanged since 2023.2-abc1234)", "notebook:retag(unchanged since 2023.2-abc1234)",
        "ml:build(changed: images/ml)", "tools:build(changed: docker/tools.Dockerfile)"}},
      {"a rebuild-all glob",
       changed({"images/ml/x", "ci/build.sh", "ci/lib/y.sh"}),
       {"base:build(rebuild-all: ci/build.sh (+1 more))", "notebook:build(rebuild-all: ci/build.sh (+1 more))",
        "ml:build(rebuild-all: ci/build.sh (+1 more))", "tools:build(rebuild-all: ci/build.sh (+1 more))"}},
      {"all", all,
       {"base:build(no earlier build of the stack)", "notebook:build(no earlier build of the stack)",
        "ml:build(no earlier build of the stack)", "tools:build(no earlier build of the stack)"}},
      {"all without a reason", all_no_reason,
       {"base:build(every image rebuilds)", "notebook:build(every image rebuilds)",
        "ml:build(every image rebuilds)", "tools:build(every image rebuilds)"}},
      {"no base tag: the sha names the build", no_tag,
       {"base:retag(unchanged since abc1234)", "notebook:retag(unchanged since abc1234)",
        "ml:retag(unchanged since abc1234)", "tools:retag(unchanged since abc1234)"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(decide(sample(), c.changes), c.want);
  }
}

TEST(StackChangesTest, TwoParentsBuildingAreBothNamed) {
  Stack s;
  s.images = {image("a", "a", {}), image("b", "b", {}), image("c", "c", {"a", "b"}), image("all", ".", {})};
  ChangeSet c;
  c.base_tag = "2024.1-0000000";
  c.paths = {"a/x", "b/y"};
  EXPECT_EQ(decide(s, c), (Lines{"a:build(changed: a/x)", "b:build(changed: b/y)",
                                 "c:build(parents a, b build)", "all:build(changed: a/x (+1 more))"}));
}

TEST(StackChangesTest, FindsTheNewestCommitEveryImageCarries) {
  struct Case {
    std::string what;
    Lines history;
    std::vector<Lines> tags;
    std::string prefix;
    std::string sha;  // "" for none
    std::string tag;
  };
  const Lines history = {"ccccccc111", "bbbbbbb222", "aaaaaaa333"};
  const Case cases[] = {
      {"the newest in every image",
       history,
       {{"latest", "2023.2-bbbbbbb", "2023.1-aaaaaaa"}, {"2023.2-bbbbbbb", "2023.1-aaaaaaa"}},
       "", "bbbbbbb222", "2023.2-bbbbbbb"},
      {"one image misses the newest: an older one",
       history,
       {{"2023.2-bbbbbbb", "2023.1-aaaaaaa"}, {"2023.1-aaaaaaa"}, {"2023.1-aaaaaaa", "x"}},
       "", "aaaaaaa333", "2023.1-aaaaaaa"},
      {"no commit in every image", history, {{"2023.2-bbbbbbb"}, {"2023.1-aaaaaaa"}}, "", "", ""},
      {"not a calendar prefix", history, {{"v1-ccccccc"}, {"v1-ccccccc"}}, "", "", ""},
      {"a fixed prefix", history,
       {{"2023.4-ccccccc", "v1-bbbbbbb"}, {"2023.4-ccccccc", "v1-bbbbbbb"}}, "v1", "bbbbbbb222", "v1-bbbbbbb"},
      {"two quarters of one commit: the later",
       history,
       {{"2023.9-ccccccc", "2023.10-ccccccc", "2024.1-ccccccc"}, {"2023.10-ccccccc", "2023.9-ccccccc"}},
       "", "ccccccc111", "2023.10-ccccccc"},
      {"a sha too short or not hex is skipped", {"abc", "zzzzzzz1", "ccccccc111"},
       {{"2023.2-ccccccc", "2023.2-zzzzzzz"}}, "", "ccccccc111", "2023.2-ccccccc"},
      {"upper-case sha", {"CCCCCCC111"}, {{"2023.2-ccccccc"}}, "", "CCCCCCC111", "2023.2-ccccccc"},
      {"no images", history, {}, "", "", ""},
      {"no history", {}, {{"2023.2-bbbbbbb"}}, "", "", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const std::optional<LastBuild> got = find_last_build(c.history, c.tags, c.prefix);
    if (c.sha.empty()) {
      EXPECT_FALSE(got.has_value());
    } else {
      ASSERT_TRUE(got.has_value());
      EXPECT_EQ(got->sha, c.sha);
      EXPECT_EQ(got->tag, c.tag);
    }
  }
}

}  // namespace
}  // namespace berth::core
