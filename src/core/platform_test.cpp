// SPDX-License-Identifier: MIT
#include "core/platform.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

TEST(Platform, ParsesTwoAndThreeParts) {
  const auto p = parse_platform("linux/arm64/v8");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->os, "linux");
  EXPECT_EQ(p->architecture, "arm64");
  EXPECT_EQ(p->variant, "v8");
  EXPECT_EQ(p->str(), "linux/arm64/v8");
  EXPECT_EQ(parse_platform("linux/amd64")->str(), "linux/amd64");
}

TEST(Platform, RefusesWhatIsNoPlatform) {
  for (const char* text : {"", "linux", "linux/", "/amd64", "linux/amd64/v8/x", "Linux/amd64",
                           "linux/amd 64", "linux//amd64"}) {
    EXPECT_FALSE(parse_platform(text).has_value()) << text;
  }
}

TEST(Platform, TagNamesThePlatform) {
  EXPECT_EQ(platform_tag("1.2.3", *parse_platform("linux/arm64/v8")), "1.2.3-linux-arm64-v8");
  EXPECT_EQ(platform_tag("sha-abc1234", *parse_platform("linux/amd64")), "sha-abc1234-linux-amd64");
}

}  // namespace
}  // namespace berth::core
