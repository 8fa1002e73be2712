// SPDX-License-Identifier: MIT
// plan_stack over a hand-made four-image stack (base → child → grandchild,
// and a sibling of child): every step and its argv, as a dry run shows them.
#include "core/stack_plan.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

using Lines = std::vector<std::string>;

StackImage image(const std::string& name, std::vector<StackParent> parents,
                 std::vector<StackTest> tests) {
  StackImage i;
  i.name = name;
  i.image = "127.0.0.1:6200/acme/" + name;
  i.context = "images/" + name;
  i.dockerfile = "images/" + name + "/Dockerfile";
  i.parents = std::move(parents);
  i.tests = std::move(tests);
  return i;
}

// base; child FROM base; grandchild FROM child; sibling FROM base. Build order.
Stack sample() {
  Stack s;
  s.path = ".github/berth-stack.yml";
  s.images.push_back(image("base", {}, {{"python", "python3 --version", 5}}));
  s.images.back().build_args = {"PY=3.11"};
  s.images.push_back(image("child", {{"base", "127.0.0.1:6200/acme/base"}}, {{"pip", "pip --version", 9}}));
  s.images.push_back(image("sibling", {{"base", "127.0.0.1:6200/acme/base"}}, {}));
  s.images.push_back(
      image("grandchild", {{"child", "127.0.0.1:6200/acme/child"}}, {{"ok", "true", 14}}));
  s.common_tests = {{"not-root", "test \"$(id -u)\" != 0", 20}};
  return s;
}

std::vector<StackDecision> decide(const std::vector<std::string>& built) {
  std::vector<StackDecision> out;
  for (const char* name : {"base", "child", "sibling", "grandchild"}) {
    const bool b = std::find(built.begin(), built.end(), name) != built.end();
    out.push_back({name, b ? StackAction::k_build : StackAction::k_retag, b ? "changed" : "unchanged"});
  }
  return out;
}

BuildFacts facts(const std::string& driver = "docker", bool buildx = true) {
  BuildFacts f;
  f.caps.buildx = buildx;
  f.caps.builder = {"default", driver, {"linux/amd64"}};
  f.private_dir = k_private_dir_placeholder;
  f.run_id = k_run_id_placeholder;
  return f;
}

StackRun run_of(bool push = true) {
  StackRun r;
  r.tags = {"2026.4-bbbbbbb", "2026.4-aaaaaaa", {"latest", "main"}};
  r.push = push;
  return r;
}

Inputs inputs() {
  Inputs in;
  in.build_args = {"DEBIAN_IMAGE=127.0.0.1:6200/debian:12"};
  return in;
}

Lines shown(const Plan& plan) {
  Lines out;
  for (const Step& step : plan.steps) {
    std::string line = std::string(step_kind_name(step.kind)) + ":";
    if (step.kind == StepKind::k_tag || step.kind == StepKind::k_packages) {
      line += " " + step.target.str() + " <- " + step.source.str();
    } else if (step.kind == StepKind::k_packages_store) {
      line += " " + step.target.str();
    } else if (!step.argv.empty()) {
      line += " " + join(shown_argv(plan, step.argv), " ");
    }
    out.push_back(line);
  }
  return out;
}

