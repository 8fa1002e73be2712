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

// A build with BuildKit's steps under it (depth 1).
std::vector<TimingRow> with_steps() {
  return {
      {"checks", 0, 100, "done"},
      {"docker build", 100, 2000, "done"},
      {"[internal] load .dockerignore", 110, 0, "done", 1},
      {"[base 1/2] FROM berth-base/debian:bookworm", 120, 0, "cached", 1},
      {"[build 1/2] RUN make", 130, 1500, "done", 1},
      {"exporting to image", 1700, 300, "done", 1},
      {"docker push r.io/o/app:1.2", 2100, 400, "done"},
  };
}

TEST(TimingChartTest, DrawsABuildsStepsInASectionOfTheirOwnCachedOnesGrey) {
  EXPECT_EQ(timing_gantt(with_steps()),
            "```mermaid\ngantt\n  dateFormat x\n  axisFormat %S.%L\n  todayMarker off\n"
            "  section berth\n"
            "  checks (100 ms) :s1, 0, 100\n"
            "  docker build (2.0 s) :s2, 100, 2100\n"
            "  docker push r.io/o/app\xE2\x88\xB6" "1.2 (400 ms) :s3, 2100, 2500\n"
            "  section docker build steps (1 more step in the table)\n"
            "  [base 1/2] FROM berth-base/debian\xE2\x88\xB6" "bookworm (cached) :done, s4, 120, 121\n"
            "  [build 1/2] RUN make (1.5 s) :s5, 130, 1630\n"
            "  exporting to image (300 ms) :s6, 1700, 2000\n"
            "```\n");
}

TEST(TimingChartTest, KeepsTheLongestStepsAndFoldsManyCachedOnes) {
  std::vector<TimingRow> rows = {{"docker build", 0, 10'000, "done"}};
  for (int i = 0; i < 6; ++i) {
    rows.push_back({"cached " + std::to_string(i), i, 0, "cached", 1});
  }
  for (int i = 0; i < 8; ++i) {
    rows.push_back({"run " + std::to_string(i), 100 + i, 100 * (i + 1), "done", 1});
  }
  rows.push_back({"failed", 200, 5, "failed", 1});
  rows.push_back({"short", 300, 9, "done", 1});
  const std::vector<TimingRow> shown = chart_rows(rows, 5);
  std::vector<std::string> labels;
  for (const TimingRow& r : shown) {
    labels.push_back(r.label + "|" + r.status);
  }
  // The six cached steps become one row; then the failed one and the four
  // longest stay; the rest (four short runs and the step under 10 ms) are
  // counted.
  EXPECT_EQ(labels, (std::vector<std::string>{"docker build|done", "run 4|done", "run 5|done",
                                              "run 6|done", "run 7|done", "failed|failed",
                                              "+ 6 more steps|more"}));
  EXPECT_EQ(shown.back().ms, 100 + 200 + 300 + 400 + 9 + 0);
  EXPECT_EQ(shown.back().depth, 1);
  // Under the cap the cached ones stay one by one, and only the short step goes.
  const std::vector<TimingRow> few = chart_rows(
      {{"docker build", 0, 100, "done"}, {"a", 1, 0, "cached", 1}, {"b", 2, 0, "cached", 1},
       {"c", 3, 2, "done", 1}},
      5);
  ASSERT_EQ(few.size(), 4u);
  EXPECT_EQ(few[1].label, "a");
  EXPECT_EQ(few[2].label, "b");
  EXPECT_EQ(few[3].label, "+ 1 more step");
}

TEST(TimingChartTest, FoldsCachedStepsIntoOneRowWhenThereAreTooMany) {
  std::vector<TimingRow> rows = {{"docker build", 0, 100, "done"}};
  for (int i = 0; i < 4; ++i) {
    rows.push_back({"cached " + std::to_string(i), 10 + i, 0, "cached", 1});
  }
  const std::vector<TimingRow> shown = chart_rows(rows, 3);
  ASSERT_EQ(shown.size(), 2u);
  EXPECT_EQ(shown[1].label, "4 cached steps");
  EXPECT_EQ(shown[1].status, "cached");
  EXPECT_EQ(shown[1].start_ms, 10);
}

TEST(TimingChartTest, ListsEveryStepInTheTableMarked) {
  const std::string t = timing_table(with_steps());
  EXPECT_NE(t.find("| \xE2\x86\xB3 [base 1/2] FROM berth-base/debian:bookworm | cached | +120 ms | "
                   "0 ms |  |"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("| \xE2\x86\xB3 [internal] load .dockerignore | done |"), std::string::npos)
      << t;
}

TEST(TimingChartTest, IndentsABuildsStepsInTheTerminal) {
  const std::string text = timing_text({{"build", 0, 800, "done"},
                                        {"[1/2] COPY a /a", 0, 0, "cached", 1},
                                        {"[2/2] RUN x", 0, 400, "done", 1},
                                        {"tiny", 400, 1, "done", 1},
                                        {"push", 0, 0, "not run"}},
                                       8);
  EXPECT_EQ(text,
            "build              ████████ 800 ms\n"
            "  [1/2] COPY a /a           cached\n"
            "  [2/2] RUN x      ████     400 ms\n"
            "  + 1 more step    (1 ms)\n"
            "push               -        not run\n");
}

}  // namespace
}  // namespace berth::core
