// SPDX-License-Identifier: MIT
#include "core/tzif.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

EpochMs at(int y, int mo, int d, int h, int mi) {
  return from_civil(CivilTime{y, mo, d, h, mi, 0, 0});
}

void put(std::string& s, std::int64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    s += static_cast<char>((v >> (8 * i)) & 0xff);
  }
}

// A version 2 TZif file with one transition (at `when`, from LMT+1 to XST+2)
// and a footer.
std::string tzif(std::int64_t when, const std::string& footer) {
  const auto block = [&](int time_size) {
    std::string s = "TZif2";
    s += std::string(15, '\0');
    for (std::int64_t n : {0, 0, 0, 1, 2, 8}) {  // isut isstd leap time type chars
      put(s, n, 4);
    }
    put(s, when, time_size);
    s += '\1';
    put(s, 3600, 4);
    s += std::string("\0\0", 2);
    put(s, 7200, 4);
    s += std::string("\1\4", 2);
    s += std::string("LMT\0XST\0", 8);
    return s;
  };
  return block(4) + block(8) + "\n" + footer + "\n";
}

TEST(TzifTest, ReadsTransitionsAndTheFooter) {
  const auto rules = parse_tzif(tzif(1000, "CET-1CEST,M3.5.0,M10.5.0/3"));
  ASSERT_TRUE(rules);
  EXPECT_EQ(rules->offset(0)->minutes, 60);
  EXPECT_EQ(rules->offset(0)->abbreviation, "LMT");
  // After the last transition the footer rules: CET in January, CEST in July.
  EXPECT_EQ(rules->offset(at(2024, 1, 15, 12, 0))->abbreviation, "CET");
  EXPECT_EQ(rules->offset(at(2024, 7, 15, 12, 0))->minutes, 120);
  const auto fixed = parse_tzif(tzif(1000, ""));
  ASSERT_TRUE(fixed);
  EXPECT_EQ(fixed->offset(at(2024, 1, 15, 12, 0))->abbreviation, "XST");
  EXPECT_FALSE(parse_tzif("TZif2"));
  EXPECT_FALSE(parse_tzif("not a tzif file at all, but long enough to have a header"));
}

TEST(TzifTest, EvaluatesPosixRules) {
  // The EU switches at 01:00 UTC on the last Sundays of March and October.
  const char* eu = "CET-1CEST,M3.5.0,M10.5.0/3";
  EXPECT_EQ(posix_tz_offset(eu, at(2024, 3, 31, 0, 59))->minutes, 60);
  EXPECT_EQ(posix_tz_offset(eu, at(2024, 3, 31, 1, 0))->minutes, 120);
  EXPECT_EQ(posix_tz_offset(eu, at(2024, 10, 27, 0, 59))->minutes, 120);
  EXPECT_EQ(posix_tz_offset(eu, at(2024, 10, 27, 1, 0))->minutes, 60);
  // New York: second Sunday of March, first of November, at 02:00 local.
  const char* ny = "EST5EDT,M3.2.0,M11.1.0";
  EXPECT_EQ(posix_tz_offset(ny, at(2024, 3, 10, 6, 59))->abbreviation, "EST");
  EXPECT_EQ(posix_tz_offset(ny, at(2024, 3, 10, 7, 0))->abbreviation, "EDT");
  EXPECT_EQ(posix_tz_offset(ny, at(2024, 11, 3, 5, 59))->minutes, -240);
  EXPECT_EQ(posix_tz_offset(ny, at(2024, 11, 3, 6, 0))->minutes, -300);
  // The southern hemisphere: daylight time spans the new year.
  const char* sydney = "AEST-10AEDT,M10.1.0,M4.1.0/3";
  EXPECT_EQ(posix_tz_offset(sydney, at(2024, 1, 15, 0, 0))->minutes, 660);
  EXPECT_EQ(posix_tz_offset(sydney, at(2024, 7, 15, 0, 0))->minutes, 600);
  EXPECT_EQ(posix_tz_offset("<+0530>-5:30", 0)->minutes, 330);
  EXPECT_EQ(posix_tz_offset("<+0530>-5:30", 0)->abbreviation, "+0530");
  EXPECT_FALSE(posix_tz_offset("X1", 0));
  EXPECT_FALSE(posix_tz_offset("EST5EDT,M13.1.0,M11.1.0", 0));
}

}  // namespace
}  // namespace berth::core
