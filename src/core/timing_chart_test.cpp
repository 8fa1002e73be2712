// SPDX-License-Identifier: MIT
#include "core/timing_chart.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

std::vector<TimingRow> rows() {
  return {
      {"checks", 0, 120, "done"},
      {"docker build", 120, 3000, "done"},
      {"docker push r.io/o/app:1.2", 3120, 880, "done"},
      {"tag r.io/o/app:latest", 4000, 0, "failed"},
      {"tag r.io/o/app:stable", 0, 0, "not run"},
  };
}

TEST(TimingChartTest, WritesAMermaidGanttOfWhatRan) {
  EXPECT_EQ(timing_gantt(rows()),
            "```mermaid\ngantt\n  dateFormat x\n  axisFormat %S.%L\n  todayMarker off\n"
            "  section berth\n"
            "  checks (120 ms) :s1, 0, 120\n"
            "  docker build (3.0 s) :s2, 120, 3120\n"
            "  docker push r.io/o/app\xE2\x88\xB6" "1.2 (880 ms) :s3, 3120, 4000\n"
            "  tag r.io/o/app\xE2\x88\xB6latest (0 ms) :crit, s4, 4000, 4001\n"
            "```\n");
}

TEST(TimingChartTest, ReadsMinutesOnTheAxisOfALongRun) {
  EXPECT_NE(timing_gantt({{"build", 0, 9'999, "done"}}).find("axisFormat %S.%L\n"),
            std::string::npos);
  EXPECT_NE(timing_gantt({{"build", 0, 10'000, "done"}}).find("axisFormat %M:%S\n"),
            std::string::npos);
}

TEST(TimingChartTest, KeepsMermaidsSyntaxOutOfLabels) {
  const std::string g = timing_gantt({{"a:b#c;d\ne", 0, 5, "done"}});
  EXPECT_NE(g.find("  a\xE2\x88\xB6" "b c d e (5 ms) :s1, 0, 5\n"), std::string::npos) << g;
}

TEST(TimingChartTest, WritesATableWithBarsScaledToTheLongestStep) {
  const std::string t = timing_table(rows());
  EXPECT_NE(t.find("| docker build | done | +120 ms | 3.0 s | ████████████████████ |"),
            std::string::npos)
      << t;
  // 880 of 3000 ms over 20 cells: 46 eighths, five cells and six eighths.
  EXPECT_NE(t.find("| docker push r.io/o/app:1.2 | done | +3.1 s | 880 ms | █████▊ |"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("| tag r.io/o/app:stable | not run | +0 ms | 0 ms |  |"), std::string::npos)
      << t;
}

TEST(TimingChartTest, PlacesTerminalBarsWhereEachStepRan) {
  const std::string text = timing_text(
      {{"checks", 0, 100, "done"}, {"build", 100, 300, "done"}, {"push", 0, 0, "not run"}}, 8);
  EXPECT_EQ(text,
            "checks  ██       100 ms\n"
            "build     ██████ 300 ms\n"
            "push    -        not run\n");
}

TEST(TimingChartTest, SaysHowLongAsPeopleRead) {
  const std::vector<std::pair<std::int64_t, std::string>> cases = {
      {0, "0 ms"},         {999, "999 ms"},         {1000, "1.0 s"},
      {12'345, "12.3 s"},  {59'949, "59.9 s"},      {60'000, "1 min 0 s"},
      {125'400, "2 min 5 s"},
  };
  for (const auto& [ms, want] : cases) {
    EXPECT_EQ(human_ms(ms), want) << ms;
  }
}

}  // namespace
}  // namespace berth::core
