// SPDX-License-Identifier: MIT
#include "core/timing_chart.hpp"

#include <algorithm>

namespace berth::core {
namespace {

// Eighths of a cell, so that short steps still show: U+258F .. U+2588.
const char* const k_eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
const char* const k_full = "█";

// Returns a bar of `eighths` eighths of a cell.
std::string bar(std::int64_t eighths) {
  std::string out;
  for (std::int64_t i = 0; i < eighths / 8; ++i) {
    out += k_full;
  }
  out += k_eighths[eighths % 8];
  return out;
}

// Returns `eighths` scaled from `part` of `whole` to `cells` cells, at least
// one eighth for any time at all.
std::int64_t scaled(std::int64_t part, std::int64_t whole, int cells) {
  if (whole <= 0 || part <= 0) {
    return 0;
  }
  return std::max<std::int64_t>(1, part * cells * 8 / whole);
}

// Mermaid's task line is "label :tags, start, end"; these would end the
// label early or start a comment (https://mermaid.js.org/syntax/gantt.html).
std::string gantt_label(const std::string& label) {
  std::string out;
  for (char c : label) {
    switch (c) {
      case ':': out += "\xE2\x88\xB6"; break;  // U+2236 RATIO looks like a colon
      // A viewer's HTML sanitiser could take "<<EOF /note" for a tag.
      case '<': out += "\xE2\x80\xB9"; break;  // U+2039 SINGLE LEFT-POINTING ANGLE QUOTATION MARK
      case '>': out += "\xE2\x80\xBA"; break;  // U+203A
      case '#':
      case ';':
      case '\r':
      case '\n': out += ' '; break;
      default: out += c;
    }
  }
  return out;
}

std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

bool ran(const TimingRow& row) { return row.status != "not run" && row.status != "more"; }

// Returns whether a BuildKit step is worth a bar whatever its time.
bool marked(const TimingRow& row) {
  return row.status == "cached" || row.status == "failed" || row.status == "unfinished";
}

// Returns the steps of one build that a picture draws (see chart_rows).
std::vector<TimingRow> chart_steps(std::vector<TimingRow> steps, std::size_t max_steps) {
  std::vector<TimingRow> kept;
  std::int64_t more = 0;
  std::int64_t more_ms = 0;
  for (TimingRow& row : steps) {
    if (marked(row) || row.ms >= k_min_step_ms) {
      kept.push_back(std::move(row));
    } else {
      ++more;
      more_ms += row.ms;
    }
  }
  const auto cached = std::count_if(kept.begin(), kept.end(),
                                    [](const TimingRow& r) { return r.status == "cached"; });
  if (kept.size() > max_steps && cached > 1) {
    // Many cached steps of no time: one row says they were cached.
    const auto first = std::find_if(kept.begin(), kept.end(),
                                    [](const TimingRow& r) { return r.status == "cached"; });
    TimingRow all = {std::to_string(cached) + " cached steps", first->start_ms, 0, "cached", 1};
    kept.erase(std::remove_if(kept.begin(), kept.end(),
                              [](const TimingRow& r) { return r.status == "cached"; }),
               kept.end());
    kept.push_back(all);
    std::stable_sort(kept.begin(), kept.end(), [](const TimingRow& a, const TimingRow& b) {
      return a.start_ms < b.start_ms;
    });
  }
  if (kept.size() > max_steps) {
    // The longest stay, failed ones first; then back into the order they ran.
    std::vector<std::size_t> order(kept.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const bool fa = kept[a].status == "failed";
      const bool fb = kept[b].status == "failed";
      return fa != fb ? fa : kept[a].ms > kept[b].ms;
    });
    std::vector<bool> keep(kept.size(), false);
    for (std::size_t i = 0; i < max_steps; ++i) {
      keep[order[i]] = true;
    }
    std::vector<TimingRow> longest;
    for (std::size_t i = 0; i < kept.size(); ++i) {
      if (keep[i]) {
        longest.push_back(std::move(kept[i]));
      } else {
        ++more;
        more_ms += kept[i].ms;
      }
    }
    kept = std::move(longest);
  }
  if (more > 0) {
    kept.push_back({"+ " + std::to_string(more) + " more step" + (more == 1 ? "" : "s"), 0,
                    more_ms, "more", 1});
  }
  return kept;
}

}  // namespace

std::vector<TimingRow> chart_rows(const std::vector<TimingRow>& rows, std::size_t max_steps) {
  std::vector<TimingRow> out;
  std::vector<TimingRow> steps;
  const auto flush = [&] {
    if (!steps.empty()) {
      for (TimingRow& row : chart_steps(std::move(steps), max_steps)) {
        out.push_back(std::move(row));
      }
      steps.clear();
    }
  };
  for (const TimingRow& row : rows) {
    if (row.depth > 0) {
      steps.push_back(row);
      continue;
    }
    flush();
    out.push_back(row);
  }
  flush();
  return out;
}

