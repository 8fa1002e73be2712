// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

// Target platforms ("linux/arm64/v8") as builds and image indexes name them.
namespace berth::core {

struct Platform {
  std::string os;            // "linux"
  std::string architecture;  // "arm64"
  std::string variant;       // "v8"; "" when none

  // "os/architecture[/variant]"
  std::string str() const;
};

// Parses "os/arch[/variant]" (lower case letters, digits, '_' and '.').
// Returns nullopt when `text` is not a platform.
std::optional<Platform> parse_platform(std::string_view text);

// Returns the tag under which one platform of a build is pushed when the
// builder cannot push several at once: "1.2.3" + linux/arm64/v8 ->
// "1.2.3-linux-arm64-v8". Such tags pin a build, like the tag they extend.
std::string platform_tag(const std::string& tag, const Platform& platform);
// The same for a platform as written ("linux/arm64"). Throws Error naming
// `platforms` when it is not a platform.
std::string platform_tag(const std::string& tag, std::string_view platform);

}  // namespace berth::core