TEST(StackPlanTest, AChangedChildRebuildsItsLineAndRetagsTheRest) {
  const Plan plan = plan_stack(sample(), decide({"child", "grandchild"}), run_of(), inputs(), facts());
  const std::string r = "127.0.0.1:6200/acme/";
  const std::string t = ":2026.4-bbbbbbb";
  const Lines expected = {
      // child's parent did not build: it comes FROM base's last build, the
      // one base is re-tagged from, whatever its FROM tag points at now
      "build: docker buildx build --progress=plain --file images/child/Dockerfile "
      "--build-arg DEBIAN_IMAGE=127.0.0.1:6200/debian:12 --tag " + r + "child" + t +
          " --load --build-context " + r + "base=docker-image://" + r + "base:2026.4-aaaaaaa" +
          " --provenance=false images/child",
      // grandchild's parent built in this run: the named context is that build
      "build: docker buildx build --progress=plain --file images/grandchild/Dockerfile "
      "--build-arg DEBIAN_IMAGE=127.0.0.1:6200/debian:12 --tag " + r + "grandchild" + t +
          " --load --build-context " + r + "child=docker-image://" + r + "child" + t +
          " --provenance=false images/grandchild",
      "test: docker run --rm --pull never --entrypoint sh " + r + "child" + t +
          " -c test \"$(id -u)\" != 0",
      "test: docker run --rm --pull never --entrypoint sh " + r + "child" + t +
          " -c python3 --version",
      "test: docker run --rm --pull never --entrypoint sh " + r + "child" + t + " -c pip --version",
      "test: docker run --rm --pull never --entrypoint sh " + r + "grandchild" + t +
          " -c test \"$(id -u)\" != 0",
      "test: docker run --rm --pull never --entrypoint sh " + r + "grandchild" + t +
          " -c python3 --version",
      "test: docker run --rm --pull never --entrypoint sh " + r + "grandchild" + t +
          " -c pip --version",
      "test: docker run --rm --pull never --entrypoint sh " + r + "grandchild" + t + " -c true",
      // the package manifests, after every test, compared with the last build's
      "packages: " + r + "child" + t + " <- " + r + "child:2026.4-aaaaaaa",
      "packages: " + r + "grandchild" + t + " <- " + r + "grandchild:2026.4-aaaaaaa",
      "push: docker push " + r + "child" + t,
      "push: docker push " + r + "grandchild" + t,
      "tag: " + r + "base" + t + " <- " + r + "base:2026.4-aaaaaaa",
      // stored next to each pushed build tag, before any moving tag
      "packages-store: " + r + "child" + t,
      "tag: " + r + "sibling" + t + " <- " + r + "sibling:2026.4-aaaaaaa",
      "packages-store: " + r + "grandchild" + t,
      "tag: " + r + "base:latest <- " + r + "base" + t,
      "tag: " + r + "base:main <- " + r + "base" + t,
      "tag: " + r + "child:latest <- " + r + "child" + t,
      "tag: " + r + "child:main <- " + r + "child" + t,
      "tag: " + r + "sibling:latest <- " + r + "sibling" + t,
      "tag: " + r + "sibling:main <- " + r + "sibling" + t,
      "tag: " + r + "grandchild:latest <- " + r + "grandchild" + t,
      "tag: " + r + "grandchild:main <- " + r + "grandchild" + t,
  };
  EXPECT_EQ(shown(plan), expected);
  // Test steps say whose tests they are.
  EXPECT_EQ(plan.steps[5].stack_image, "grandchild");
  EXPECT_EQ(plan.steps[5].test_name, "not-root");
  EXPECT_EQ(plan.steps[5].test_origin, "common");
  EXPECT_EQ(plan.steps[6].test_origin, "base");
  EXPECT_EQ(plan.steps[7].test_origin, "child");
  EXPECT_EQ(plan.steps[8].test_origin, "own");
  for (const Step& s : plan.steps) {
    if (s.kind == StepKind::k_tag) {
      EXPECT_EQ(s.moving, s.target.tag == "latest" || s.target.tag == "main") << s.target.str();
    }
  }
  EXPECT_EQ(plan.tag_names, (Lines{"2026.4-bbbbbbb", "latest", "main"}));
}

TEST(StackPlanTest, AFirstRunBuildsEveryImageInOrderWithItsOwnBuildArgsFirst) {
  const Plan plan = plan_stack(sample(), decide({"base", "child", "sibling", "grandchild"}),
                               run_of(), inputs(), facts());
  Lines builds;
  for (const Step& s : plan.steps) {
    if (s.kind == StepKind::k_build) {
      builds.push_back(s.stack_image);
    }
    EXPECT_FALSE(s.kind == StepKind::k_tag && !s.moving)
        << "a first run re-tags nothing: " << s.target.str();
  }
  EXPECT_EQ(builds, (Lines{"base", "child", "sibling", "grandchild"}));
  const std::string base = join(plan.steps[0].argv, " ");
  EXPECT_NE(base.find("--build-arg PY=3.11 --build-arg DEBIAN_IMAGE="), std::string::npos) << base;
  // sibling and child both come FROM the base just built
  for (std::size_t i : {1u, 2u}) {
    const std::string argv = join(plan.steps[i].argv, " ");
    EXPECT_NE(argv.find("--build-context 127.0.0.1:6200/acme/base=docker-image://"
                        "127.0.0.1:6200/acme/base:2026.4-bbbbbbb"),
              std::string::npos)
        << argv;
  }
}

TEST(StackPlanTest, WithoutPushOnlyBuildsAndTests) {
  const Plan plan = plan_stack(sample(), decide({"base"}), run_of(false), inputs(), facts());
  for (const Step& s : plan.steps) {
    EXPECT_TRUE(s.kind == StepKind::k_build || s.kind == StepKind::k_test ||
                s.kind == StepKind::k_packages)
        << step_kind_name(s.kind);
  }
  EXPECT_EQ(plan.steps.size(), 1u + 2u + 1u);  // base: not-root, python; its packages
}

