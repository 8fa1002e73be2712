// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::core {

// A Python package version (PEP 440, https://peps.python.org/pep-0440/).
struct Pep440 {
  std::uint64_t epoch = 0;
  std::vector<std::uint64_t> release;  // 1.2.3
  std::string pre_label;               // "a", "b" or "rc"; "" when no pre-release
  std::uint64_t pre_number = 0;
  std::optional<std::uint64_t> post;
  std::optional<std::uint64_t> dev;
  std::string local;  // "ubuntu.1", normalized; "" when none

  bool is_prerelease() const { return !pre_label.empty() || dev.has_value(); }
  bool is_postrelease() const { return post.has_value(); }
  bool is_devrelease() const { return dev.has_value(); }
  // Returns release[i], or 0 past its end (major, minor, patch).
  std::uint64_t part(std::size_t i) const { return i < release.size() ? release[i] : 0; }
  // Returns the normalized form: "1.1b2" for "1.1beta2", "1.0.dev4" for
  // "1.0dev4", "1.2.3" for "v1.2.3".
  std::string normalized() const;
};

// Parses `text` as a PEP 440 version, with the spelling variants the PEP
// allows (a leading "v", "alpha", "-", "_", case). Returns nothing if invalid.
std::optional<Pep440> parse_pep440(std::string_view text);

}  // namespace berth::core
