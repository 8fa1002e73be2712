// SPDX-License-Identifier: MIT
#include "core/pep440.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

TEST(Pep440Test, NormalizesVersions) {
  struct Case {
    const char* text;
    const char* normal;  // nullptr: invalid
    bool pre;
    bool post;
  };
  const Case cases[] = {
      {"1.2", "1.2", false, false},
      {"v1.2.3", "1.2.3", false, false},
      {"1.1beta2", "1.1b2", true, false},
      {"1.0dev4", "1.0.dev4", true, false},
      {"1.2post1", "1.2.post1", false, true},
      {"1.2.3rc2", "1.2.3rc2", true, false},
      {"1.0-1", "1.0.post1", false, true},
      {"1.0.0-Alpha.1", "1.0.0a1", true, false},
      {"1.0a", "1.0a0", true, false},
      {"2!01.02_rev3.DEV", "2!1.2.post3.dev0", true, true},
      {"1.2.3+Local-1_x", "1.2.3+local.1.x", false, false},
      {" 1.0c1 ", "1.0rc1", true, false},
      {"1.0.", nullptr, false, false},
      {"1.0+", nullptr, false, false},
      {"1.0-beta-x", nullptr, false, false},
      {"release1", nullptr, false, false},
      {"", nullptr, false, false},
  };
  for (const Case& c : cases) {
    const auto v = parse_pep440(c.text);
    if (c.normal == nullptr) {
      EXPECT_FALSE(v) << c.text;
      continue;
    }
    ASSERT_TRUE(v) << c.text;
    EXPECT_EQ(v->normalized(), c.normal) << c.text;
    EXPECT_EQ(v->is_prerelease(), c.pre) << c.text;
    EXPECT_EQ(v->is_postrelease(), c.post) << c.text;
  }
}

TEST(Pep440Test, GivesMajorMinorPatch) {
  const auto v = parse_pep440("3.4");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->part(0), 3u);
  EXPECT_EQ(v->part(1), 4u);
  EXPECT_EQ(v->part(2), 0u);
}

}  // namespace
}  // namespace berth::core
