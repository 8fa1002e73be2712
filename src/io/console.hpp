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

// How the console writes what is meant for a reader rather than a log line:
// errors, warnings, notices, groups and masks.
enum class ConsoleStyle {
  k_workflow,      // GitHub workflow commands (::error::, ::group::, ::add-mask::): in Actions
  k_plain,         // plain lines ("error: ...", "warning: ..."): a person reads them
  k_plain_colour,  // plain lines, the "error:"/"warning:" words coloured (a terminal)
};

// The step log: human lines and GitHub workflow commands, written in order to
// one stream and flushed line by line, so that ::add-mask:: reaches the runner
// before anything it protects. In a plain style (berth on a laptop: no runner
// reads the lines) errors and warnings are readable lines, groups are a
// title line, masks print nothing (there is no runner to hide the line, and
// printing it would show the secret) and text needs no ::stop-commands:: fence.
class Console {
 public:
  // Writes to `stream` (stdout for the action, stderr for CLI subcommands
  // whose stdout is data).
  explicit Console(std::FILE* stream, ConsoleStyle style = ConsoleStyle::k_workflow);
  // Hands every finished line to `sink` instead (tests read the log this way).
  explicit Console(std::function<void(const std::string&)> sink,
                   ConsoleStyle style = ConsoleStyle::k_workflow);
  ~Console();
  Console(const Console&) = delete;
  Console& operator=(const Console&) = delete;

  // Tells the runner to mask `secret` from now on: one ::add-mask:: per
  // line (core::secret_lines), since the runner masks its log line by line.
  // The runner itself derives the encodings it masks too (base64 at each
  // alignment, JSON, URI and XML escapes), so only the lines are sent. Each
  // line is flushed before anything else is written.
  void add_mask(std::string_view secret);
  // Opens a collapsible group titled `title` (escaped: one line whatever it
  // holds).
  void group(std::string_view title);
  // Closes the group opened last.
  void endgroup();
  // Prints an ::error:: annotation (plain: "error: MESSAGE"); titled "Invalid input 'x'" when the
  // error names an input, "Invalid GitHub context 'X'" for a GITHUB_* name,
  // "Invalid variable 'X'" for another environment variable. The message is
  // escaped ('%', CR, LF) so it stays one annotation.
  void error(const Error& e);
  // Prints a ::warning:: annotation of `message`, escaped as in error()
  // (plain: "warning: MESSAGE").
  void warning(std::string_view message);
  // Prints a ::notice:: annotation of `message`, escaped as in error()
  // (plain: "notice: MESSAGE").
  void notice(std::string_view message);
  // Prints `text` (untrusted: child output, inputs, payload fields, registry
  // replies) as log text: split into lines as the runner splits them, and
  // fenced with ::stop-commands:: when any line could be read as a workflow
  // command (core::text_lines). Throws nothing but what writing throws.
  void info(std::string_view text);

 private:
  // Writes one line; the only way out to the log. `line` holds no CR or LF.
  void raw(const std::string& line);
  // Writes `message` as plain lines, the first led by `word` ("error").
  void plain(std::string_view word, const char* colour, std::string_view message);
  bool is_plain() const { return m_style != ConsoleStyle::k_workflow; }

  ConsoleStyle m_style = ConsoleStyle::k_workflow;
  std::shared_ptr<spdlog::logger> m_log;
  std::function<void(const std::string&)> m_sink;
};

}  // namespace berth::io
