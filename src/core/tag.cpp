// SPDX-License-Identifier: MIT
#include "core/tag.hpp"

#include "core/text.hpp"

namespace berth::core {
namespace {

bool is_tag_char(char c) {
  return is_alnum(c) || c == '_' || c == '.' || c == '-';
}

}  // namespace

bool is_valid_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > k_max_tag_length) {
    return false;
  }
  if (!(is_alnum(tag[0]) || tag[0] == '_')) {
    return false;
  }
  for (char c : tag) {
    if (!is_tag_char(c)) {
      return false;
    }
  }
  return true;
}

std::string sanitize_tag(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool in_run = false;
  for (char c : to_lower(name)) {
    if (is_tag_char(c)) {
      out += c;
      in_run = false;
    } else if (!in_run) {
      out += '-';
      in_run = true;
    }
  }
  const auto first = out.find_first_not_of(".-");
  if (first == std::string::npos) {
    return {};
  }
  out.erase(0, first);
  if (out.size() > k_max_tag_length) {
    out.resize(k_max_tag_length);
  }
  return out;
}

}  // namespace berth::core
