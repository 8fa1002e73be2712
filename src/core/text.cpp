// SPDX-License-Identifier: MIT
#include "core/text.hpp"

#include <algorithm>

namespace berth::core {

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (is_upper(c)) {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view k_blank = " \t\r\n";
  const auto first = s.find_first_not_of(k_blank);
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = s.find_last_not_of(k_blank);
  return s.substr(first, last - first + 1);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

std::vector<std::string> input_lines(std::string_view s) {
  std::vector<std::string> out;
  for (std::string_view line : split(s, '\n')) {
    line = trim(line);
    if (!line.empty() && line[0] != '#') {
      out.emplace_back(line);
    }
  }
  return out;
}

std::vector<std::string> input_items(std::string_view s) {
  std::vector<std::string> out;
  for (std::string_view line : split(s, '\n')) {
    for (std::string_view item : split(line, ',')) {
      item = trim(item);
      if (!item.empty()) {
        out.emplace_back(item);
      }
    }
  }
  return out;
}

std::string url_encode(std::string_view s) {
  static const char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    if (is_alnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      const auto u = static_cast<unsigned char>(c);
      out += '%';
      out += k_hex[u >> 4];
      out += k_hex[u & 15];
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) {
      out += sep;
    }
    out += parts[i];
  }
  return out;
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) {
    list.push_back(value);
  }
}

std::string json_string(std::string_view s) {
  static const char* hex = "0123456789abcdef";
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += "\\u00";
      out += hex[u >> 4];
      out += hex[u & 0xf];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string markdown_cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\n': out += "<br>"; break;
      case '`': out += "'"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace berth::core
