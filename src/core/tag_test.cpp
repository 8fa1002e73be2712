// SPDX-License-Identifier: MIT
#include "core/tag.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

TEST(TagTest, Validates) {
  EXPECT_TRUE(is_valid_tag("latest"));
  EXPECT_TRUE(is_valid_tag("1.2.3"));
  EXPECT_TRUE(is_valid_tag("_x"));
  EXPECT_TRUE(is_valid_tag("UPPER-case_ok.1"));
  EXPECT_TRUE(is_valid_tag(std::string(128, 'a')));
  EXPECT_FALSE(is_valid_tag(std::string(129, 'a')));
  EXPECT_FALSE(is_valid_tag(""));
  EXPECT_FALSE(is_valid_tag(".x"));
  EXPECT_FALSE(is_valid_tag("-x"));
  EXPECT_FALSE(is_valid_tag("a/b"));
  EXPECT_FALSE(is_valid_tag("a:b"));
  EXPECT_FALSE(is_valid_tag("a b"));
  EXPECT_FALSE(is_valid_tag("caf\xc3\xa9"));
}

TEST(TagTest, Sanitizes) {
  struct Case {
    std::string in;
    std::string out;
  };
  const Case cases[] = {
      {"main", "main"},
      {"Feature/Login-Page#12", "feature-login-page-12"},
      {"my/feature#1245", "my-feature-1245"},
      {"test-#5", "test--5"},  // the valid "-" stays, the "#" run adds one
      {"a//b", "a-b"},
      {"-leading", "leading"},
      {".hidden", "hidden"},
      {"--.-x", "x"},
      {"///", ""},
      {"-", ""},
      {"", ""},
      {"f\xc3\xa9/\xc3\xbc", "f-"},
      {"trailing/", "trailing-"},
      {"under_score.dot", "under_score.dot"},
      {std::string(200, 'B'), std::string(128, 'b')},
  };
  for (const Case& c : cases) {
    const std::string got = sanitize_tag(c.in);
    EXPECT_EQ(got, c.out) << c.in;
    if (!got.empty()) {
      EXPECT_TRUE(is_valid_tag(got)) << got;
    }
  }
}

}  // namespace
}  // namespace berth::core
