// SPDX-License-Identifier: MIT
// The package manifest steps of a stack plan: where they sit, what they
// compare with, and how a dry run shows them.
#include "core/stack_packages.hpp"

#include <gtest/gtest.h>

#include "core/packages.hpp"
#include "core/stack_plan.hpp"

namespace berth::core {
namespace {

using Lines = std::vector<std::string>;

TEST(StackPackagesTest, ThePreviousBuildIsTheLastBuildElseTheFirstMovingTag) {
  EXPECT_EQ(previous_package_tag("2026.4-aaaaaaa", "2026.4-bbbbbbb", {"latest"}), "2026.4-aaaaaaa");
  EXPECT_EQ(previous_package_tag("", "2026.4-bbbbbbb", {"latest", "main"}), "latest");
  EXPECT_EQ(previous_package_tag("", "2026.4-bbbbbbb", {"2026.4-bbbbbbb", "pr-7"}), "pr-7");
  EXPECT_EQ(previous_package_tag("", "2026.4-bbbbbbb", {}), "");
}

StackImage image(const std::string& name, std::vector<StackParent> parents) {
  StackImage i;
  i.name = name;
  i.image = "reg.example/acme/" + name;
  i.context = name;
  i.parents = std::move(parents);
  i.tests = {{"ok", "true", 1}};
  return i;
}

Plan plan(bool push, const std::string& base_tag, std::vector<std::string> moving,
          bool packages = true) {
  Stack stack;
  stack.images = {image("base", {}), image("child", {{"base", "reg.example/acme/base"}}),
                  image("other", {})};
  BuildFacts facts;
  facts.caps.buildx = true;
  facts.caps.builder = {"default", "docker", {}};
  facts.private_dir = k_private_dir_placeholder;
  StackRun run;
  run.tags = {"2026.4-bbbbbbb", base_tag, std::move(moving)};
  run.push = push;
  run.packages = packages;
  run.packages_dir = "/runner/tmp/berth-packages-2026.4-bbbbbbb";
  const std::vector<StackDecision> decisions = {{"base", StackAction::k_build, "changed"},
                                                {"child", StackAction::k_build, "parent"},
                                                {"other", StackAction::k_retag, "unchanged"}};
  return plan_stack(stack, decisions, run, Inputs{}, facts);
}

Lines kinds(const Plan& p) {
  Lines out;
  for (const Step& s : p.steps) {
    out.push_back(std::string(step_kind_name(s.kind)) +
                  (s.stack_image.empty() ? "" : " " + s.stack_image) +
                  (s.moving ? " moving" : ""));
  }
  return out;
}

TEST(StackPackagesTest, ListedAfterEveryTestAndStoredAfterEachPushBeforeAnyMovingTag) {
  const Plan p = plan(true, "2026.4-aaaaaaa", {"latest"});
  EXPECT_EQ(kinds(p), (Lines{"build base", "build child", "test base", "test child",
                             "test child", "packages base", "packages child", "push base",
                             "push child", "packages-store base", "packages-store child",
                             "tag other", "tag base moving", "tag child moving",
                             "tag other moving"}));
  const Step& listed = p.steps[5];
  EXPECT_EQ(listed.target.str(), "reg.example/acme/base:2026.4-bbbbbbb");
  EXPECT_EQ(listed.source.str(), "reg.example/acme/base:2026.4-aaaaaaa");
  EXPECT_EQ(listed.dir, "/runner/tmp/berth-packages-2026.4-bbbbbbb");
  EXPECT_EQ(listed.argv, package_collector_argv("docker", listed.target.str()));
  EXPECT_EQ(p.steps[9].target.str(), "reg.example/acme/base:2026.4-bbbbbbb");
}

TEST(StackPackagesTest, WithoutPushNothingIsStoredAndAFirstBuildComparesWithTheMovingTag) {
  const Plan p = plan(false, "", {"pr-7"});
  EXPECT_EQ(kinds(p), (Lines{"build base", "build child", "test base", "test child",
                             "test child", "packages base", "packages child"}));
  EXPECT_EQ(p.steps[6].source.str(), "reg.example/acme/child:pr-7");
  const Plan none = plan(false, "", {});
  EXPECT_TRUE(none.steps[6].source.name.written.empty());
  EXPECT_NE(describe(none, none.steps[6]).find("compared with nothing"), std::string::npos);
  EXPECT_EQ(kinds(plan(true, "2026.4-aaaaaaa", {}, false)),
            (Lines{"build base", "build child", "test base", "test child", "test child",
                   "push base", "push child", "tag other"}));
}

TEST(StackPackagesTest, ThePlanNamesTheCollectorInsteadOfPrintingIt) {
  const Plan p = plan(true, "2026.4-aaaaaaa", {"latest"});
  const std::string listed = describe(p, p.steps[5]);
  EXPECT_EQ(listed,
            "docker run --rm --pull=never --network=none --entrypoint sh "
            "reg.example/acme/base:2026.4-bbbbbbb -c '<the package collector: dpkg, pip, conda>'"
            "   (the packages of base, after its tests; compared with "
            "reg.example/acme/base:2026.4-aaaaaaa's stored manifest; files into "
            "/runner/tmp/berth-packages-2026.4-bbbbbbb)");
  EXPECT_EQ(describe(p, p.steps[9]).rfind("PUT reg.example/v2/acme/base/manifests/<digest>", 0), 0u)
      << describe(p, p.steps[9]);
}

}  // namespace
}  // namespace berth::core
