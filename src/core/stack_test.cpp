// SPDX-License-Identifier: MIT
// A stack's links, checks, build order and levels, as tables.
#include "core/stack.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/suggest.hpp"

namespace berth::core {
namespace {

using Lines = std::vector<std::string>;
using Dockerfiles = std::map<std::string, std::string>;

StackImage image(const std::string& name, std::size_t line, Lines depends_on = {}) {
  StackImage out;
  out.name = name;
  out.image = "ghcr.io/acme/" + name;
  out.context = "images/" + name;
  out.dockerfile = "images/" + name + "/Dockerfile";
  out.depends_on = std::move(depends_on);
  out.line = line;
  return out;
}

Stack stack_of(std::vector<StackImage> images) {
  Stack s;
  s.path = ".github/berth-stack.yml";
  s.images = std::move(images);
  return s;
}

Lines names(const Stack& s) {
  Lines out;
  for (const StackImage& i : s.images) {
    out.push_back(i.name);
  }
  return out;
}

// Returns "name<-parent[key],..." for every image, for compact comparisons.
std::string links(const Stack& s) {
  std::string out;
  for (const StackImage& i : s.images) {
    out += i.name + "<-";
    for (const StackParent& p : i.parents) {
      out += p.name + "[" + p.from_ref + "]";
    }
    out += " ";
  }
  return out;
}

// Returns the messages link_stack throws (all of them), or "" when it links.
std::string link_errors(Stack s, const Dockerfiles& dockerfiles, const Lines& build_args = {}) {
  try {
    link_stack(s, dockerfiles, build_args);
  } catch (const Errors& e) {
    std::string out;
    for (const Error& one : e.all()) {
      EXPECT_EQ(one.input(), "stack");
      out += std::string(one.what()) + "\n";
    }
    return out;
  }
  return {};
}

TEST(StackTest, NamedContextKeyIsBuildKitsFamiliarFormWithoutLatest) {
  const std::pair<std::string, std::string> cases[] = {
      {"ghcr.io/acme/base", "ghcr.io/acme/base"},
      {"ghcr.io/acme/base:latest", "ghcr.io/acme/base"},
      {"ghcr.io/acme/base:2023.2-abc1234", "ghcr.io/acme/base:2023.2-abc1234"},
      {"docker.io/library/debian:latest", "debian"},
      {"debian:bookworm-slim", "debian:bookworm-slim"},
      {"index.docker.io/acme/base", "acme/base"},
      {"acme/base:latest", "acme/base"},
      {"docker.io/library/a/b", "library/a/b"},
      {"localhost:5000/acme/base:latest", "localhost:5000/acme/base"},
      {"GHCR.io/Acme/Base", "ghcr.io/acme/base"},
      {"ghcr.io/acme/base:latest@sha256:" + std::string(64, 'a'),
       "ghcr.io/acme/base:latest@sha256:" + std::string(64, 'a')},
  };
  for (const auto& [ref, key] : cases) {
    EXPECT_EQ(named_context_key(ref, "stack"), key) << ref;
  }
  EXPECT_THROW(named_context_key("not a ref", "stack"), Error);
}

TEST(StackTest, LinksFromLinesThatNameAnImageOfTheStack) {
  struct Case {
    std::string what;
    Dockerfiles dockerfiles;
    Lines build_args;
    std::string links;
  };
  const std::string base = "ARG DEBIAN_IMAGE=debian:bookworm-slim\nFROM ${DEBIAN_IMAGE}\n";
  const Case cases[] = {
      {"plain FROM, :latest trimmed, a tag kept",
       {{"base", base},
        {"nb", "FROM ghcr.io/acme/base:latest\n"},
        {"ml", "FROM ghcr.io/acme/nb:2023.2-abc1234\n"}},
       {},
       "base<- nb<-base[ghcr.io/acme/base] ml<-nb[ghcr.io/acme/nb:2023.2-abc1234] "},
      {"the prefix by ARG, overridden by a build arg",
       {{"base", base},
        {"nb", "ARG PREFIX=ghcr.io/other\nFROM ${PREFIX}/base\n"},
        {"ml", "FROM ghcr.io/ACME/nb\n"}},
       {"PREFIX=ghcr.io/acme"},
       "base<- nb<-base[ghcr.io/acme/base] ml<-nb[ghcr.io/acme/nb] "},
      {"a prefix that names no stack image is no link",
       {{"base", base}, {"nb", "ARG PREFIX=ghcr.io/other\nFROM ${PREFIX}/base\n"}, {"ml", "FROM $UNSET\n"}},
       {},
       "base<- nb<- ml<- "},
      {"stage names are not images; two stages FROM the parent give one link",
       {{"base", base},
        {"nb", "FROM ghcr.io/acme/base AS build\nRUN true\nFROM build\nFROM ghcr.io/acme/base\n"},
        {"ml", "FROM ghcr.io/acme/base AS nb\nFROM nb\n"}},
       {},
       "base<- nb<-base[ghcr.io/acme/base] ml<-base[ghcr.io/acme/base] "},
      {"two parents, two keys",
       {{"base", base},
        {"nb", base},
        {"ml", "FROM ghcr.io/acme/base AS a\nFROM ghcr.io/acme/nb:1\nCOPY --from=a / /\n"}},
       {},
       "base<- nb<- ml<-base[ghcr.io/acme/base]nb[ghcr.io/acme/nb:1] "},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    Stack s = stack_of({image("base", 2), image("nb", 5), image("ml", 8)});
    link_stack(s, c.dockerfiles, c.build_args);
    EXPECT_EQ(links(s), c.links);
  }
}

TEST(StackTest, TheImagesOwnBuildArgsComeBeforeTheActions) {
  Stack s = stack_of({image("base", 2), image("nb", 5)});
  s.images[1].build_args = {"PREFIX=ghcr.io/acme"};
  const Dockerfiles files = {{"base", "FROM debian\n"}, {"nb", "ARG PREFIX\nFROM $PREFIX/base\n"}};
  Stack own = s;
  link_stack(own, files, {});
  EXPECT_EQ(links(own), "base<- nb<-base[ghcr.io/acme/base] ");
  Stack overridden = s;
  link_stack(overridden, files, {"PREFIX=ghcr.io/elsewhere"});
  EXPECT_EQ(links(overridden), "base<- nb<- ");
}

TEST(StackTest, DependsOnAddsALinkWithoutAKey) {
  Stack s = stack_of({image("base", 2), image("nb", 5, {"base"}), image("docs", 8, {"nb", "base"})});
  link_stack(s, {{"base", "FROM debian\n"}, {"nb", "FROM ghcr.io/acme/base\n"}, {"docs", "FROM debian\n"}}, {});
  EXPECT_EQ(links(s), "base<- nb<-base[ghcr.io/acme/base] docs<-nb[]base[] ");
}

TEST(StackTest, OrdersParentsFirstAndOtherwiseKeepsTheFileOrder) {
  // File order: ml (FROM nb), nb (FROM base), tools (alone), base, sibling (FROM base).
  Stack s = stack_of({image("ml", 2), image("nb", 5), image("tools", 8), image("base", 11),
                      image("sibling", 14)});
  link_stack(s,
             {{"ml", "FROM ghcr.io/acme/nb\n"},
              {"nb", "FROM ghcr.io/acme/base\n"},
              {"tools", "FROM debian\n"},
              {"base", "FROM debian\n"},
              {"sibling", "FROM ghcr.io/acme/base\n"}},
             {});
  EXPECT_EQ(names(s), (Lines{"tools", "base", "nb", "ml", "sibling"}));
  EXPECT_EQ(stack_levels(s), (std::vector<Lines>{{"tools", "base"}, {"nb", "sibling"}, {"ml"}}));
  // Linking again gives the same.
  link_stack(s,
             {{"ml", "FROM ghcr.io/acme/nb\n"},
              {"nb", "FROM ghcr.io/acme/base\n"},
              {"tools", "FROM debian\n"},
              {"base", "FROM debian\n"},
              {"sibling", "FROM ghcr.io/acme/base\n"}},
             {});
  EXPECT_EQ(names(s), (Lines{"tools", "base", "nb", "ml", "sibling"}));
  ASSERT_NE(find_stack_image(s, "ml"), nullptr);
  EXPECT_EQ(find_stack_image(s, "ml")->line, 2u);
  EXPECT_EQ(find_stack_image(s, "nope"), nullptr);
}

TEST(StackTest, LevelsTakeTheDeepestParent) {
  Stack s = stack_of({image("base", 2), image("nb", 5), image("ml", 8), image("mix", 11)});
  link_stack(s,
             {{"base", "FROM debian\n"},
              {"nb", "FROM ghcr.io/acme/base\n"},
              {"ml", "FROM ghcr.io/acme/nb\n"},
              {"mix", "FROM ghcr.io/acme/base\nFROM ghcr.io/acme/ml\n"}},
             {});
  EXPECT_EQ(stack_levels(s), (std::vector<Lines>{{"base"}, {"nb"}, {"ml"}, {"mix"}}));
  EXPECT_TRUE(stack_levels(stack_of({})).empty());
}

TEST(StackTest, ErrorsNameTheLineAtFault) {
  struct Case {
    std::string what;
    std::vector<StackImage> images;
    Dockerfiles dockerfiles;
    Lines want;  // substrings of the errors, in order
  };
  const Dockerfiles plain = {{"base", "FROM debian\n"}, {"nb", "FROM debian\n"}, {"ml", "FROM debian\n"}};
  StackImage twin = image("nb", 9);
  twin.image = "ghcr.io/acme/base";
  StackImage bad_name = image("nb", 5);
  bad_name.image = "ghcr.io/Acme//x";
  const Case cases[] = {
      {"a name twice", {image("base", 2), image("base", 6)}, plain,
       {".github/berth-stack.yml:6: image \"base\" is defined twice (first on line 2)"}},
      {"two names, one image", {image("base", 2), twin}, plain,
       {".github/berth-stack.yml:9: images \"base\" (line 2) and \"nb\" are both ghcr.io/acme/base"}},
      {"an invalid image name", {bad_name}, plain, {".github/berth-stack.yml:5: image \"nb\": "}},
      {"an unknown parent, with a suggestion", {image("base", 2), image("nb", 5, {"bsae"})}, plain,
       {".github/berth-stack.yml:5: image \"nb\" depends on \"bsae\", which is not an image of the "
        "stack (did you mean \"base\"?)"}},
      {"an unknown parent, nothing close", {image("base", 2), image("nb", 5, {"zzzzzz"})}, plain,
       {"depends on \"zzzzzz\", which is not an image of the stack\n"}},
      {"depends on itself", {image("base", 2, {"base"})}, plain,
       {".github/berth-stack.yml:2: image \"base\" depends on itself"}},
      {"FROM itself", {image("base", 2)}, {{"base", "ARG X\nFROM ghcr.io/acme/base:old\n"}},
       {"images/base/Dockerfile:2: FROM ghcr.io/acme/base:old names image \"base\" itself "
        "(ghcr.io/acme/base); an image cannot build FROM itself"}},
      {"no Dockerfile", {image("base", 2)}, {}, {".github/berth-stack.yml:2: image \"base\": no Dockerfile"}},
      {"a cycle of FROM lines", {image("base", 2), image("ml", 4), image("nb", 7)},
       {{"base", "FROM ghcr.io/acme/ml\n"}, {"ml", "FROM ghcr.io/acme/base\n"}, {"nb", "FROM debian\n"}},
       {".github/berth-stack.yml:2: the images' parents form a cycle: base → ml → base (each builds "
        "FROM the next)"}},
      {"a cycle behind a chain, through depends-on",
       {image("top", 2, {"a"}), image("a", 4, {"b"}), image("b", 6, {"c"}), image("c", 8, {"a"})},
       {{"top", "FROM debian\n"}, {"a", "FROM debian\n"}, {"b", "FROM debian\n"}, {"c", "FROM debian\n"}},
       {":4: the images' parents form a cycle: a → b → c → a "}},
      {"several at once", {image("base", 2, {"base"}), image("nb", 5, {"nope"})}, plain,
       {"depends on itself", "depends on \"nope\""}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const std::string got = link_errors(stack_of(c.images), c.dockerfiles);
    ASSERT_FALSE(got.empty());
    std::size_t at = 0;
    for (const std::string& want : c.want) {
      const std::size_t found = got.find(want, at);
      EXPECT_NE(found, std::string::npos) << "want: " << want << "\ngot: " << got;
      at = found == std::string::npos ? at : found;
    }
  }
}

TEST(StackTest, StackMessageNamesFileAndLine) {
  EXPECT_EQ(stack_message("s.yml", 3, "bad"), "s.yml:3: bad");
  EXPECT_EQ(stack_message("s.yml", 0, "bad"), "s.yml: bad");
  EXPECT_EQ(stack_message("", 0, "bad"), "stack file: bad");
}

TEST(SuggestTest, SuggestsOnlyCloseNames) {
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("context", "context"), 0u);
  EXPECT_EQ(edit_distance("bsae", "base"), 1u);
  EXPECT_EQ(edit_distance("ab", "ba"), 1u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  const Lines keys = {"context", "dockerfile", "image", "build-args", "depends-on"};
  EXPECT_EQ(closest_match("contxt", keys), "context");
  EXPECT_EQ(closest_match("Dockerfile", keys), "dockerfile");
  EXPECT_EQ(closest_match("build_args", keys), "build-args");
  EXPECT_EQ(closest_match("platform", keys), "");
  EXPECT_EQ(closest_match("x", keys), "");
  EXPECT_EQ(did_you_mean("imag", keys), " (did you mean \"image\"?)");
  EXPECT_EQ(did_you_mean("zzz", keys), "");
}

TEST(StackTest, DefaultPrefixIsRegistryAndOwnerInLowerCase) {
  EXPECT_EQ(default_stack_prefix("ghcr.io", "Acme", "Acme/app"), "ghcr.io/acme");
  EXPECT_EQ(default_stack_prefix("localhost:5000", "", "Team/app"), "localhost:5000/team");
}

}  // namespace
}  // namespace berth::core
