// SPDX-License-Identifier: MIT
// A stack over a matrix: the matrix outputs by level, a matrix job's plan
// (one image, parents from the registry, only its build tag written) and the
// final job's plan (re-tags, then moving tags, or nothing at all).
#include "core/stack_matrix.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

using Lines = std::vector<std::string>;
const std::string k_prefix = "127.0.0.1:6200/acme/";

StackImage image(const std::string& name, std::vector<StackParent> parents,
                 std::vector<StackTest> tests = {}) {
  StackImage i;
  i.name = name;
  i.image = k_prefix + name;
  i.context = "images/" + name;
  i.dockerfile = "images/" + name + "/Dockerfile";
  i.parents = std::move(parents);
  i.tests = std::move(tests);
  return i;
}

// base; notebook FROM base; batch FROM base; ml FROM notebook. Build order.
Stack sample() {
  Stack s;
  s.path = ".github/berth-stack.yml";
  s.images.push_back(image("base", {}, {{"release", "test -f /r", 3}}));
  s.images.push_back(
      image("notebook", {{"base", k_prefix + "base"}}, {{"nb", "notebook", 7}}));
  s.images.push_back(image("batch", {{"base", k_prefix + "base"}}));
  s.images.push_back(
      image("ml", {{"notebook", k_prefix + "notebook"}}, {{"model", "test -s m", 9}}));
  s.common_tests = {{"not-root", "test \"$(id -u)\" != 0", 20}};
  return s;
}

std::vector<StackDecision> decide(const Lines& built) {
  std::vector<StackDecision> out;
  for (const char* name : {"base", "notebook", "batch", "ml"}) {
    const bool b = std::find(built.begin(), built.end(), name) != built.end();
    out.push_back({name, b ? StackAction::k_build : StackAction::k_retag,
                   b ? "changed" : "unchanged"});
  }
  return out;
}

StackTags tags() { return {"2026.4-bbbbbbb", "2026.4-aaaaaaa", {"latest", "main"}}; }

Lines shown(const Plan& plan) {
  Lines out;
  for (const Step& step : plan.steps) {
    std::string line = std::string(step_kind_name(step.kind)) + ":";
    if (step.kind == StepKind::k_tag) {
      line += " " + step.target.str() + " <- " + step.source.str();
    } else {
      line += " " + join(shown_argv(plan, step.argv), " ");
    }
    out.push_back(line);
  }
  return out;
}

TEST(StackMatrixTest, EveryImageBuildsGroupedByLevel) {
  const StackMatrix m =
      stack_matrix(sample(), decide({"base", "notebook", "batch", "ml"}));
  EXPECT_EQ(m.all,
            "{\"include\":[{\"image\":\"base\",\"level\":0},{\"image\":\"notebook\","
            "\"level\":1},"
            "{\"image\":\"batch\",\"level\":1},{\"image\":\"ml\",\"level\":2}]}");
  ASSERT_EQ(m.levels.size(), 3U);
  EXPECT_EQ(m.levels[1],
            "{\"include\":[{\"image\":\"notebook\",\"level\":1},{\"image\":\"batch\","
            "\"level\":1}]}");
  EXPECT_EQ(level_builds_json(m), "[1,2,1]");
  EXPECT_EQ(level_matrices_json(m),
            "[" + m.levels[0] + "," + m.levels[1] + "," + m.levels[2] + "]");
}

TEST(StackMatrixTest, ALevelWithNothingToBuildHoldsAPlaceholderNoImageHas) {
  const StackMatrix m = stack_matrix(sample(), decide({"notebook", "ml"}));
  EXPECT_EQ(level_builds_json(m), "[0,1,1]");
  EXPECT_EQ(m.levels[0], "{\"include\":[{\"image\":\"(none)\",\"level\":0}]}");
  EXPECT_EQ(m.all,
            "{\"include\":[{\"image\":\"notebook\",\"level\":1},{\"image\":\"ml\","
            "\"level\":2}]}");
  EXPECT_EQ(find_stack_image(sample(), k_no_matrix_image), nullptr);
  const StackMatrix none = stack_matrix(sample(), decide({}));
  EXPECT_EQ(level_builds_json(none), "[0,0,0]");
  EXPECT_EQ(none.all, "{\"include\":[{\"image\":\"(none)\",\"level\":0}]}");
}

TEST(StackMatrixTest, ParentsComeFromTheirBuildTagOrTheirLastBuild) {
  const Stack s = sample();
  const auto parents = matrix_parents(s, s.images[3], decide({"notebook", "ml"}), tags());
  ASSERT_EQ(parents.size(), 1U);
  EXPECT_TRUE(parents[0].built);
  EXPECT_EQ(parents[0].ref.str(), k_prefix + "notebook:2026.4-bbbbbbb");
  const auto unchanged = matrix_parents(s, s.images[2], decide({"batch"}), tags());
  ASSERT_EQ(unchanged.size(), 1U);
  EXPECT_FALSE(unchanged[0].built);
  EXPECT_EQ(unchanged[0].ref.str(), k_prefix + "base:2026.4-aaaaaaa");
  StackTags first = tags();
  first.base_tag.clear();
  try {
    matrix_parents(s, s.images[2], decide({"batch"}), first);
    FAIL() << "an unchanged parent without an earlier build";
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "stack-image");
    EXPECT_NE(std::string(e.what()).find("parent base"), std::string::npos) << e.what();
  }
}

