// SPDX-License-Identifier: MIT
#include "io/console.hpp"

#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <cassert>

#include "core/error.hpp"
#include "core/log_line.hpp"
#include "core/text.hpp"
#include "core/workflow.hpp"
#include "io/random.hpp"

namespace berth::io {

Console::Console(std::FILE* stream, ConsoleStyle style) : m_style(style) {
  std::shared_ptr<spdlog::sinks::sink> sink;
  if (stream == stderr) {
    sink = std::make_shared<spdlog::sinks::stderr_sink_st>();
  } else {
    sink = std::make_shared<spdlog::sinks::stdout_sink_st>();
  }
  m_log = std::make_shared<spdlog::logger>("berth", std::move(sink));
  m_log->set_pattern("%v");
  m_log->set_level(spdlog::level::info);
  m_log->flush_on(spdlog::level::trace);
}

Console::Console(std::function<void(const std::string&)> sink, ConsoleStyle style)
    : m_style(style), m_sink(std::move(sink)) {}

Console::~Console() = default;

void Console::raw(const std::string& line) {
  // Every writer escapes or splits first: a line break here would let the
  // rest of the line reach the runner as a line of its own.
  assert(line.find_first_of("\r\n") == std::string::npos);
  if (m_sink) {
    m_sink(line);
  } else {
    m_log->info(line);
  }
}

void Console::plain(std::string_view word, const char* colour, std::string_view message) {
  std::string lead(word);
  lead += ':';
  if (m_style == ConsoleStyle::k_plain_colour) {
    lead = std::string("\x1b[") + colour + "m" + lead + "\x1b[0m";
  }
  bool first = true;
  for (const std::string_view line : core::runner_lines(message)) {
    raw(first ? lead + " " + std::string(line) : "  " + std::string(line));
    first = false;
  }
}

void Console::add_mask(std::string_view secret) {
  if (is_plain()) {
    return;
  }
  for (const std::string_view line : core::secret_lines(secret)) {
    raw(core::workflow_command("add-mask", {}, line));
  }
}

void Console::group(std::string_view title) {
  if (is_plain()) {
    for (const std::string_view line : core::runner_lines(title)) {
      raw(m_style == ConsoleStyle::k_plain_colour ? "\x1b[1m" + std::string(line) + "\x1b[0m"
                                                  : std::string(line));
    }
    return;
  }
  raw(core::workflow_command("group", {}, title));
}

void Console::endgroup() {
  if (!is_plain()) {
    raw("::endgroup::");
  }
}

void Console::error(const Error& e) {
  if (is_plain()) {
    plain("error", "1;31", e.what());
    return;
  }
  std::string title;
  if (e.blame() == Blame::k_input) {
    title = "Invalid input '" + e.input() + "'";
  } else if (e.blame() == Blame::k_variable) {
    title = (core::starts_with(e.input(), "GITHUB_") ? "Invalid GitHub context '"
                                                     : "Invalid variable '") +
            e.input() + "'";
  }
  raw(core::workflow_command("error", {{"title", title}}, e.what()));
}

void Console::warning(std::string_view message) {
  if (is_plain()) {
    plain("warning", "1;33", message);
    return;
  }
  raw(core::workflow_command("warning", {}, message));
}

void Console::notice(std::string_view message) {
  if (is_plain()) {
    plain("notice", "1;36", message);
    return;
  }
  raw(core::workflow_command("notice", {}, message));
}

void Console::info(std::string_view text) {
  if (is_plain()) {
    for (const std::string_view line : core::runner_lines(text)) {
      raw(std::string(line));
    }
    return;
  }
  for (const std::string& line : core::text_lines(text, random_token)) {
    raw(line);
  }
}

}  // namespace berth::io
