// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace berth::core {

// Replaces secrets in child output before it is logged. Like the runner,
// which masks its log line by line, it masks each line of a multi-line secret
// (core::secret_lines: CR, LF or CRLF end a line; lines are trimmed) on its
// own, and the whole secret where text holds it in one piece. Encodings of
// the secret (base64 ...) are left to the runner's own masker.
class Masker {
 public:
  // Adds `secret` and each of its lines; blank secrets and lines shorter
  // than 3 characters are ignored (masking "a" would garble every log line).
  void add(std::string_view secret);

  // Returns `text` with every secret replaced by "***".
  std::string apply(std::string_view text) const;

  // Returns the strings masked, longest first.
  const std::vector<std::string>& secrets() const { return m_secrets; }

 private:
  std::vector<std::string> m_secrets;  // longest first, so overlaps mask whole
};

}  // namespace berth::core