TEST(StackMatrixTest, AMatrixJobBuildsTestsAndPushesItsBuildTagOnly) {
  const Stack s = sample();
  const auto decisions = decide({"base", "notebook", "batch", "ml"});
  StackRun run;
  run.tags = tags();
  const StackRun job =
      matrix_job_run(run, "ml", matrix_parents(s, s.images[3], decisions, run.tags));
  BuildFacts facts;
  facts.caps.buildx = true;
  facts.caps.builder = {"default", "docker", {"linux/amd64"}};
  facts.private_dir = k_private_dir_placeholder;
  const Plan plan = plan_stack(s, decisions, job, Inputs{}, facts);
  const Lines lines = shown(plan);
  // build, four tests, the package lists, the push, the package manifest's store
  ASSERT_EQ(lines.size(), 8U) << join(lines, "\n");
  EXPECT_NE(lines[0].find("--build-context " + k_prefix + "notebook=docker-image://" +
                          k_prefix + "notebook:2026.4-bbbbbbb"),
            std::string::npos)
      << lines[0];
  EXPECT_NE(lines[0].find("--tag " + k_prefix + "ml:2026.4-bbbbbbb"), std::string::npos)
      << lines[0];
  EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                          [](const std::string& l) { return starts_with(l, "test:"); }),
            4)
      << "common, base's, notebook's, own";
  EXPECT_TRUE(starts_with(lines[5], "packages:")) << lines[5];
  EXPECT_EQ(lines[6], "push: docker push " + k_prefix + "ml:2026.4-bbbbbbb");
  EXPECT_EQ(plan.steps.back().kind, StepKind::k_packages_store);
  EXPECT_EQ(plan.tag_names, Lines{"2026.4-bbbbbbb"});
  for (const Step& step : plan.steps) {
    EXPECT_NE(step.kind, StepKind::k_tag) << "no re-tag, no moving tag";
    EXPECT_TRUE(step.stack_image == "ml");
  }
}

TEST(StackMatrixTest, TheFinalJobRetagsTheUnchangedThenMovesEveryImage) {
  const Plan plan = plan_stack_finish(sample(), decide({"notebook", "ml"}), tags(),
                                      {"notebook", "ml"}, false);
  const Lines lines = shown(plan);
  ASSERT_EQ(lines.size(), 10U) << join(lines, "\n");
  EXPECT_EQ(lines[0], "tag: " + k_prefix + "base:2026.4-bbbbbbb <- " + k_prefix +
                          "base:2026.4-aaaaaaa");
  EXPECT_EQ(lines[1], "tag: " + k_prefix + "batch:2026.4-bbbbbbb <- " + k_prefix +
                          "batch:2026.4-aaaaaaa");
  EXPECT_EQ(lines[2],
            "tag: " + k_prefix + "base:latest <- " + k_prefix + "base:2026.4-bbbbbbb");
  EXPECT_EQ(lines.back(),
            "tag: " + k_prefix + "ml:main <- " + k_prefix + "ml:2026.4-bbbbbbb");
  for (std::size_t i = 2; i < plan.steps.size(); ++i) {
    EXPECT_TRUE(plan.steps[i].moving) << lines[i];
  }
}

TEST(StackMatrixTest, AnUnchangedImageAlreadyCarryingTheBuildTagIsKept) {
  const Plan plan = plan_stack_finish(sample(), decide({"notebook", "ml"}), tags(),
                                      {"base", "notebook", "ml"}, true);
  const Lines lines = shown(plan);
  ASSERT_EQ(lines.size(), 9U) << join(lines, "\n");
  EXPECT_EQ(lines[0], "tag: " + k_prefix + "batch:2026.4-bbbbbbb <- " + k_prefix +
                          "batch:2026.4-aaaaaaa");
  EXPECT_TRUE(plan.dry_run);
}

TEST(StackMatrixTest, TheFinalJobMovesNothingWhenABuiltImageLacksItsBuildTag) {
  try {
    plan_stack_finish(sample(), decide({"base", "notebook", "batch", "ml"}), tags(),
                      {"base", "batch"}, false);
    FAIL() << "finished a stack whose matrix jobs failed";
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "stack-finish");
    EXPECT_NE(std::string(e.what()).find(
                  "notebook, ml lack the run's build tag 2026.4-bbbbbbb"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace berth::core
