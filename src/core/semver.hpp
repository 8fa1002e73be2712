// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::core {

// A Semantic Versioning 2.0.0 version (https://semver.org).
struct SemVer {
  std::uint64_t major = 0;
  std::uint64_t minor = 0;
  std::uint64_t patch = 0;
  std::vector<std::string> prerelease;  // dot-separated identifiers
  std::vector<std::string> build;       // dot-separated identifiers

  bool is_prerelease() const { return !prerelease.empty(); }
  // Returns "1.2.3" or "1.2.3-rc.1": no leading "v", no build metadata.
  std::string version() const;
};

// Parses `text` strictly as SemVer 2.0.0, allowing one leading "v" (as git
// tags are written: "v1.2.3"). Returns nothing when `text` is not a version:
// leading zeros, missing parts and empty identifiers are all rejected.
std::optional<SemVer> parse_semver(std::string_view text);

// Compares by SemVer precedence (build metadata ignored): <0, 0 or >0.
int compare(const SemVer& a, const SemVer& b);

}  // namespace berth::core
