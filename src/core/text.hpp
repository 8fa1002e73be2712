// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

// Small ASCII string helpers shared by the core. Locale-independent on purpose:
// tags, references and inputs are ASCII grammars.
namespace berth::core {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_alnum(char c) { return is_digit(c) || is_lower(c) || is_upper(c); }
inline bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Returns `s` with ASCII letters lowercased.
std::string to_lower(std::string_view s);

// Returns `s` without leading and trailing spaces, tabs, CR and LF.
std::string_view trim(std::string_view s);

// Splits `s` at every `sep`; keeps empty pieces ("a,,b" gives 3).
std::vector<std::string_view> split(std::string_view s, char sep);

// Splits `s` into lines (LF or CRLF), trimmed, dropping empty lines and
// lines whose first non-blank character is '#'.
std::vector<std::string> input_lines(std::string_view s);

// Splits `s` into items at newlines and commas, trimmed, dropping empty ones.
std::vector<std::string> input_items(std::string_view s);

// Joins `parts` with `sep` between them.
std::string join(const std::vector<std::string>& parts, std::string_view sep);

// Appends `value` to `list` unless it is there already (order kept).
void add_unique(std::vector<std::string>& list, const std::string& value);

// Percent-encodes `s` for a URL query value: everything but unreserved
// characters (RFC 3986 §2.3).
std::string url_encode(std::string_view s);

// Returns `s` as a JSON string (RFC 8259: quote, backslash and control
// characters escaped; other bytes, UTF-8 included, as they are).
std::string json_string(std::string_view s);
// Returns whether `s` starts (ends) with `prefix` (`suffix`).
inline bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
inline bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

// Returns `s` safe inside a markdown table cell: '|' escaped, '<', '>' and
// '&' as entities, line breaks as <br>, backticks as quotes (a cell's code
// span stays whole).
std::string markdown_cell(std::string_view s);

}  // namespace berth::core
