// SPDX-License-Identifier: MIT
#include "app/terminal.hpp"

#include <unistd.h>

namespace berth::app {

bool colour_allowed(bool is_terminal, const io::Env& env) {
  return is_terminal && env.get("NO_COLOR").empty() && env.get("TERM") != "dumb" &&
         env.get("GITHUB_ACTIONS") != "true";
}

io::ConsoleStyle console_style(bool is_terminal, const io::Env& env) {
  if (env.get("GITHUB_ACTIONS") == "true") {
    return io::ConsoleStyle::k_workflow;
  }
  return colour_allowed(is_terminal, env) ? io::ConsoleStyle::k_plain_colour
                                          : io::ConsoleStyle::k_plain;
}

bool is_terminal(std::FILE* stream) { return isatty(fileno(stream)) == 1; }

std::string paint(std::string_view text, Style style, bool colour) {
  if (!colour) {
    return std::string(text);
  }
  const char* code = "2";
  switch (style) {
    case Style::k_dim: code = "2"; break;
    case Style::k_bold: code = "1"; break;
    case Style::k_green: code = "32"; break;
    case Style::k_yellow: code = "33"; break;
    case Style::k_red: code = "31"; break;
  }
  return std::string("\x1b[") + code + "m" + std::string(text) + "\x1b[0m";
}

void Progress::show(std::string_view text) {
  if (!m_on) {
    return;
  }
  // Carriage return, erase the line, the text: one line redrawn in place.
  std::fprintf(m_stream, "\r\x1b[2K%.*s", static_cast<int>(text.size()), text.data());
  std::fflush(m_stream);
  m_shown = true;
}

void Progress::clear() {
  if (m_on && m_shown) {
    std::fputs("\r\x1b[2K", m_stream);
    std::fflush(m_stream);
    m_shown = false;
  }
}

}  // namespace berth::app
