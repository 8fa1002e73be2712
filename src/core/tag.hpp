// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace berth::core {

// The longest tag a registry accepts.
inline constexpr std::size_t k_max_tag_length = 128;

// Returns whether `tag` is a valid image tag: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
// (https://github.com/distribution/distribution/blob/main/reference/reference.go).
bool is_valid_tag(std::string_view tag);

// Makes a git ref name into a valid tag: lowercased, each run of characters
// outside [a-z0-9._-] becomes one '-', leading '.' and '-' removed, cut to 128
// characters. Returns "" when nothing usable is left ("///", "-").
std::string sanitize_tag(std::string_view name);

}  // namespace berth::core
