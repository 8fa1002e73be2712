// SPDX-License-Identifier: MIT
#include "core/mask.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

TEST(MaskTest, MasksEveryOccurrenceAndEachLine) {
  Masker m;
  m.add("s3cret-pass");
  m.add("line-one\nline-two");
  m.add("");
  m.add("ab");
  EXPECT_EQ(m.apply("user ci pass s3cret-pass, again s3cret-pass"), "user ci pass ***, again ***");
  EXPECT_EQ(m.apply("got line-two here"), "got *** here");
  EXPECT_EQ(m.apply("ab stays"), "ab stays");
}

TEST(MaskTest, PrefersTheLongestSecret) {
  Masker m;
  m.add("token");
  m.add("token-and-more");
  EXPECT_EQ(m.apply("x token-and-more y token"), "x *** y ***");
}

}  // namespace
}  // namespace berth::core
