// SPDX-License-Identifier: MIT
#include "core/mask.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace berth::core {

void Masker::add(std::string_view secret) {
  std::vector<std::string_view> parts = {secret};
  if (secret.find('\n') != std::string_view::npos) {
    parts = split(secret, '\n');
    parts.push_back(secret);
  }
  for (std::string_view part : parts) {
    part = trim(part);
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
