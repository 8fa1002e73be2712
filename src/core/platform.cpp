// SPDX-License-Identifier: MIT
#include "core/platform.hpp"

#include <vector>

#include "core/error.hpp"

namespace berth::core {
namespace {

bool is_part(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string Platform::str() const {
  return os + "/" + architecture + (variant.empty() ? "" : "/" + variant);
}

std::optional<Platform> parse_platform(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = text.find('/', start);
    parts.push_back(text.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) {
      break;
    }
    start = slash + 1;
  }
  if (parts.size() < 2 || parts.size() > 3) {
    return std::nullopt;
  }
  for (std::string_view part : parts) {
    if (!is_part(part)) {
      return std::nullopt;
    }
  }
  Platform p{std::string(parts[0]), std::string(parts[1]),
             parts.size() == 3 ? std::string(parts[2]) : std::string()};
  return p;
}

std::string platform_tag(const std::string& tag, const Platform& platform) {
  std::string out = tag + "-" + platform.os + "-" + platform.architecture;
  if (!platform.variant.empty()) {
    out += "-" + platform.variant;
  }
  return out;
}

std::string platform_tag(const std::string& tag, std::string_view platform) {
  const auto parsed = parse_platform(platform);
  if (!parsed) {
    throw Error("platforms: \"" + std::string(platform) + "\" is not os/arch[/variant] (linux/amd64)",
                "platforms");
  }
  return platform_tag(tag, *parsed);
}

}  // namespace berth::core
