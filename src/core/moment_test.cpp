// SPDX-License-Identifier: MIT
#include "core/moment.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

// 2020-01-10T00:30:05.123Z, a Friday.
constexpr EpochMs k_t = 1578616205123;
const ZoneOffset k_utc{0, "UTC"};
const ZoneOffset k_tokyo{540, "JST"};
const ZoneOffset k_new_york{-300, "EST"};

TEST(MomentTest, FormatsTokens) {
  struct Case {
    const char* format;
    const ZoneOffset& zone;
    const char* out;
  };
  const Case cases[] = {
      {"YYYYMMDD", k_utc, "20200110"},
      {"YYYYMMDD-HHmmss", k_tokyo, "20200110-093005"},
      {"YYYY-MM-DDTHH:mm:ss.SSS[Z]", k_utc, "2020-01-10T00:30:05.123Z"},
      {"YY Q Qo M Mo MMM MMMM", k_utc, "20 1 1st 1 1st Jan January"},
      {"D Do DD DDD DDDo DDDD", k_utc, "10 10th 10 10 10th 010"},
      {"d do dd ddd dddd e E", k_utc, "5 5th Fr Fri Friday 5 5"},
      {"H HH h hh k kk a A", k_new_york, "19 19 7 07 19 19 pm PM"},
      {"m mm s ss S SS SSSS", k_utc, "30 30 5 05 1 12 1230"},
      {"X x", k_utc, "1578616205 1578616205123"},
      {"Z ZZ z", k_tokyo, "+09:00 +0900 JST"},
      {"Z", k_new_york, "-05:00"},
      {"W WW Wo GGGG w ww gggg", k_utc, "2 02 2nd 2020 2 02 2020"},
      {"[YYYY] \\M YYYY", k_utc, "YYYY M 2020"},
      {"L LT", k_new_york, "01/09/2020 7:30 PM"},
      {"LL", k_utc, "January 10, 2020"},
      {"Hmm hmmss", k_tokyo, "930 93005"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(format_moment(std::string_view(c.format), k_t, c.zone), c.out) << c.format;
  }
}

TEST(MomentTest, UsesMomentsDefaultFormat) {
  EXPECT_EQ(format_moment(std::nullopt, k_t, k_utc), "2020-01-10T00:30:05Z");
  EXPECT_EQ(format_moment(std::nullopt, k_t, k_tokyo), "2020-01-10T09:30:05+09:00");
}

TEST(MomentTest, NumbersWeeksAcrossTheYearEnd) {
  // 2021-01-01 (Friday) is ISO week 53 of 2020; in moment's English locale
  // (weeks from Sunday, week 1 holds January 1st) it is week 1 of 2021.
  const EpochMs new_year = 1609459200000;
  EXPECT_EQ(format_moment(std::string_view("W GGGG w gggg"), new_year, k_utc),
            "53 2020 1 2021");
  // 2019-12-30 (Monday) is ISO week 1 of 2020.
  EXPECT_EQ(format_moment(std::string_view("W GGGG"), 1577664000000, k_utc), "1 2020");
}

TEST(MomentTest, KnowsUtcWithoutADatabase) {
  EXPECT_TRUE(UtcTimeZones().offset("Etc/UTC", 0));
  EXPECT_FALSE(UtcTimeZones().offset("Asia/Tokyo", 0));
}

}  // namespace
}  // namespace berth::core
