// SPDX-License-Identifier: MIT
#include "io/console.hpp"

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

Console::Console(std::function<void(const std::string&)> sink) : m_sink(std::move(sink)) {}

Console::~Console() = default;

void Console::raw(const std::string& line) {
  if (m_sink) {
    m_sink(line);
  } else {
    m_log->info(line);
  }
}

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
