// SPDX-License-Identifier: MIT
#include "core/floating.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

std::vector<std::string> held(const char* version, const std::vector<std::string>& existing) {
  std::vector<std::string> out;
  for (const HeldBack& h : held_back_floating_tags(*parse_semver(version), existing)) {
    out.push_back(h.tag);
  }
  return out;
}

TEST(FloatingTest, HoldsBackOnlyWhereAHigherReleaseExists) {
  const std::vector<std::string> repo = {"2.0.1", "2.0", "2", "latest", "1.9.0", "1.9", "1",
                                         "nightly", "3.0.0-rc.1", "sha-abc1234"};
  // v1.9.1 after v2.0.1: 1 and 1.9 move, latest stays on 2.0.1.
  EXPECT_EQ(held("1.9.1", repo), (std::vector<std::string>{"latest"}));
  // v1.8.5: latest and 1 stay; 1.8 moves (no higher 1.8.x).
  EXPECT_EQ(held("1.8.5", repo), (std::vector<std::string>{"latest", "1"}));
  // v1.9.0 again (a rebuild): 1.9.0 is not higher than itself; 1 and 1.9 move? 1.9.0
  // equals, so only latest is held.
  EXPECT_EQ(held("1.9.0", repo), (std::vector<std::string>{"latest"}));
  // The highest release moves everything; a prerelease tag does not count.
  EXPECT_TRUE(held("2.0.2", repo).empty());
  EXPECT_TRUE(held("2.1.0", repo).empty());
  // v2.0.0 after 2.0.1 holds back all three.
  EXPECT_EQ(held("2.0.0", repo), (std::vector<std::string>{"latest", "2", "2.0"}));
  EXPECT_TRUE(held("0.1.0", {}).empty());
}

TEST(FloatingTest, SaysWhy) {
  const auto h = held_back_floating_tags(*parse_semver("1.0.0"), {"v1.2.0", "1.1.0"});
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].because, "1.2.0 is a higher release");
  EXPECT_EQ(h[1].because, "1.2.0 is a higher 1.x release");
}

}  // namespace
}  // namespace berth::core
