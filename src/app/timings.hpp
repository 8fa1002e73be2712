// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "app/execute.hpp"
#include "core/plan.hpp"
#include "core/timing_chart.hpp"

// Where a run's time went, as the job summary, the `json` output and the
// terminal show it.
namespace berth::app {

// Returns the timed parts of an executed plan: "checks" (from the run's
// start to its first step: inputs, context, probes, reading sources), then
// every step, a BuildKit build followed by its own steps (depth 1: every
// vertex its progress showed, "cached" when BuildKit reused its result).
// Empty when the plan did not run (a dry run).
std::vector<core::TimingRow> timing_rows(const core::Plan& plan, const Execution& e);

// Returns when the checks ended: where the first step started, or where the
// run ended when no step started (unix nanoseconds).
std::int64_t checks_end_ns(const Execution& e);

// Returns the job summary's timings section: a Mermaid Gantt chart and,
// folded, the same as a table with bars (for viewers that draw no Mermaid).
// Empty when the plan did not run.
std::string timing_summary(const core::Plan& plan, const Execution& e);

// Returns the milliseconds from the run's start to the end of its last step
// (0 when it did not run).
std::int64_t total_ms(const Execution& e);

}  // namespace berth::app
