// SPDX-License-Identifier: MIT
// The stack file: fields, defaults, lines, every error; the sample stack
// (examples/stack) read and linked from disk.
#include "io/stack_file.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/stack_changes.hpp"
#include "support/fake_services.hpp"

namespace berth::io {
namespace {

using Lines = std::vector<std::string>;
const std::string k_path = ".github/berth-stack.yml";

core::Stack parse(const std::string& text, const std::string& prefix = "ghcr.io/acme") {
  return parse_stack_file(text, k_path, prefix);
}

// Returns every error parse_stack_file reports, a line each, or "".
std::string errors_of(const std::string& text, const std::string& prefix = "ghcr.io/acme") {
  try {
    parse(text, prefix);
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

TEST(StackFileTest, ReadsEveryField) {
  const core::Stack s = parse(R"yaml(# a comment
prefix: registry.example.com:5000/Team/
images:
  base:
    context: ./images/base/
    dockerfile: docker/base.Dockerfile
    build-args: {PY: "3.11", EMPTY: }
    platforms: [linux/amd64, linux/arm64]
    tests:
      - name: python
        run: python3 --version
      - test -d /etc
  notebook:
    image: nb
    build-args:
      - A=1
      - B=x=y
    depends-on: base
    platforms: linux/amd64,linux/arm64/v8
  Other:
    image: ghcr.io/elsewhere/other
    depends-on: [base, notebook]
    context: .
tests:
  - name: not-root
    run: |
      test "$(id -u)" != 0
rebuild-all: [ci/**, Makefile]
)yaml");
  EXPECT_EQ(s.path, k_path);
  ASSERT_EQ(s.images.size(), 3u);
  const core::StackImage& base = s.images[0];
  EXPECT_EQ(base.name, "base");
  EXPECT_EQ(base.line, 4u);
  EXPECT_EQ(base.image, "registry.example.com:5000/team/base");
  EXPECT_EQ(base.context, "images/base");
  EXPECT_EQ(base.dockerfile, "docker/base.Dockerfile");
  EXPECT_EQ(base.build_args, (Lines{"PY=3.11", "EMPTY="}));
  EXPECT_EQ(base.platforms, (Lines{"linux/amd64", "linux/arm64"}));
  ASSERT_EQ(base.tests.size(), 2u);
  EXPECT_EQ(base.tests[0].name, "python");
  EXPECT_EQ(base.tests[0].run, "python3 --version");
  EXPECT_EQ(base.tests[0].line, 10u);
  EXPECT_EQ(base.tests[1].name, "test -d /etc");  // a bare string: run, named by itself
  EXPECT_EQ(base.tests[1].run, "test -d /etc");
  EXPECT_EQ(base.tests[1].line, 12u);
  const core::StackImage& nb = s.images[1];
  EXPECT_EQ(nb.line, 13u);
  EXPECT_EQ(nb.image, "registry.example.com:5000/team/nb");
  EXPECT_EQ(nb.context, "notebook");
  EXPECT_EQ(nb.dockerfile, "notebook/Dockerfile");
  EXPECT_EQ(nb.build_args, (Lines{"A=1", "B=x=y"}));
  EXPECT_EQ(nb.depends_on, (Lines{"base"}));
  EXPECT_EQ(nb.platforms, (Lines{"linux/amd64", "linux/arm64/v8"}));
  const core::StackImage& other = s.images[2];
  EXPECT_EQ(other.name, "Other");
  EXPECT_EQ(other.image, "ghcr.io/elsewhere/other");
  EXPECT_EQ(other.context, ".");
  EXPECT_EQ(other.dockerfile, "Dockerfile");
  EXPECT_EQ(other.depends_on, (Lines{"base", "notebook"}));
  ASSERT_EQ(s.common_tests.size(), 1u);
  EXPECT_EQ(s.common_tests[0].name, "not-root");
  EXPECT_EQ(s.common_tests[0].run, "test \"$(id -u)\" != 0\n");
  EXPECT_EQ(s.common_tests[0].line, 25u);
  EXPECT_EQ(s.rebuild_all, (Lines{"ci/**", "Makefile"}));
}

TEST(StackFileTest, DefaultsComeFromTheNameAndTheDefaultPrefix) {
  const core::Stack s = parse("images:\n  base:\n  ml: {}\n", "ghcr.io/acme");
  ASSERT_EQ(s.images.size(), 2u);
  EXPECT_EQ(s.images[0].image, "ghcr.io/acme/base");
  EXPECT_EQ(s.images[0].context, "base");
  EXPECT_EQ(s.images[0].dockerfile, "base/Dockerfile");
  EXPECT_EQ(s.images[0].line, 2u);
  EXPECT_TRUE(s.images[0].tests.empty());
  EXPECT_TRUE(s.images[0].platforms.empty());
  EXPECT_EQ(s.images[1].image, "ghcr.io/acme/ml");
  EXPECT_EQ(s.images[1].line, 3u);
  EXPECT_TRUE(s.common_tests.empty());
  EXPECT_TRUE(s.rebuild_all.empty());
  // A long command names its test by its first line, cut.
  const core::Stack long_run =
      parse("images:\n  a:\n    tests:\n      - run: |\n          " + std::string(70, 'x') + "\n          y\n");
  EXPECT_EQ(long_run.images[0].tests[0].name, std::string(57, 'x') + "...");
  // A full image name needs no prefix.
  EXPECT_EQ(parse("images:\n  a: {image: ghcr.io/o/a}\n", "").images[0].image, "ghcr.io/o/a");
}

TEST(StackFileTest, ErrorsNameFileLineAndWhatIsWrong) {
  struct Case {
    std::string what;
    std::string text;
    Lines want;  // substrings, each of one error, in order
    std::string prefix = "ghcr.io/acme";
  };
  const Case cases[] = {
      {"not YAML", "images:\n  base: [\n", {".github/berth-stack.yml:3: not valid YAML: "}},
      {"empty file", "", {".github/berth-stack.yml:1: the stack file must be a mapping with `images`, not empty"}},
      {"a list", "- a\n", {":1: the stack file must be a mapping with `images`, not a list"}},
      {"no images", "tests: []\n", {":1: no `images`: the stack file names its images under `images:`"}},
      {"images empty", "\nimages: {}\n", {":2: `images` must be a mapping of image names to their settings, not empty"}},
      {"images a list", "images:\n  - base\n", {":1: `images` must be a mapping of image names to their settings, not a list"}},
      {"unknown top key", "imgaes: {}\nimages: {a: }\n",
       {":1: stack file: unknown key \"imgaes\" (did you mean \"images\"?) (known: prefix, images, tests, rebuild-all)"}},
      {"unknown image key", "images:\n  base:\n    contxt: x\n    volumes: []\n",
       {":3: image \"base\": unknown key \"contxt\" (did you mean \"context\"?)",
        ":4: image \"base\": unknown key \"volumes\" (known: context, dockerfile, image, build-args, platforms, depends-on, tests)"}},
      {"unknown test key", "images:\n  a:\n    tests:\n      - name: x\n        rnu: y\n",
       {":5: image \"a\" tests entry: unknown key \"rnu\" (did you mean \"run\"?)",
        ":4: image \"a\" tests: a test needs `run`, the command to run in the image"}},
      {"a key twice", "images:\n  a:\n    context: x\n    context: y\n",
       {":4: image \"a\": \"context\" is given twice (first on line 3)"}},
      {"an image twice", "images:\n  a:\n  b:\n  a:\n", {":4: images: \"a\" is given twice (first on line 2)"}},
      {"wrong types", "images:\n  a:\n    context: [x]\n    image: {a: b}\n    depends-on: {x: y}\n  b: 3\n",
       {":3: image \"a\" context must be a string, not a list",
        ":4: image \"a\" image must be a string, not a mapping",
        ":5: image \"a\" depends-on must be a list of strings, not a mapping",
        ":6: image \"b\" must be a mapping of its settings (or empty), not a string"}},
      {"tests not a list", "images:\n  a:\n    tests: {name: x}\n",
       {":3: image \"a\" tests must be a list of tests (- name: ..., run: ...), not a mapping"}},
      {"a test entry a list", "images: {a: }\ntests:\n  - [x]\n",
       {":3: tests entries must be mappings (name, run), not a list"}},
      {"common test without run", "images: {a: }\ntests:\n  - name: x\n  - run: ''\n",
       {":3: tests: a test needs `run`", ":4: tests: a test needs `run`"}},
      {"two tests, one name", "images: {a: }\ntests:\n  - {name: x, run: a}\n  - {name: x, run: b}\n",
       {":4: tests: two tests are named \"x\" (first on line 3)"}},
      {"a bad glob", "images: {a: }\nrebuild-all:\n  - ci/[ab]\n  - /abs\n",
       {":3: rebuild-all: \"ci/[ab]\" is not a path glob: '[' or ']' (character classes are not supported)",
        ":4: rebuild-all: \"/abs\" is not a path glob: a leading '/'"}},
      {"rebuild-all a mapping", "images: {a: }\nrebuild-all: {x: y}\n",
       {":2: rebuild-all must be a list of strings, not a mapping"}},
      {"build-args wrong", "images:\n  a:\n    build-args: [NOEQUALS, \"=x\", \"A B=1\"]\n  b:\n    build-args: x\n",
       {":3: image \"a\" build-args: \"NOEQUALS\" is not NAME=value",
        ":3: image \"a\" build-args: \"=x\" is not NAME=value",
        ":3: image \"a\" build-args: \"A B=1\" is not NAME=value",
        ":5: image \"b\" build-args must be a mapping (NAME: value) or a list of NAME=value, not a string"}},
      {"build-args value a list", "images:\n  a:\n    build-args:\n      X: [1]\n",
       {":4: image \"a\" build-args X must be a string, not a list"}},
      {"a bad platform", "images:\n  a:\n    platforms:\n      - linux/amd64\n      - windows\n",
       {":5: image \"a\" platforms: \"windows\" is not a platform"}},
      {"paths leaving the repository", "images:\n  a:\n    context: ../x\n    dockerfile: /etc/Dockerfile\n",
       {":3: image \"a\" context \"../x\" must be a path inside the repository",
        ":4: image \"a\" dockerfile \"/etc/Dockerfile\" must be a path inside the repository"}},
      {"an invalid image name", "images:\n  a:\n    image: ghcr.io/acme/Bad Name\n  b:\n    image: ghcr.io/x\n",
       {":3: image \"a\": ", ":5: image \"b\": "}},
      {"an invalid image key", "images:\n  my image:\n  -x:\n",
       {":2: image \"my image\": a name is letters", ":3: image \"-x\": a name is letters"}},
      {"no prefix", "images:\n  a:\n  b: {image: ghcr.io/o/b}\n",
       {":2: image \"a\": no prefix to name its image by; set `prefix` or a full `image`"}, ""},
      {"a bad prefix", "prefix: ghcr.io\nimages:\n  a:\n",
       {":1: prefix \"ghcr.io\" does not start image names: \"ghcr.io/x\" is not a valid image name: "
        "ghcr.io images are named ghcr.io/OWNER/NAME\n"}},
      {"a non-string key", "images:\n  [a]: x\n", {":2: images: a key must be a string"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const std::string got = errors_of(c.text, c.prefix);
    ASSERT_FALSE(got.empty());
    std::size_t at = 0;
    for (const std::string& want : c.want) {
      const std::size_t found = got.find(want, at);
      EXPECT_NE(found, std::string::npos) << "want: " << want << "\ngot: " << got;
      if (found != std::string::npos) {
        at = got.find('\n', found) + 1;  // the next want is in a later error
      }
    }
  }
}

TEST(StackFileTest, ABadPrefixIsReportedOnceNotPerImage) {
  EXPECT_EQ(errors_of("prefix: ghcr.io\nimages:\n  a:\n  b:\n"),
            ".github/berth-stack.yml:1: prefix \"ghcr.io\" does not start image names: \"ghcr.io/x\" is "
            "not a valid image name: ghcr.io images are named ghcr.io/OWNER/NAME\n");
}

// The sample stack in examples/stack, read from disk as a run reads it.
const std::string k_sample = std::string(BERTH_TESTDATA) + "/../examples/stack";

TEST(StackFileTest, TheSampleStackParsesAndLinks) {
  RealFiles files;
  const core::Stack s = load_stack(files, k_sample, k_default_stack_file, "ghcr.io/acme", {});
  ASSERT_EQ(s.images.size(), 4u);
  Lines names;
  std::string links;
  for (const core::StackImage& i : s.images) {
    names.push_back(i.name);
    EXPECT_FALSE(i.tests.empty()) << i.name;
    for (const core::StackParent& p : i.parents) {
      links += i.name + "<-" + p.name + "[" + p.from_ref + "] ";
    }
  }
  EXPECT_EQ(names, (Lines{"base", "notebook", "ml", "batch"}));
  EXPECT_EQ(links,
            "notebook<-base[ghcr.io/acme/base] ml<-notebook[ghcr.io/acme/notebook] "
            "batch<-base[ghcr.io/acme/base] ");
  EXPECT_EQ(core::stack_levels(s), (std::vector<Lines>{{"base"}, {"notebook", "batch"}, {"ml"}}));
  EXPECT_EQ(s.images[0].image, "ghcr.io/acme/base");
  EXPECT_EQ(s.images[0].dockerfile, "images/base/Dockerfile");
  EXPECT_EQ(s.common_tests.size(), 3u);
  for (const std::string& glob : s.rebuild_all) {
    EXPECT_EQ(core::glob_problem(glob), "") << glob;
  }

  // A run on a local registry: its prefix, passed to the children as a build arg.
  const core::Stack local = load_stack(files, k_sample, k_default_stack_file, "localhost:5000/acme",
                                       {"STACK_PREFIX=localhost:5000/acme", "DEBIAN_IMAGE=berth-base/debian:bookworm-slim"});
  ASSERT_EQ(local.images.size(), 4u);
  EXPECT_EQ(local.images[2].name, "ml");
  EXPECT_EQ(local.images[2].image, "localhost:5000/acme/ml");
  ASSERT_EQ(local.images[2].parents.size(), 1u);
  EXPECT_EQ(local.images[2].parents[0].from_ref, "localhost:5000/acme/notebook");
  // Without the build arg, the children name images outside this stack: no links.
  const core::Stack unlinked = load_stack(files, k_sample, k_default_stack_file, "localhost:5000/acme", {});
  for (const core::StackImage& i : unlinked.images) {
    EXPECT_TRUE(i.parents.empty()) << i.name;
  }

  // A child changed: it and its child build, the rest are re-tagged.
  core::ChangeSet changes;
  changes.base_tag = "2026.4-abc1234";
  changes.paths = {"images/notebook/notebook.sh"};
  const std::vector<core::StackDecision> d = core::decide_stack(s, changes);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0].action, core::StackAction::k_retag);
  EXPECT_EQ(d[1].reason, "changed: images/notebook/notebook.sh");
  EXPECT_EQ(d[2].reason, "parent notebook builds");
  EXPECT_EQ(d[3].action, core::StackAction::k_retag);
}

TEST(StackFileTest, LoadingChecksTheFilesItNames) {
  testing::FakeFiles files;
  EXPECT_THROW(
      {
        try {
          load_stack(files, "/repo", k_default_stack_file, "ghcr.io/acme", {});
        } catch (const Error& e) {
          EXPECT_EQ(std::string(e.what()),
                    "stack file .github/berth-stack.yml is not there (`stack` names a file in the repository)");
          EXPECT_EQ(e.input(), "stack");
          throw;
        }
      },
      Error);
  files.add_file("/repo/.github/berth-stack.yml", "images:\n  base:\n  ml:\n    context: images/ml\n");
  files.add_dir("/repo/base");
  files.add_file("/repo/base/Dockerfile", "FROM debian\n");
  try {
    load_stack(files, "/repo/", k_default_stack_file, "ghcr.io/acme", {});
    ADD_FAILURE() << "no error";
  } catch (const Errors& e) {
    ASSERT_EQ(e.all().size(), 2u);
    EXPECT_EQ(std::string(e.all()[0].what()),
              ".github/berth-stack.yml:3: image \"ml\": its context images/ml is not a directory");
    EXPECT_EQ(std::string(e.all()[1].what()),
              ".github/berth-stack.yml:3: image \"ml\": its Dockerfile images/ml/Dockerfile is not there");
  }
  files.add_dir("/repo/images/ml");
  files.add_file("/repo/images/ml/Dockerfile", "FROM ghcr.io/acme/base:latest\n");
  const core::Stack s = load_stack(files, "/repo", k_default_stack_file, "ghcr.io/acme", {});
  ASSERT_EQ(s.images.size(), 2u);
  ASSERT_EQ(s.images[1].parents.size(), 1u);
  EXPECT_EQ(s.images[1].parents[0].from_ref, "ghcr.io/acme/base");
}

}  // namespace
}  // namespace berth::io
