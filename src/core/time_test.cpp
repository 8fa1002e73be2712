// SPDX-License-Identifier: MIT
#include "core/time.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

TEST(TimeTest, ParsesRfc3339) {
  struct Case {
    const char* text;
    EpochMs ms;
  };
  const Case cases[] = {
      {"1970-01-01T00:00:00Z", 0},
      {"2020-01-10T00:30:00.000Z", 1578616200000},
      {"2023-04-19T11:27:24+02:00", 1681896444000},
      {"2023-04-19T09:27:24Z", 1681896444000},
      {"2023-04-19T04:27:24-05:00", 1681896444000},
      {"2000-02-29T12:00:00.5Z", 951825600500},
      {"1969-12-31T23:59:59Z", -1000},
  };
  for (const Case& c : cases) {
    const auto t = parse_rfc3339(c.text);
    ASSERT_TRUE(t) << c.text;
    EXPECT_EQ(*t, c.ms) << c.text;
  }
  for (const char* bad : {"", "2023-04-19", "2023-04-19T09:27:24", "2023-13-01T00:00:00Z",
                          "2023-04-19T09:27:24+2", "2023-04-19T09:27:24Zjunk",
                          "yesterday", "2023-04-19T09:27:24."}) {
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
  }
}

TEST(TimeTest, RoundTripsCivil) {
  for (EpochMs t : {EpochMs{0}, EpochMs{951825600500}, EpochMs{4102444799999},
                    EpochMs{-86400000}, EpochMs{1681896444123}}) {
    EXPECT_EQ(from_civil(to_civil(t)), t);
  }
}

TEST(TimeTest, Formats) {
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(1681896444123), "2023-04-19T09:27:24.123Z");
}

TEST(TimeTest, NamesQuarters) {
  EXPECT_EQ(year_quarter(*parse_rfc3339("2023-01-01T00:00:00Z")), "2023.1");
  EXPECT_EQ(year_quarter(*parse_rfc3339("2023-03-31T23:59:59Z")), "2023.1");
  EXPECT_EQ(year_quarter(*parse_rfc3339("2023-04-01T00:00:00Z")), "2023.2");
  EXPECT_EQ(year_quarter(*parse_rfc3339("2023-09-30T12:00:00Z")), "2023.3");
  EXPECT_EQ(year_quarter(*parse_rfc3339("2023-12-31T23:59:59Z")), "2023.4");
  // UTC decides: 00:30 on April 1st in +02:00 is still March 31st in UTC.
  EXPECT_EQ(year_quarter(*parse_rfc3339("2023-04-01T00:30:00+02:00")), "2023.1");
}

TEST(TimeTest, ParsesEpochSeconds) {
  EXPECT_EQ(parse_epoch_seconds("1578616200"), 1578616200000);
  EXPECT_EQ(parse_epoch_seconds(" 0 "), 0);
  EXPECT_FALSE(parse_epoch_seconds(""));
  EXPECT_FALSE(parse_epoch_seconds("-5"));
  EXPECT_FALSE(parse_epoch_seconds("1.5"));
  EXPECT_FALSE(parse_epoch_seconds("9999999999999"));
}

}  // namespace
}  // namespace berth::core
