// SPDX-License-Identifier: MIT
#include "core/promotion.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace berth::core {
namespace {

TEST(PromotionTest, DerivesStableFromTheSourceTag) {
  EXPECT_EQ(default_promotion_target("2023.2-a1239a"), "2023.2-stable");
  EXPECT_EQ(default_promotion_target("2023.4-a1239a5"), "2023.4-stable");
  EXPECT_EQ(default_promotion_target("2024.12-rc"), "2024.12-stable");
}

TEST(PromotionTest, RejectsSourcesWithoutAQuarter) {
  for (const char* bad : {"latest", "1.2.3", "2023-a1", "2023.-x", "23.2-x", "2023.2",
                          "2023.2-", "2023.2-stable", "abcd.2-x"}) {
    try {
      default_promotion_target(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.input(), "promote") << bad;
    }
  }
}

TEST(PromotionTest, PrefersRequestedTargets) {
  EXPECT_EQ(promotion_targets("anything", {"prod", "stable"}),
            (std::vector<std::string>{"prod", "stable"}));
  EXPECT_EQ(promotion_targets("2023.2-a1", {}), (std::vector<std::string>{"2023.2-stable"}));
}

}  // namespace
}  // namespace berth::core
