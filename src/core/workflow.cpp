// SPDX-License-Identifier: MIT
#include "core/workflow.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/text.hpp"

namespace berth::core {

// Escaping as the runner unescapes it (actions/runner ActionCommand.cs; the
// toolkit's command.ts escapes '%' first).
std::string escape_data(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

std::string workflow_command(std::string_view name,
                             const std::vector<std::pair<std::string, std::string>>& props,
                             std::string_view data) {
  std::string out = "::" + std::string(name);
  bool first = true;
  for (const auto& [key, value] : props) {
    if (value.empty()) {
      continue;
    }
    out += first ? " " : ",";
    out += key + "=" + escape_property(value);
    first = false;
  }
  return out + "::" + escape_data(data);
}

std::string heredoc_entry(std::string_view name, std::string_view value,
                          std::string_view delimiter) {
  const bool plain_name =
      !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return is_alnum(c) || c == '_' || c == '-';
      });
  if (!plain_name) {
    throw Error("output name \"" + std::string(name) + "\" is not an identifier");
  }
  // A delimiter holding a line break never appears as a line of its own, so
  // the runner would end the value elsewhere (found by fuzz/fuzz_heredoc.cpp).
  if (delimiter.empty() || delimiter.find_first_of("\r\n") != std::string_view::npos) {
    throw Error("output delimiter for " + std::string(name) +
                    " is empty or holds a line break",
                std::string(name));
  }
  // The runner ends the value at the first line equal to the delimiter, so a
  // value holding it could smuggle in further outputs.
  if (value.find(delimiter) != std::string_view::npos) {
    throw Error("the value of output " + std::string(name) +
                    " contains the output delimiter; refusing to write it",
                std::string(name));
  }
  std::string out;
  out.reserve(name.size() + value.size() + 2 * delimiter.size() + 6);
  out.append(name).append("<<").append(delimiter).append("\n");
  out.append(value).append("\n").append(delimiter).append("\n");
  return out;
}

}  // namespace berth::core
