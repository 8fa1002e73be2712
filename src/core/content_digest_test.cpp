// SPDX-License-Identifier: MIT
#include "core/content_digest.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

TEST(ContentDigestTest, ParsesOnlyWellFormedSha256AndSha512) {
  const std::string h64(64, 'a');
  const std::string h128(128, '0');
  EXPECT_EQ(parse_digest("sha256:" + h64)->hex, h64);
  EXPECT_EQ(parse_digest("sha512:" + h128)->algorithm, "sha512");
  const std::string bad[] = {
      "",
      "sha256",
      "sha256:",
      "sha256:" + std::string(63, 'a'),
      "sha256:" + std::string(65, 'a'),
      "sha256:" + std::string(64, 'A'),
      "sha256:" + std::string(63, 'a') + "g",
      "sha512:" + h64,
      "sha256:" + h128,
      "sha384:" + std::string(96, 'a'),
      "md5:" + std::string(32, 'a'),
      " sha256:" + h64,
      "sha256:" + h64 + " ",
      "sha256:" + h64 + "\n::error::x",
      "SHA256:" + h64,
  };
  for (const auto& text : bad) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(parse_digest(text).has_value());
  }
}

TEST(ContentDigestTest, TellsDigestsFromTags) {
  EXPECT_TRUE(is_digest_reference("sha256:abc"));
  EXPECT_FALSE(is_digest_reference("2024.1-stable"));
}

}  // namespace
}  // namespace berth::core
