// SPDX-License-Identifier: MIT
#include "core/semver.hpp"

#include <algorithm>
#include <limits>

#include "core/text.hpp"

namespace berth::core {
namespace {

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// A numeric part: digits, no leading zero (semver.org rule 2).
std::optional<std::uint64_t> parse_number(std::string_view s) {
  if (!is_digits(s) || (s.size() > 1 && s[0] == '0')) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (char c : s) {
    const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
      return std::nullopt;
    }
    value = value * 10 + digit;
  }
  return value;
}

bool is_identifier_char(char c) { return is_alnum(c) || c == '-'; }

// Splits dot-separated identifiers; each is non-empty [0-9A-Za-z-]+, and for
// prerelease identifiers a numeric one has no leading zero (rule 9).
std::optional<std::vector<std::string>> parse_identifiers(std::string_view s,
                                                          bool prerelease) {
  std::vector<std::string> out;
  for (std::string_view id : split(s, '.')) {
    if (id.empty() || !std::all_of(id.begin(), id.end(), is_identifier_char)) {
      return std::nullopt;
    }
    if (prerelease && is_digits(id) && id.size() > 1 && id[0] == '0') {
      return std::nullopt;
    }
    out.emplace_back(id);
  }
  return out;
}

int compare_identifier(const std::string& a, const std::string& b) {
  const bool a_num = is_digits(a);
  const bool b_num = is_digits(b);
  if (a_num && b_num) {
    if (a.size() != b.size()) {
      return a.size() < b.size() ? -1 : 1;
    }
    return a.compare(b);
  }
  if (a_num != b_num) {
    return a_num ? -1 : 1;  // numeric identifiers sort first (rule 11.4.3)
  }
  return a.compare(b);
}

}  // namespace

std::string SemVer::version() const {
  std::string out = std::to_string(major) + "." + std::to_string(minor) + "." +
                    std::to_string(patch);
  if (!prerelease.empty()) {
    out += "-" + join(prerelease, ".");
  }
  return out;
}

std::optional<SemVer> parse_semver(std::string_view text) {
  if (!text.empty() && text[0] == 'v') {
    text.remove_prefix(1);
  }
  SemVer v;
  if (const auto plus = text.find('+'); plus != std::string_view::npos) {
    auto build = parse_identifiers(text.substr(plus + 1), false);
    if (!build) {
      return std::nullopt;
    }
    v.build = std::move(*build);
    text = text.substr(0, plus);
  }
  if (const auto dash = text.find('-'); dash != std::string_view::npos) {
    auto pre = parse_identifiers(text.substr(dash + 1), true);
    if (!pre) {
      return std::nullopt;
    }
    v.prerelease = std::move(*pre);
    text = text.substr(0, dash);
  }
  const auto parts = split(text, '.');
  if (parts.size() != 3) {
    return std::nullopt;
  }
  const auto major = parse_number(parts[0]);
  const auto minor = parse_number(parts[1]);
  const auto patch = parse_number(parts[2]);
  if (!major || !minor || !patch) {
    return std::nullopt;
  }
  v.major = *major;
  v.minor = *minor;
  v.patch = *patch;
  return v;
}

int compare(const SemVer& a, const SemVer& b) {
  if (a.major != b.major) {
    return a.major < b.major ? -1 : 1;
  }
  if (a.minor != b.minor) {
    return a.minor < b.minor ? -1 : 1;
  }
  if (a.patch != b.patch) {
    return a.patch < b.patch ? -1 : 1;
  }
  // A version without prerelease ranks above one with (rule 11.3).
  if (a.prerelease.empty() != b.prerelease.empty()) {
    return a.prerelease.empty() ? 1 : -1;
  }
  const std::size_t n = std::min(a.prerelease.size(), b.prerelease.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (const int c = compare_identifier(a.prerelease[i], b.prerelease[i])) {
      return c < 0 ? -1 : 1;
    }
  }
  if (a.prerelease.size() == b.prerelease.size()) {
    return 0;
  }
  return a.prerelease.size() < b.prerelease.size() ? -1 : 1;
}

}  // namespace berth::core
