// SPDX-License-Identifier: MIT
#include "core/merge_plan.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace berth::core {
namespace {

Metadata metadata(const std::string& main, std::vector<std::string> partials, bool latest,
                  std::vector<std::string> images = {"registry.test/alice/bot"}) {
  Metadata m;
  for (const std::string& text : images) {
    m.images.push_back(parse_image_name(text, "images"));
  }
  m.tag_set.main = main;
  m.tag_set.partials = std::move(partials);
  m.tag_set.latest = latest;
  m.push = true;
  return m;
}

Inputs inputs(std::vector<std::string> platforms) {
  Inputs in;
  in.platforms = std::move(platforms);
  in.split = SplitMode::k_merge;
  return in;
}

// "index TARGET <- PART, PART" or "tag TARGET <- SOURCE (moving)", one a step.
std::vector<std::string> shape(const Plan& plan) {
  std::vector<std::string> out;
  for (const Step& step : plan.steps) {
    std::string line = std::string(step_kind_name(step.kind)) + " " + step.target.str() + " <-";
    if (step.kind == StepKind::k_index) {
      for (std::size_t i = 0; i < step.parts.size(); ++i) {
        line += " " + step.parts[i].tag + "=" + step.part_platforms.at(i);
      }
    } else {
      line += " " + step.source.tag;
    }
    out.push_back(line + (step.moving ? " (moving)" : ""));
  }
  return out;
}

TEST(SplitTags, OnePlatformTagEach) {
  EXPECT_EQ(split_tags("1.2.3", {"linux/amd64", "linux/arm64/v8"}),
            (std::vector<std::string>{"1.2.3-linux-amd64", "1.2.3-linux-arm64-v8"}));
  EXPECT_EQ(split_tags("sha-a1239a5", {"linux/arm64"}),
            (std::vector<std::string>{"sha-a1239a5-linux-arm64"}));
  EXPECT_TRUE(split_tags("1.2.3", {}).empty());
  try {
    split_tags("1.2.3", {"linux"});
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "platforms");
  }
}

TEST(MergePlan, IndexUnderTheFirstPinnedTagThenCopies) {
  const Plan plan = plan_merge(inputs({"linux/amd64", "linux/arm64"}),
                               metadata("1.2.3", {"1.2", "1", "sha-a1239a5"}, true), {});
  EXPECT_EQ(shape(plan),
            (std::vector<std::string>{
                "index registry.test/alice/bot:1.2.3 <- 1.2.3-linux-amd64=linux/amd64 "
                "1.2.3-linux-arm64=linux/arm64",
                "tag registry.test/alice/bot:sha-a1239a5 <- 1.2.3",
                "tag registry.test/alice/bot:1.2 <- 1.2.3 (moving)",
                "tag registry.test/alice/bot:1 <- 1.2.3 (moving)",
                "tag registry.test/alice/bot:latest <- 1.2.3 (moving)"}));
  EXPECT_EQ(plan.tag_names, (std::vector<std::string>{"1.2.3", "1.2", "1", "sha-a1239a5", "latest"}));
}

TEST(MergePlan, EveryImageGetsItsIndexBeforeItsCopies) {
  const Plan plan = plan_merge(inputs({"linux/arm64"}),
                               metadata("main", {"sha-a1239a5"}, false,
                                        {"registry.test/alice/bot", "other.test/alice/bot"}),
                               {});
  EXPECT_EQ(shape(plan),
            (std::vector<std::string>{
                "index registry.test/alice/bot:sha-a1239a5 <- sha-a1239a5-linux-arm64=linux/arm64",
                "index other.test/alice/bot:sha-a1239a5 <- sha-a1239a5-linux-arm64=linux/arm64",
                "tag registry.test/alice/bot:main <- sha-a1239a5 (moving)",
                "tag other.test/alice/bot:main <- sha-a1239a5 (moving)"}));
}

TEST(MergePlan, MonotonicLatestHoldsBackAsABuildDoes) {
  const Plan plan = plan_merge(inputs({"linux/amd64"}), metadata("1.9.1", {"1.9", "1"}, true),
                               MergeFacts{{"2.0.1", "1.9.0"}});
  ASSERT_EQ(plan.held_back.size(), 1u);
  EXPECT_EQ(plan.held_back[0].tag, "latest");
  EXPECT_EQ(plan.tag_names, (std::vector<std::string>{"1.9.1", "1.9", "1"}));
  for (const Step& step : plan.steps) {
    EXPECT_NE(step.target.tag, "latest");
  }
  Inputs off = inputs({"linux/amd64"});
  off.monotonic_latest = false;
  EXPECT_TRUE(plan_merge(off, metadata("1.9.1", {}, true), MergeFacts{{"2.0.1"}}).held_back.empty());
}

TEST(MergePlan, NoPushNoSteps) {
  Metadata m = metadata("pr-7", {}, false);
  m.push = false;
  const Plan plan = plan_merge(inputs({"linux/amd64"}), m, {});
  EXPECT_TRUE(plan.steps.empty());
  EXPECT_EQ(plan.tag_names, (std::vector<std::string>{"pr-7"}));
}

}  // namespace
}  // namespace berth::core
