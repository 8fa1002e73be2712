// SPDX-License-Identifier: MIT
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace spdlog {
class logger;
}

namespace berth {
class Error;
}

namespace berth::io {

// The step log: human lines and GitHub workflow commands, written in order to
// one stream and flushed line by line, so that ::add-mask:: reaches the runner
// before anything it protects.
class Console {
 public:
  // Writes to `stream` (stdout for the action, stderr for CLI subcommands
  // whose stdout is data).
  explicit Console(std::FILE* stream);
  // Hands every finished line to `sink` instead (tests read the log this way).
  explicit Console(std::function<void(const std::string&)> sink);
  ~Console();
  Console(const Console&) = delete;
  Console& operator=(const Console&) = delete;

  // Tells the runner to mask `secret` (and each of its lines) from now on.
  void add_mask(std::string_view secret);
  void group(std::string_view title);
  void endgroup();
  // Prints an ::error:: annotation; titled "Invalid input 'x'" when the
  // error names an input, "Invalid GitHub context 'X'" for a GITHUB_* name,
  // "Invalid variable 'X'" for another environment variable.
  void error(const Error& e);
  void warning(std::string_view message);
  void notice(std::string_view message);
  // Prints a log line. A line that the runner would take for a workflow
  // command (untrusted text: branch names, registry messages) is fenced with
  // ::stop-commands:: so that it prints as text.
  void info(std::string_view line);

 private:
  void raw(const std::string& line);

  std::shared_ptr<spdlog::logger> m_log;
  std::function<void(const std::string&)> m_sink;
};

}  // namespace berth::io
