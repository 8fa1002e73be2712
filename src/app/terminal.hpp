// SPDX-License-Identifier: MIT
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "io/console.hpp"
#include "io/env.hpp"

// Terminal manners of the local CLI: colour only on a terminal and never with
// NO_COLOR (no-color.org: set and not empty), TERM=dumb or in Actions; a
// progress line on long steps only on a terminal.
namespace berth::app {

// Returns whether text written to a stream that is (`is_terminal`) a
// terminal may carry colour, given the environment.
bool colour_allowed(bool is_terminal, const io::Env& env);

// Returns how the console writes errors and warnings to a stream that is
// (`is_terminal`) a terminal: workflow commands in Actions (GITHUB_ACTIONS=
// true), where the runner reads them; else plain lines, coloured when
// colour_allowed.
io::ConsoleStyle console_style(bool is_terminal, const io::Env& env);

// Returns whether `stream` is a terminal.
bool is_terminal(std::FILE* stream);

enum class Style { k_dim, k_bold, k_green, k_yellow, k_red };

// Returns `text` in `style` when `colour`, else `text` unchanged.
std::string paint(std::string_view text, Style style, bool colour);

// One line that says what a long step is doing, redrawn in place and erased
// when done; nothing at all when not on a terminal.
class Progress {
 public:
  Progress(std::FILE* stream, bool on) : m_stream(stream), m_on(on) {}
  ~Progress() { clear(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  // Shows `text` (one line) in place of the last.
  void show(std::string_view text);
  // Erases the line.
  void clear();

 private:
  std::FILE* m_stream;
  bool m_on;
  bool m_shown = false;
};

}  // namespace berth::app
