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
  std::string status;        // "done", "failed", "not run"; a BuildKit step:
                             // "cached", "unfinished"; chart_rows' summary: "more"
  int depth = 0;             // 1: a BuildKit step of the row before it at depth 0
};

// The shortest BuildKit step a picture draws unless it was cached or failed.
constexpr std::int64_t k_min_step_ms = 10;

// Returns the rows a picture draws (the Gantt chart, the terminal): every
// row of depth 0, and of the BuildKit steps under each (depth 1) only those
// worth a bar: cached, failed or unfinished ones, and those of at least
// k_min_step_ms. When more than `max_steps` are left, the cached ones become
// one row ("12 cached steps"), then only the `max_steps` longest stay (failed
// ones first). What is left out is one last row of status "more": "+ 9 more
// steps", its ms their sum. Kept steps stay in the order they started.
std::vector<TimingRow> chart_rows(const std::vector<TimingRow>& rows, std::size_t max_steps = 12);

// Returns a fenced ```mermaid gantt block of chart_rows(rows), one bar per
// row (times as milliseconds from the run's start; the axis reads
// seconds.milliseconds for a run under 10 s, minutes:seconds for a longer
// one). Rows of depth 0 make section "berth"; the BuildKit steps under a row
// make a section of their own after it, named "<row> steps" (with how many
// more the table lists). Labels lose what Mermaid's task syntax would
// misread (':', '#', ';', line breaks) and '<', '>' (as ‹ ›, which no HTML
// sanitiser takes for a tag); failed rows are marked `crit`,
// cached steps `done` (grey) and "(cached)". Rows that did not run are left
// out.
std::string timing_gantt(const std::vector<TimingRow>& rows);

// Returns a markdown table of every row: step, status, start, time and a bar
// of block characters proportional to the time, the longest row full width;
// a BuildKit step's label starts with "↳ ".
std::string timing_table(const std::vector<TimingRow>& rows);

// Returns chart_rows(rows) for a terminal, a line each: label (a BuildKit
// step's indented), a bar of `width` cells placed where the step ran within
// the whole run, and its time ("cached" for a cached step).
std::string timing_text(const std::vector<TimingRow>& rows, int width = 40);

// Returns `ms` as people read it: "850 ms", "12.3 s", "2 min 5 s".
std::string human_ms(std::int64_t ms);

}  // namespace berth::core