TEST(StackPlanTest, LoginsComeFirstAndPushesUseThePrivateConfig) {
  BuildFacts f = facts();
  f.logins = {{"127.0.0.1:6200", "u", "password"}};
  const Plan plan = plan_stack(sample(), decide({"sibling"}), run_of(), inputs(), f);
  ASSERT_EQ(plan.steps[0].kind, StepKind::k_login);
  EXPECT_EQ(plan.steps[0].secret_input, "password");
  const auto push = std::find_if(plan.steps.begin(), plan.steps.end(),
                                 [](const Step& s) { return s.kind == StepKind::k_push; });
  ASSERT_NE(push, plan.steps.end());
  EXPECT_EQ(join(shown_argv(plan, push->argv), " "),
            "docker --config $BERTH_PRIVATE_DIR/docker push 127.0.0.1:6200/acme/sibling:2026.4-bbbbbbb");
}

void expect_stack_error(const std::function<void()>& f, const std::string& needle) {
  try {
    f();
    FAIL() << "no error";
  } catch (const Errors& errors) {
    std::string all;
    for (const Error& e : errors.all()) {
      all += e.what() + std::string("\n");
      EXPECT_EQ(e.input(), "stack") << e.what();
    }
    EXPECT_NE(all.find(needle), std::string::npos) << all;
  }
}

TEST(StackPlanTest, RefusesTheClassicBuilderAndOtherDrivers) {
  expect_stack_error(
      [] { plan_stack(sample(), decide({"base"}), run_of(), inputs(), facts("docker", false)); },
      "needs docker buildx (BuildKit)");
  expect_stack_error(
      [] { plan_stack(sample(), decide({"base"}), run_of(), inputs(), facts("docker-container")); },
      "docker-container driver");
}

TEST(StackPlanTest, SeveralPlatformsNeedTheContainerdStore) {
  Stack s = sample();
  s.images[1].platforms = {"linux/amd64", "linux/arm64"};
  expect_stack_error([&] { plan_stack(s, decide({"child"}), run_of(), inputs(), facts()); },
                     "child asks for 2 platforms");
  BuildFacts containerd = facts();
  containerd.caps.store = ImageStore::k_containerd;
  const Plan plan = plan_stack(s, decide({"child"}), run_of(), inputs(), containerd);
  EXPECT_NE(join(plan.steps[0].argv, " ").find("--platform linux/amd64,linux/arm64"),
            std::string::npos);
  // a re-tagged image builds nothing: its platforms do not matter
  EXPECT_NO_THROW(plan_stack(s, decide({"base"}), run_of(), inputs(), facts()));
}

TEST(StackPlanTest, ARetagNeedsAnEarlierBuildAndEveryImageADecision) {
  StackRun r = run_of();
  r.tags.base_tag.clear();
  expect_stack_error([&] { plan_stack(sample(), decide({"base"}), r, inputs(), facts()); },
                     "child is to be re-tagged, but no earlier build");
  std::vector<StackDecision> d = decide({"base"});
  d.pop_back();
  expect_stack_error([&] { plan_stack(sample(), d, run_of(), inputs(), facts()); },
                     "no decision for the image grandchild");
}

TEST(StackPlanTest, AncestorsAreTransitiveAndInBuildOrder) {
  const Stack s = sample();
  EXPECT_EQ(ancestors_of(s, s.images[3]), (Lines{"base", "child"}));
  EXPECT_TRUE(ancestors_of(s, s.images[0]).empty());
}

}  // namespace
}  // namespace berth::core

namespace berth::core {
namespace {

TEST(StackImageLabelsTest, EachImageIsTitledByItsNameAndVersionedByTheBuildTag) {
  const Labels run = {{"org.opencontainers.image.revision", "abc"},
                      {"org.opencontainers.image.title", "repo"},
                      {"org.opencontainers.image.version", "main"}};
  StackImage image;
  image.name = "notebook";
  Inputs in;
  EXPECT_EQ(stack_image_labels(run, in, image, "2026.4-abc1234"),
            (Labels{{"org.opencontainers.image.revision", "abc"},
                    {"org.opencontainers.image.title", "notebook"},
                    {"org.opencontainers.image.version", "2026.4-abc1234"}}));
  // The labels input's own title stands.
  in.labels = {{"org.opencontainers.image.title=Acme stack", 1}};
  const Labels own = {{"org.opencontainers.image.title", "Acme stack"},
                      {"org.opencontainers.image.version", "main"}};
  EXPECT_EQ(stack_image_labels(own, in, image, "2026.4-abc1234"),
            (Labels{{"org.opencontainers.image.title", "Acme stack"},
                    {"org.opencontainers.image.version", "2026.4-abc1234"}}));
}

}  // namespace
}  // namespace berth::core
