// SPDX-License-Identifier: MIT
#include "core/plan.hpp"

#include <gtest/gtest.h>

#include "core/build_plan.hpp"
#include "core/error.hpp"
#include "core/promote_plan.hpp"

namespace berth::core {
namespace {

TEST(PlanTest, TellsPinnedTagsFromMovingOnes) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"1.2.3", false},          {"v1.2.3", false},        {"1.3.0-rc.1", false},
      {"sha-a1239a5", false},    {"2023.2-a1239a5", false}, {std::string(40, 'a'), false},
      {"latest", true},          {"1", true},              {"1.2", true},
      {"main", true},            {"nightly", true},        {"pr-12", true},
      {"2023.2-stable", true},   {"sha-xyz1234", true},    {"2023.02-a1239a5", true},
      {"2023.2-A1239A5", true},  {"sha-a12", true},        {"20230.2-a1239a5", true},
  };
  for (const auto& [tag, moving] : cases) {
    EXPECT_EQ(is_moving_tag(tag), moving) << tag;
  }
}

TEST(PlanTest, PushesThenPinnedTagsThenMovingOnesEachGroupInOrder) {
  const auto step = [](StepKind kind, const std::string& tag, bool moving) {
    Step s;
    s.kind = kind;
    s.target.tag = tag;
    s.moving = moving;
    return s;
  };
  std::vector<Step> steps = {step(StepKind::k_login, "", false),
                             step(StepKind::k_tag, "latest", true),
                             step(StepKind::k_tag, "sha-a1239a5", false),
                             step(StepKind::k_build, "", false),
                             step(StepKind::k_push, "1.2.3", false),
                             step(StepKind::k_tag, "1.2", true),
                             step(StepKind::k_tag, "2023.2-a1239a5", false)};
  order_writes(steps);
  std::vector<std::string> order;
  for (const Step& s : steps) {
    order.push_back(std::string(step_kind_name(s.kind)) + " " + s.target.tag);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"login ", "build ", "push 1.2.3", "tag sha-a1239a5",
                                             "tag 2023.2-a1239a5", "tag latest", "tag 1.2"}));
}

TEST(PlanTest, ShowsThePrivateDirectoryAndTheRunIdAsPlaceholders) {
  Plan plan;
  plan.private_dir = "/tmp/berth-Ab12Cd";
  plan.temp_tag = "berth-bare:0123456789abcdef";
  EXPECT_EQ(shown_argv(plan, {"docker", "--config", "/tmp/berth-Ab12Cd/docker", "build", "--tag",
                              "berth-bare:0123456789abcdef", "/tmp/berth-Ab12Cd-not-mine"}),
            (std::vector<std::string>{"docker", "--config", "$BERTH_PRIVATE_DIR/docker", "build",
                                      "--tag", "berth-bare:$BERTH_RUN_ID",
                                      "/tmp/berth-Ab12Cd-not-mine"}));
}

TEST(PlanTest, PushesTheFirstPinnedTag) {
  EXPECT_EQ(pushed_tag({"main", "sha-a1239a5", "latest"}), "sha-a1239a5");
  EXPECT_EQ(pushed_tag({"1.2.3", "1.2", "1", "latest"}), "1.2.3");
  EXPECT_EQ(pushed_tag({"nightly", "latest"}), "nightly");
}

TEST(PlanTest, APromotionToItsOwnSourceIsAnInputError) {
  const ImageName image{"ghcr.io", "team/app", "ghcr.io/team/app"};
  try {
    plan_promotion({image}, "2023.2-a1239a5", {"prod", "2023.2-a1239a5"}, false);
    FAIL() << "planned a promotion onto its source";
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "promote-to");
  }
}

}  // namespace
}  // namespace berth::core

namespace berth::core {
namespace {

TEST(PlanRules, PlatformTagsMoveWithTheirBase) {
  EXPECT_FALSE(is_moving_tag("sha-abc1234-linux-arm64"));
  EXPECT_FALSE(is_moving_tag("1.2.3-linux-arm64-v8"));
  EXPECT_FALSE(is_moving_tag("2023.2-a1239a5-linux-amd64"));
  EXPECT_TRUE(is_moving_tag("latest-linux-amd64"));
  EXPECT_TRUE(is_moving_tag("1.2-linux-amd64"));
}

}  // namespace
}  // namespace berth::core
