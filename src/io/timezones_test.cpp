// SPDX-License-Identifier: MIT
#include "io/timezones.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/fixtures.hpp"

namespace berth::io {
namespace {

TEST(TimeZonesTest, ReadsTheSystemDatabase) {
  const std::string dir = zoneinfo_directory("");
  if (!std::ifstream(dir + "/Asia/Tokyo")) {
    GTEST_SKIP() << "no tzdata under " << dir;
  }
  const ZoneInfoTimeZones zones(dir);
  const auto tokyo = zones.offset("Asia/Tokyo", 1578616200000);  // 2020-01-10
  ASSERT_TRUE(tokyo);
  EXPECT_EQ(tokyo->minutes, 540);
  EXPECT_EQ(tokyo->abbreviation, "JST");
  // Far past the file's transitions: the footer's rules (CEST in July).
  const auto paris = zones.offset("Europe/Paris", 4'102'444'800'000 + 200LL * 86'400'000);
  ASSERT_TRUE(paris);
  EXPECT_EQ(paris->minutes, 120);
  EXPECT_FALSE(zones.offset("Mars/Olympus", 0));
  EXPECT_FALSE(zones.offset("../../etc/passwd", 0));
  EXPECT_FALSE(zones.offset("/etc/passwd", 0));
}

TEST(TimeZonesTest, KnowsUtcWithoutFiles) {
  const testing::TempDir empty;
  const ZoneInfoTimeZones zones(empty.path());
  EXPECT_EQ(zones.offset("UTC", 0)->minutes, 0);
  EXPECT_FALSE(zones.offset("Asia/Tokyo", 0));
  EXPECT_EQ(zoneinfo_directory("/opt/zoneinfo"), "/opt/zoneinfo");
}

}  // namespace
}  // namespace berth::io
