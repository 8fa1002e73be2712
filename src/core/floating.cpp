// SPDX-License-Identifier: MIT
#include "core/floating.hpp"

#include <optional>

namespace berth::core {

std::vector<HeldBack> held_back_floating_tags(const SemVer& version,
                                              const std::vector<std::string>& existing) {
  // The highest release in each scope: all, same major, same major.minor.
  std::optional<SemVer> top, top_major, top_minor;
  const auto raise = [](std::optional<SemVer>& best, const SemVer& v) {
    if (!best || compare(v, *best) > 0) {
      best = v;
    }
  };
  for (const std::string& tag : existing) {
    const auto v = parse_semver(tag);
    if (!v || v->is_prerelease() || compare(*v, version) <= 0) {
      continue;
    }
    raise(top, *v);
    if (v->major == version.major) {
      raise(top_major, *v);
      if (v->minor == version.minor) {
        raise(top_minor, *v);
      }
    }
  }
  std::vector<HeldBack> out;
  const std::string major = std::to_string(version.major);
  const std::string minor = major + "." + std::to_string(version.minor);
  if (top) {
    out.push_back({"latest", top->version() + " is a higher release"});
  }
  if (top_major) {
    out.push_back({major, top_major->version() + " is a higher " + major + ".x release"});
  }
  if (top_minor) {
    out.push_back({minor, top_minor->version() + " is a higher " + minor + ".x release"});
  }
  return out;
}

}  // namespace berth::core
