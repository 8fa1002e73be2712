// SPDX-License-Identifier: MIT
// What a stack run compares with (stack_sources' `changes`): the last build
// every image carries in the registry, a pull request's base, or everything,
// with the reason, over a fake checkout and fake registries.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "app/stack.hpp"
#include "core/error.hpp"
#include "support/fake_services.hpp"
#include "support/fixtures.hpp"

namespace berth {
namespace {

using Strings = std::vector<std::string>;

// A checkout: commits newest first, the paths changed between two commits.
class FakeGit : public io::GitRepo {
 public:
  Strings commits;  // newest first; the first is HEAD
  bool shallow = false;
  std::map<std::pair<std::string, std::string>, Strings> diffs;
  Strings* asked = nullptr;

  core::CheckoutFacts facts() override {
    core::CheckoutFacts f;
    f.head_sha = commits.empty() ? "" : commits.front();
    f.shallow = shallow;
    return f;
  }
  Strings history(const std::string& sha, std::size_t limit) override {
    Strings out;
    bool on = false;
    for (const std::string& c : commits) {
      on = on || c == sha;
      if (on && out.size() < limit) {
        out.push_back(c);
      }
    }
    return out;
  }
  Strings changed_paths(const std::string& from, const std::string& to) override {
    if (asked != nullptr) {
      asked->push_back(from + ".." + to);
    }
    return diffs.at({from, to});
  }
  bool has_commit(const std::string& sha) override {
    return std::find(commits.begin(), commits.end(), sha) != commits.end();
  }
};

// Forty hex digits starting with `c` (a commit of the fake checkout).
std::string sha(char c) { return std::string(40, c); }
std::string build_tag(char c) { return "2026.4-" + std::string(7, c); }

struct Fixture : testing::FakeServices {
  Fixture() : testing::FakeServices(testing::load_event("push_default")) {
    env.set(io::input_variable("stack"), "true");
    env.set(io::input_variable("registry"), "registry.test");
    git.commits = {sha('c'), sha('b'), sha('a')};
    stack.path = ".github/berth-stack.yml";
    for (const char* name : {"base", "child"}) {
      core::StackImage i;
      i.name = name;
      i.image = std::string("registry.test/alice/") + name;
      stack.images.push_back(i);
    }
  }

  core::ChangeSet changes(app::RunContext rc) {
    app::Services s = services();
    s.open_git = [this](const std::string&) -> std::unique_ptr<io::GitRepo> {
      if (no_repository) {
        throw Error("no git repository at .");
      }
      return std::make_unique<FakeGit>(git);
    };
    return app::stack_sources(s, rc).changes(stack, rc);
  }
  core::ChangeSet changes() { return changes(app::read_run_context(env)); }

  FakeGit git;
  core::Stack stack;
  bool no_repository = false;
};

TEST(StackSourcesTest, APushComparesWithTheNewestBuildEveryImageCarries) {
  Fixture f;
  f.env.set("GITHUB_SHA", sha('c'));
  auto& reg = f.registries.at("registry.test");
  reg.seed("alice/base", build_tag('a'));
  reg.seed("alice/child", build_tag('a'));
  reg.seed("alice/base", build_tag('b'));  // child has no build of b: b is not a stack build
  f.git.diffs[{sha('a'), sha('c')}] = {"images/child/Dockerfile"};

  const core::ChangeSet c = f.changes();
  EXPECT_FALSE(c.all);
  EXPECT_EQ(c.base_sha, sha('a'));
  EXPECT_EQ(c.base_tag, build_tag('a'));
  EXPECT_EQ(c.paths, (Strings{"images/child/Dockerfile"}));
}

TEST(StackSourcesTest, WithoutAnEarlierBuildEverythingBuildsAndSaysWhy) {
  Fixture f;
  f.env.set("GITHUB_SHA", sha('c'));
  const core::ChangeSet c = f.changes();
  EXPECT_TRUE(c.all);
  EXPECT_EQ(c.all_reason, "no earlier build of the stack in the last 2 commits");

  f.git.shallow = true;
  f.git.commits = {sha('c')};
  const core::ChangeSet shallow = f.changes();
  EXPECT_TRUE(shallow.all);
  EXPECT_NE(shallow.all_reason.find("no earlier commit in the checkout (a shallow clone"),
            std::string::npos)
      << shallow.all_reason;
}

TEST(StackSourcesTest, TheBuildOfTheCommitItselfIsNotItsOwnBase) {
  Fixture f;
  f.env.set("GITHUB_SHA", sha('c'));
  auto& reg = f.registries.at("registry.test");
  for (const char* repo : {"alice/base", "alice/child"}) {
    reg.seed(repo, build_tag('c'));  // a re-run of the same commit
    reg.seed(repo, build_tag('b'));
  }
  f.git.diffs[{sha('b'), sha('c')}] = {"README.md"};
  EXPECT_EQ(f.changes().base_sha, sha('b'));
}

TEST(StackSourcesTest, APullRequestComparesWithItsBase) {
  Fixture f;
  app::RunContext rc = app::read_run_context(f.env);
  rc.github.event_name = "pull_request";
  rc.github.sha = sha('c');
  rc.github.pr_base_sha = sha('a');
  f.git.diffs[{sha('a'), sha('c')}] = {"images/base/x"};
  const core::ChangeSet c = f.changes(rc);
  EXPECT_FALSE(c.all);
  EXPECT_EQ(c.base_sha, sha('a'));
  EXPECT_EQ(c.base_tag, "");
  EXPECT_EQ(c.paths, (Strings{"images/base/x"}));

  rc.github.pr_base_sha = sha('f');  // not fetched
  const core::ChangeSet missing = f.changes(rc);
  EXPECT_TRUE(missing.all);
  EXPECT_EQ(missing.all_reason, "the pull request's base fffffff is not in the checkout");
}

TEST(StackSourcesTest, APullRequestPrefersTheLastBuildInItsHistory) {
  Fixture f;
  for (const char* repo : {"alice/base", "alice/child"}) {
    f.registries.at("registry.test").seed(repo, build_tag('b'));
  }
  app::RunContext rc = app::read_run_context(f.env);
  rc.github.event_name = "pull_request";
  rc.github.sha = sha('c');
  rc.github.pr_base_sha = sha('a');
  f.git.diffs[{sha('b'), sha('c')}] = {"images/child/x"};
  const core::ChangeSet c = f.changes(rc);
  EXPECT_EQ(c.base_sha, sha('b'));
  EXPECT_EQ(c.base_tag, build_tag('b')) << "the source of the children's parents";
}

TEST(StackSourcesTest, RebuildAllAsksNothing) {
  Fixture f;
  f.env.set(io::input_variable("rebuild"), "all");
  f.no_repository = true;
  const core::ChangeSet c = f.changes();
  EXPECT_TRUE(c.all);
  EXPECT_EQ(c.all_reason, "rebuild: all (input)");
}

TEST(StackSourcesTest, NoRepositoryBuildsEverythingWithAWarning) {
  Fixture f;
  f.no_repository = true;
  const core::ChangeSet c = f.changes();
  EXPECT_TRUE(c.all);
  EXPECT_EQ(c.all_reason, "no git repository in the workspace");
  EXPECT_NE(f.log_text().find("::warning::stack: every image builds: no git repository"),
            std::string::npos)
      << f.log_text();
}

}  // namespace
}  // namespace berth
