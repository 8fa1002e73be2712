// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace berth::core {

// Encodes `data` as standard base64 with padding (RFC 4648 §4).
std::string base64_encode(std::string_view data);

// Decodes standard base64 (padding optional, no whitespace). Returns nothing
// when `text` is not base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace berth::core
