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

bool ran(const TimingRow& row) { return row.status != "not run"; }

}  // namespace

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

std::string timing_gantt(const std::vector<TimingRow>& rows) {
  // dateFormat x reads unix milliseconds: times from the run's start read
  // as moments after 1970-01-01T00:00Z, so the axis shows the elapsed time.
  std::int64_t total = 0;
  for (const TimingRow& row : rows) {
    total = std::max(total, row.start_ms + row.ms);
  }
  // Seconds and milliseconds for a short run, minutes and seconds otherwise.
  const char* axis = total < 10'000 ? "%S.%L" : "%M:%S";
  std::string md = "```mermaid\ngantt\n  dateFormat x\n  axisFormat " + std::string(axis) +
                   "\n  todayMarker off\n";
  md += "  section berth\n";
  int n = 0;
  for (const TimingRow& row : rows) {
    if (!ran(row)) {
      continue;
    }
    // A bar needs a length to be drawn; an end equal to its start is not.
    const std::int64_t end = row.start_ms + std::max<std::int64_t>(row.ms, 1);
    const std::string tag = row.status == "failed" ? "crit, " : "";
    md += "  " + gantt_label(row.label) + " (" + human_ms(row.ms) + ") :" + tag + "s" +
          std::to_string(++n) + ", " + std::to_string(row.start_ms) + ", " + std::to_string(end) +
          "\n";
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
    md += "| " + cell(row.label) + " | " + row.status + " | +" + human_ms(row.start_ms) + " | " +
          human_ms(row.ms) + " | " + bar(scaled(row.ms, longest, 20)) + " |\n";
  }
  return md;
}

std::string timing_text(const std::vector<TimingRow>& rows, int width) {
  std::int64_t total = 0;
  std::size_t label_width = 0;
  for (const TimingRow& row : rows) {
    total = std::max(total, row.start_ms + row.ms);
    label_width = std::max(label_width, row.label.size());
  }
  label_width = std::min<std::size_t>(label_width, 48);
  std::string out;
  for (const TimingRow& row : rows) {
    std::string label = row.label.size() > label_width
                            ? row.label.substr(0, label_width - 1) + "~"
                            : row.label + std::string(label_width - row.label.size(), ' ');
    // The bar starts in the cell where the step started.
    const std::int64_t offset = total > 0 ? row.start_ms * width / total : 0;
    std::string line = label + "  " + std::string(static_cast<std::size_t>(offset), ' ');
    line += ran(row) ? bar(scaled(row.ms, total, width)) : std::string("-");
    const std::int64_t used = offset + (ran(row) ? (scaled(row.ms, total, width) + 7) / 8 : 1);
    line += std::string(static_cast<std::size_t>(std::max<std::int64_t>(1, width - used + 1)), ' ');
    line += ran(row) ? human_ms(row.ms) : row.status;
    if (row.status == "failed") {
      line += " (failed)";
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace berth::core
