// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace berth::core {

// Replaces secrets in text before it is logged, as the runner's masker does
// for values registered with ::add-mask:: (each line of a multi-line secret
// is masked on its own).
class Masker {
 public:
  // Adds `secret`; blank secrets and lines shorter than 3 characters are
  // ignored (masking "a" would garble every log line).
  void add(std::string_view secret);

  // Returns `text` with every secret replaced by "***".
  std::string apply(std::string_view text) const;

  const std::vector<std::string>& secrets() const { return m_secrets; }

 private:
  std::vector<std::string> m_secrets;  // longest first, so overlaps mask whole
};

}  // namespace berth::core