std::string human_ms(std::int64_t ms) {
  if (ms < 1000) {
    return std::to_string(ms) + " ms";
  }
  if (ms < 60'000) {
    const std::int64_t tenths = (ms + 50) / 100;
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
  }
  const std::int64_t s = (ms + 500) / 1000;
  return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
}

std::string timing_gantt(const std::vector<TimingRow>& all) {
  const std::vector<TimingRow> rows = chart_rows(all);
  // dateFormat x reads unix milliseconds: times from the run's start read
  // as moments after 1970-01-01T00:00Z, so the axis shows the elapsed time.
  std::int64_t total = 0;
  for (const TimingRow& row : rows) {
    if (ran(row)) {
      total = std::max(total, row.start_ms + row.ms);
    }
  }
  // Seconds and milliseconds for a short run, minutes and seconds otherwise.
  const char* axis = total < 10'000 ? "%S.%L" : "%M:%S";
  std::string md = "```mermaid\ngantt\n  dateFormat x\n  axisFormat " + std::string(axis) +
                   "\n  todayMarker off\n";
  int n = 0;
  const auto bar_line = [&](const TimingRow& row) {
    // A bar needs a length to be drawn; an end equal to its start is not.
    const std::int64_t end = row.start_ms + std::max<std::int64_t>(row.ms, 1);
    const std::string tag = row.status == "failed"   ? "crit, "
                            : row.status == "cached" ? "done, "
                                                     : "";
    const std::string time = row.status == "cached"       ? "cached"
                             : row.status == "unfinished" ? "unfinished"
                                                          : human_ms(row.ms);
    return "  " + gantt_label(row.label) + " (" + time + ") :" + tag + "s" + std::to_string(++n) +
           ", " + std::to_string(row.start_ms) + ", " + std::to_string(end) + "\n";
  };
  md += "  section berth\n";
  for (const TimingRow& row : rows) {
    if (row.depth == 0 && ran(row)) {
      md += bar_line(row);
    }
  }
  // Each build's BuildKit steps, in a section of their own under the steps.
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].depth != 0 || i + 1 == rows.size() || rows[i + 1].depth == 0) {
      continue;
    }
    std::string section = "  section " + gantt_label(rows[i].label) + " steps";
    std::string bars;
    for (std::size_t j = i + 1; j < rows.size() && rows[j].depth > 0; ++j) {
      if (rows[j].status == "more") {
        section += " (" + rows[j].label.substr(2) + " in the table)";
      } else {
        bars += bar_line(rows[j]);
      }
    }
    md += section + "\n" + bars;
  }
  md += "```\n";
  return md;
}

std::string timing_table(const std::vector<TimingRow>& rows) {
  std::int64_t longest = 0;
  for (const TimingRow& row : rows) {
    longest = std::max(longest, row.ms);
  }
  std::string md = "| step | status | start | time | |\n|---|---|--:|--:|---|\n";
  for (const TimingRow& row : rows) {
    md += "| " + std::string(row.depth > 0 ? "\xE2\x86\xB3 " : "") + cell(row.label) + " | " + row.status + " | +" + human_ms(row.start_ms) + " | " +
          human_ms(row.ms) + " | " + bar(scaled(row.ms, longest, 20)) + " |\n";
  }
  return md;
}

std::string timing_text(const std::vector<TimingRow>& all, int width) {
  std::vector<TimingRow> rows = chart_rows(all);
  std::int64_t total = 0;
  std::size_t label_width = 0;
  for (TimingRow& row : rows) {
    if (row.depth > 0) {
      row.label = "  " + row.label;
    }
    if (ran(row)) {
      total = std::max(total, row.start_ms + row.ms);
    }
    label_width = std::max(label_width, row.label.size());
  }
  label_width = std::min<std::size_t>(label_width, 48);
  std::string out;
  for (const TimingRow& row : rows) {
    std::string label = row.label.size() > label_width
                            ? row.label.substr(0, label_width - 1) + "~"
                            : row.label + std::string(label_width - row.label.size(), ' ');
    if (row.status == "more") {
      out += label + "  (" + human_ms(row.ms) + ")\n";
      continue;
    }
    // The bar starts in the cell where the step started.
    const std::int64_t offset = total > 0 ? row.start_ms * width / total : 0;
    std::string line = label + "  " + std::string(static_cast<std::size_t>(offset), ' ');
    line += ran(row) ? bar(scaled(row.ms, total, width)) : std::string("-");
    const std::int64_t used = offset + (ran(row) ? (scaled(row.ms, total, width) + 7) / 8 : 1);
    line += std::string(static_cast<std::size_t>(std::max<std::int64_t>(1, width - used + 1)), ' ');
    if (row.status == "cached") {
      line += "cached";
    } else {
      line += ran(row) ? human_ms(row.ms) : row.status;
    }
    if (row.status == "failed" || row.status == "unfinished") {
      line += " (" + row.status + ")";
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace berth::core
