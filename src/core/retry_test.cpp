// SPDX-License-Identifier: MIT
#include "core/retry.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

TEST(RetryTest, ClassifiesStatuses) {
  for (long s : {408L, 429L, 500L, 502L, 503L, 504L, 599L}) {
    EXPECT_TRUE(is_retryable_status(s)) << s;
  }
  for (long s : {200L, 201L, 301L, 400L, 401L, 403L, 404L, 409L, 413L, 501L, 505L}) {
    EXPECT_FALSE(is_retryable_status(s)) << s;
  }
}

TEST(RetryTest, BacksOffExponentiallyWithinBounds) {
  const RetryPolicy p;  // 500 ms base, 15 s cap
  EXPECT_EQ(retry_delay(p, 2, 0.5, std::nullopt), 500);
  EXPECT_EQ(retry_delay(p, 3, 0.5, std::nullopt), 1000);
  EXPECT_EQ(retry_delay(p, 4, 0.5, std::nullopt), 2000);
  EXPECT_EQ(retry_delay(p, 20, 0.5, std::nullopt), 15000);
  EXPECT_EQ(retry_delay(p, 2, 0.0, std::nullopt), 400);   // -20%
  EXPECT_EQ(retry_delay(p, 2, 0.999, std::nullopt), 599);  // +20%
}

TEST(RetryTest, HonoursRetryAfterUpToTheCap) {
  const RetryPolicy p;
  EXPECT_EQ(retry_delay(p, 2, 0.5, EpochMs{3000}), 3000);
  EXPECT_EQ(retry_delay(p, 2, 0.5, EpochMs{100}), 500);
  EXPECT_EQ(retry_delay(p, 2, 0.5, EpochMs{3'600'000}), 15000);
}

TEST(RetryTest, ParsesRetryAfter) {
  const EpochMs now = *parse_rfc3339("2015-10-21T07:28:00Z");
  EXPECT_EQ(parse_retry_after("2", now), 2000);
  EXPECT_EQ(parse_retry_after(" 0 ", now), 0);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now), 5000);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), 0);  // past
  EXPECT_FALSE(parse_retry_after("soon", now));
  EXPECT_FALSE(parse_retry_after("-1", now));
  EXPECT_FALSE(parse_retry_after("Wed, 21 Foo 2015 07:28:05 GMT", now));
}

}  // namespace
}  // namespace berth::core
