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

TEST(MaskTest, MasksEachLineWhateverEndsIt) {
  struct Case {
    const char* secret;
    const char* text;
    const char* masked;
  };
  const Case cases[] = {
      {"line-one\nline-two", "x line-one y line-two", "x *** y ***"},
      {"line-one\rline-two", "x line-one y line-two", "x *** y ***"},
      {"line-one\r\nline-two", "x line-one y line-two", "x *** y ***"},
      {"  padded  \n", "a padded b", "a *** b"},
      {"one\ntwo", "one\ntwo", "***"},
      {"\xC2\xA0key-line\xE2\x80\xA8\nother", "key-line other", "*** ***"},
  };
  for (const Case& c : cases) {
    Masker m;
    m.add(c.secret);
    EXPECT_EQ(m.apply(c.text), c.masked) << c.secret;
  }
}

}  // namespace
}  // namespace berth::core
