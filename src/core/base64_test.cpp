// SPDX-License-Identifier: MIT
#include "core/base64.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

TEST(Base64Test, RoundTripsRfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
      {"foo", "Zm9v"},  {"foob", "Zm9vYg=="},  {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"}, {"ci:s3cret-pass", "Y2k6czNjcmV0LXBhc3M="},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(plain), encoded);
    EXPECT_EQ(base64_decode(encoded), std::string(plain));
  }
  const std::string binary("\x00\xff\x10\x80", 4);
  EXPECT_EQ(base64_decode(base64_encode(binary)), binary);
}

TEST(Base64Test, RejectsNonBase64) {
  EXPECT_FALSE(base64_decode("Zm9v!"));
  EXPECT_FALSE(base64_decode("Z"));
  EXPECT_FALSE(base64_decode("Zm 9v"));
  EXPECT_EQ(base64_decode("Zm9vYg"), std::string("foob"));  // padding optional
}

}  // namespace
}  // namespace berth::core
