// SPDX-License-Identifier: MIT
#include "support/runner_files.hpp"

#include <stdexcept>
#include <vector>

namespace berth::testing {

std::map<std::string, std::string> parse_runner_file(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto nl = text.find('\n', start);
    if (nl == std::string::npos) {
      if (start < text.size()) {
        lines.push_back(text.substr(start));
      }
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty()) {
      continue;
    }
    const auto eq = line.find('=');
    const auto heredoc = line.find("<<");
    if (eq != std::string::npos && (heredoc == std::string::npos || eq < heredoc)) {
      out[line.substr(0, eq)] = line.substr(eq + 1);
      continue;
    }
    if (heredoc == std::string::npos || heredoc == 0 || heredoc + 2 == line.size()) {
      throw std::runtime_error("Invalid format '" + line + "'");
    }
    const std::string name = line.substr(0, heredoc);
    const std::string delimiter = line.substr(heredoc + 2);
    std::vector<std::string> body;
    bool closed = false;
    for (++i; i < lines.size(); ++i) {
      if (lines[i] == delimiter) {
        closed = true;
        break;
      }
      body.push_back(lines[i]);
    }
    if (!closed) {
      throw std::runtime_error("Matching delimiter not found '" + delimiter + "'");
    }
    std::string value;
    for (std::size_t j = 0; j < body.size(); ++j) {
      value += (j > 0 ? "\n" : "") + body[j];
    }
    out[name] = value;
  }
  return out;
}

}  // namespace berth::testing
