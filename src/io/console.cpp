// SPDX-License-Identifier: MIT
#include "io/console.hpp"

#include <algorithm>

#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "core/error.hpp"
#include "core/text.hpp"
#include "core/workflow.hpp"
#include "io/random.hpp"

namespace berth::io {

Console::Console(std::FILE* stream) {
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

Console::~Console() = default;

void Console::raw(const std::string& line) { m_log->info(line); }

void Console::add_mask(std::string_view secret) {
  if (core::trim(secret).empty()) {
    return;
  }
  raw(core::workflow_command("add-mask", {}, secret));
}

void Console::group(std::string_view title) {
  raw(core::workflow_command("group", {}, title));
}

void Console::endgroup() { raw("::endgroup::"); }

void Console::error(const Error& e) {
  std::string title;
  const bool is_variable =
      !e.input().empty() && std::all_of(e.input().begin(), e.input().end(), [](char c) {
        return core::is_upper(c) || core::is_digit(c) || c == '_';
      });
  if (core::starts_with(e.input(), "GITHUB_")) {
    title = "Invalid GitHub context '" + e.input() + "'";
  } else if (is_variable) {
    title = "Invalid variable '" + e.input() + "'";
  } else if (!e.input().empty()) {
    title = "Invalid input '" + e.input() + "'";
  }
  raw(core::workflow_command("error", {{"title", title}}, e.what()));
}

void Console::warning(std::string_view message) {
  raw(core::workflow_command("warning", {}, message));
}

void Console::notice(std::string_view message) {
  raw(core::workflow_command("notice", {}, message));
}

void Console::info(std::string_view line) {
  if (!core::looks_like_command(line)) {
    raw(std::string(line));
    return;
  }
  const std::string token = random_token();
  raw(core::workflow_command("stop-commands", {}, token));
  raw(std::string(line));
  raw("::" + token + "::");
}

}  // namespace berth::io
