// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

// Pictures of where a run's time went: a Mermaid Gantt chart and a table
// with bars for the job summary, and bars for a terminal.
namespace berth::core {

// One timed part of a run, placed from the run's start.
struct TimingRow {
  std::string label;         // "checks", "push ghcr.io/o/app:1.2", ...
  std::int64_t start_ms = 0; // from the run's start
  std::int64_t ms = 0;       // how long it took
  std::string status;        // "done", "failed", "not run"
};

// Returns a fenced ```mermaid gantt block, one bar per row (times as
// milliseconds from the run's start; the axis reads seconds.milliseconds
// for a run under 10 s, minutes:seconds for a longer one). Labels
// lose what Mermaid's task syntax would misread (':', '#', ';', line
// breaks); failed rows are marked `crit`. Rows that did not run are left out.
std::string timing_gantt(const std::vector<TimingRow>& rows);

// Returns a markdown table of the rows: step, start, time and a bar of
// block characters proportional to the time, the longest row full width.
std::string timing_table(const std::vector<TimingRow>& rows);

// Returns the rows for a terminal, a line each: label, a bar of `width`
// cells placed where the step ran within the whole run, and its time.
std::string timing_text(const std::vector<TimingRow>& rows, int width = 40);

// Returns `ms` as people read it: "850 ms", "12.3 s", "2 min 5 s".
std::string human_ms(std::int64_t ms);

}  // namespace berth::core
