// SPDX-License-Identifier: MIT
#include "core/mask.hpp"

#include <algorithm>

#include "core/log_line.hpp"

namespace berth::core {

void Masker::add(std::string_view secret) {
  // Each line on its own (CR, LF and CRLF end a line, as for the runner),
  // and the whole secret too, which masks across the lines when text holds
  // it in one piece.
  std::vector<std::string_view> parts = secret_lines(secret);
  if (parts.size() > 1) {
    parts.push_back(trim_space(secret));
  }
  for (const std::string_view part : parts) {
    if (part.size() < 3 ||
        std::find(m_secrets.begin(), m_secrets.end(), part) != m_secrets.end()) {
      continue;
    }
    m_secrets.emplace_back(part);
  }
  std::stable_sort(m_secrets.begin(), m_secrets.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Masker::apply(std::string_view text) const {
  std::string out(text);
  for (const std::string& secret : m_secrets) {
    std::size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), "***");
      pos += 3;
    }
  }
  return out;
}

}  // namespace berth::core
