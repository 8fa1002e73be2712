// SPDX-License-Identifier: MIT
#include "core/content_digest.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace berth::core {

std::optional<ContentDigest> parse_digest(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  ContentDigest d{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
  const std::size_t want = d.algorithm == "sha256" ? 64 : d.algorithm == "sha512" ? 128 : 0;
  const bool lower_hex = std::all_of(d.hex.begin(), d.hex.end(),
                                     [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); });
  if (want == 0 || d.hex.size() != want || !lower_hex) {
    return std::nullopt;
  }
  return d;
}

}  // namespace berth::core
