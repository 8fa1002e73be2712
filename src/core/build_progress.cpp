// SPDX-License-Identifier: MIT
#include "core/build_progress.hpp"

#include "core/text.hpp"

// BuildKit's plain progress (buildx --progress=plain) writes each vertex as
// lines "#N TEXT": the vertex's name when it first shows (and again whenever
// the output comes back to it after another's, as "#N ..." said it left),
// then its statuses ("#N transferring context: 2B done"), its logs with
// their time ("#N 0.215 output"), and one end: "#N DONE 1.3s", "#N CACHED",
// "#N ERROR: message" or "#N CANCELED". Vertexes interleave; the id ties the
// lines together.
namespace berth::core {
namespace {

// Returns whether `text` starts with "i/n] " (digits, a slash, digits).
bool index_bracket(std::string_view text) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < text.size() && is_digit(text[i])) {
      ++i;
    }
    return i > from;
  };
  if (!digits() || i >= text.size() || text[i] != '/') {
    return false;
  }
  ++i;
  return digits() && text.substr(i, 2) == "] ";
}

}  // namespace

std::int64_t parse_seconds_ms(std::string_view text) {
  if (text.empty() || text.back() != 's') {
    return -1;
  }
  text.remove_suffix(1);
  std::int64_t whole = 0;
  std::size_t i = 0;
  for (; i < text.size() && is_digit(text[i]); ++i) {
    if (whole > 1'000'000'000) {
      return -1;
    }
    whole = whole * 10 + (text[i] - '0');
  }
  if (i == 0) {
    return -1;
  }
  std::int64_t ms = whole * 1000;
  if (i < text.size()) {
    if (text[i] != '.' || i + 1 == text.size()) {
      return -1;
    }
    std::int64_t scale = 100;
    for (++i; i < text.size(); ++i) {
      if (!is_digit(text[i])) {
        return -1;
      }
      ms += (text[i] - '0') * scale;
      scale /= 10;
    }
  }
  return ms;
}

bool BuildStep::dockerfile() const {
  if (!starts_with(name, "[")) {
    return false;
  }
  const std::string_view inside = std::string_view(name).substr(1);
  // "[2/4] ", or "[stage 2/4] " with the index after the last space of
  // what is in the brackets ("[linux/arm64 build 2/4] ").
  const std::size_t close = inside.find(']');
  if (close == std::string_view::npos) {
    return false;
  }
  const std::size_t space = inside.substr(0, close).rfind(' ');
  return index_bracket(space == std::string_view::npos ? inside : inside.substr(space + 1));
}

std::int64_t BuildStep::ms() const {
  if (reported_ms >= 0) {
    return reported_ms;
  }
  if (cached) {
    return 0;
  }
  const std::int64_t end = end_ns != 0 ? end_ns : last_ns;
  return end > start_ns ? (end - start_ns) / 1'000'000 : 0;
}

const char* BuildStep::status() const {
  if (!error.empty()) {
    return "failed";
  }
  if (cached) {
    return "cached";
  }
  return finished() ? "done" : "unfinished";
}

void BuildProgress::add_line(std::string_view line, std::int64_t at_ns) {
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  if (line.size() < 3 || line[0] != '#' || !is_digit(line[1])) {
    return;
  }
  std::size_t i = 1;
  int id = 0;
  for (; i < line.size() && is_digit(line[i]); ++i) {
    if (id > 1'000'000) {
      return;  // no build has that many vertexes: not progress
    }
    id = id * 10 + (line[i] - '0');
  }
  // "#0 building with "default" instance using docker driver" is buildx's
  // word about its builder, not a vertex: BuildKit's are numbered from 1.
  if (id == 0 || i >= line.size() || line[i] != ' ') {
    return;
  }
  const std::string_view text = line.substr(i + 1);
  if (text.empty()) {
    return;
  }
  const auto known = m_index.find(id);
  if (known == m_index.end()) {
    // A vertex's first line is its name.
    BuildStep step;
    step.id = id;
    step.name = std::string(text);
    step.start_ns = at_ns;
    step.last_ns = at_ns;
    m_index.emplace(id, m_steps.size());
    m_steps.push_back(std::move(step));
    return;
  }
  BuildStep& step = m_steps[known->second];
  step.last_ns = at_ns;
  if (starts_with(text, "DONE ")) {
    const std::int64_t ms = parse_seconds_ms(text.substr(5));
    if (ms >= 0) {
      step.reported_ms = ms;
      step.end_ns = at_ns;
    }
  } else if (text == "CACHED") {
    step.cached = true;
    step.end_ns = at_ns;
  } else if (starts_with(text, "ERROR:") || text == "ERROR") {
    step.error = std::string(trim(text.substr(text.find(':') == std::string_view::npos
                                                  ? text.size()
                                                  : text.find(':') + 1)));
    if (step.error.empty()) {
      step.error = "error";
    }
    step.end_ns = at_ns;
  } else if (text == "CANCELED") {
    step.error = "canceled";
    step.end_ns = at_ns;
  }
}

}  // namespace berth::core
