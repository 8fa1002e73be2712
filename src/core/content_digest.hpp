// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

// Content digests ("sha256:<hex>"), as read from untrusted registry headers.
namespace berth::core {

struct ContentDigest {
  std::string algorithm;  // "sha256" or "sha512"
  std::string hex;        // lowercase, 64 or 128 digits

  // Returns "algorithm:hex".
  std::string to_string() const { return algorithm + ":" + hex; }
};

// Parses `text` strictly: "sha256:" with 64 or "sha512:" with 128 lowercase
// hex digits, nothing around it. Returns nothing for anything else (another
// algorithm, uppercase, spaces), so the text is safe to print once parsed.
std::optional<ContentDigest> parse_digest(std::string_view text);

// Returns whether a manifest `reference` names a digest rather than a tag
// (a tag never holds ':').
inline bool is_digest_reference(std::string_view reference) {
  return reference.find(':') != std::string_view::npos;
}

}  // namespace berth::core
