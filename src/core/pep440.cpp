// SPDX-License-Identifier: MIT
#include "core/pep440.hpp"

#include <array>
#include <limits>
#include <utility>

#include "core/text.hpp"

namespace berth::core {
namespace {

// A scanner over the lowercased version; each try_ step restores the
// position when it does not match (the PEP's regular expression, by hand).
class Scanner {
 public:
  explicit Scanner(std::string s) : m_s(std::move(s)) {}

  bool done() const { return m_pos == m_s.size(); }
  bool eat(char c) {
    if (m_pos < m_s.size() && m_s[m_pos] == c) {
      ++m_pos;
      return true;
    }
    return false;
  }
  bool eat(std::string_view word) {
    if (std::string_view(m_s).substr(m_pos, word.size()) == word) {
      m_pos += word.size();
      return true;
    }
    return false;
  }
  bool eat_separator() { return eat('.') || eat('-') || eat('_'); }
  std::optional<std::uint64_t> number() {
    const std::size_t start = m_pos;
    std::uint64_t v = 0;
    bool overflow = false;
    while (m_pos < m_s.size() && is_digit(m_s[m_pos])) {
      const auto d = static_cast<std::uint64_t>(m_s[m_pos] - '0');
      overflow = overflow || v > (std::numeric_limits<std::uint64_t>::max() - d) / 10;
      v = v * 10 + d;
      ++m_pos;
    }
    if (m_pos == start || overflow) {
      m_pos = start;
      return std::nullopt;
    }
    return v;
  }
  // An optional [-_.]?N after a label; N defaults to 0.
  std::uint64_t label_number() {
    const std::size_t start = m_pos;
    eat_separator();
    if (const auto n = number()) {
      return *n;
    }
    m_pos = start;
    return 0;
  }
  std::size_t pos() const { return m_pos; }
  void reset(std::size_t pos) { m_pos = pos; }
  char peek() const { return m_pos < m_s.size() ? m_s[m_pos] : '\0'; }

 private:
  std::string m_s;
  std::size_t m_pos = 0;
};

// Longer spellings first, each with its normal form.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> k_pre_labels = {{
    {"alpha", "a"},
    {"beta", "b"},
    {"preview", "rc"},
    {"pre", "rc"},
    {"rc", "rc"},
    {"a", "a"},
    {"b", "b"},
    {"c", "rc"},
}};

bool parse_pre(Scanner& s, Pep440& v) {
  const std::size_t start = s.pos();
  s.eat_separator();
  for (const auto& [spelling, normal] : k_pre_labels) {
    if (s.eat(spelling)) {
      v.pre_label = std::string(normal);
      v.pre_number = s.label_number();
      return true;
    }
  }
  s.reset(start);
  return false;
}

void parse_post(Scanner& s, Pep440& v) {
  const std::size_t start = s.pos();
  if (s.eat('-')) {
    if (const auto n = s.number()) {  // "1.0-1" is 1.0.post1
      v.post = n;
      return;
    }
    s.reset(start);
  }
  s.eat_separator();
  if (s.eat("post") || s.eat("rev") || s.eat("r")) {
    v.post = s.label_number();
    return;
  }
  s.reset(start);
}

void parse_dev(Scanner& s, Pep440& v) {
  const std::size_t start = s.pos();
  s.eat_separator();
  if (s.eat("dev")) {
    v.dev = s.label_number();
    return;
  }
  s.reset(start);
}

bool parse_local(Scanner& s, Pep440& v) {
  if (!s.eat('+')) {
    return true;
  }
  std::string segment;
  while (true) {
    const char c = s.peek();
    if (is_lower(c) || is_digit(c)) {
      segment += c;
      s.eat(c);
    } else if (c == '.' || c == '-' || c == '_' || c == '\0') {
      if (segment.empty()) {
        return false;
      }
      v.local += (v.local.empty() ? "" : ".") + segment;
      segment.clear();
      if (c == '\0') {
        return true;
      }
      s.eat(c);
    } else {
      return false;
    }
  }
}

}  // namespace

std::string Pep440::normalized() const {
  std::string out;
  if (epoch != 0) {
    out += std::to_string(epoch) + "!";
  }
  for (std::size_t i = 0; i < release.size(); ++i) {
    out += (i == 0 ? "" : ".") + std::to_string(release[i]);
  }
  if (!pre_label.empty()) {
    out += pre_label + std::to_string(pre_number);
  }
  if (post) {
    out += ".post" + std::to_string(*post);
  }
  if (dev) {
    out += ".dev" + std::to_string(*dev);
  }
  if (!local.empty()) {
    out += "+" + local;
  }
  return out;
}

std::optional<Pep440> parse_pep440(std::string_view text) {
  Scanner s(to_lower(trim(text)));
  Pep440 v;
  s.eat('v');
  const std::size_t start = s.pos();
  if (const auto n = s.number(); n && s.eat('!')) {
    v.epoch = *n;
  } else {
    s.reset(start);
  }
  const auto first = s.number();
  if (!first) {
    return std::nullopt;
  }
  v.release.push_back(*first);
  while (true) {
    const std::size_t dot = s.pos();
    if (!s.eat('.')) {
      break;
    }
    const auto n = s.number();
    if (!n) {
      s.reset(dot);
      break;
    }
    v.release.push_back(*n);
  }
  parse_pre(s, v);
  parse_post(s, v);
  parse_dev(s, v);
  if (!parse_local(s, v) || !s.done()) {
    return std::nullopt;
  }
  return v;
}

}  // namespace berth::core
