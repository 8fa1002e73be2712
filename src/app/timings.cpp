// SPDX-License-Identifier: MIT
#include "app/timings.hpp"

namespace berth::app {
namespace {

constexpr std::int64_t k_ns_per_ms = 1'000'000;

}  // namespace

std::int64_t total_ms(const Execution& e) {
  if (e.started_ns == 0 || e.ended_ns < e.started_ns) {
    return 0;
  }
  return (e.ended_ns - e.started_ns) / k_ns_per_ms;
}

std::int64_t checks_end_ns(const Execution& e) {
  for (const StepOutcome& o : e.outcomes) {
    if (o.start_ns != 0) {
      return o.start_ns;
    }
  }
  return e.ended_ns;
}

std::vector<core::TimingRow> timing_rows(const core::Plan& plan, const Execution& e) {
  std::vector<core::TimingRow> rows;
  if (e.started_ns == 0 || e.outcomes.size() != plan.steps.size()) {
    return rows;
  }
  const std::int64_t first = checks_end_ns(e);
  rows.push_back({"checks", 0, (first - e.started_ns) / k_ns_per_ms, "done"});
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const StepOutcome& o = e.outcomes[i];
    const std::int64_t start = o.start_ns != 0 ? (o.start_ns - e.started_ns) / k_ns_per_ms : 0;
    rows.push_back({step_title(plan, plan.steps[i]), start, o.ms, step_status_name(o.status)});
    // A BuildKit build's own steps, right under it.
    for (const core::BuildStep& b : o.build_steps) {
      rows.push_back({b.name, (b.start_ns - e.started_ns) / k_ns_per_ms, b.ms(), b.status(), 1});
    }
  }
  return rows;
}

std::string timing_summary(const core::Plan& plan, const Execution& e) {
  const std::vector<core::TimingRow> rows = timing_rows(plan, e);
  if (rows.empty()) {
    return {};
  }
  std::string md = "\n#### Timings (" + core::human_ms(total_ms(e)) + ")\n\n";
  md += core::timing_gantt(rows);
  md += "\n<details><summary>timings as a table</summary>\n\n" + core::timing_table(rows) +
        "\n</details>\n";
  return md;
}

}  // namespace berth::app
