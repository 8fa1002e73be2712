// SPDX-License-Identifier: MIT
#include "core/auth_challenge.hpp"

#include "core/text.hpp"

namespace berth::core {
namespace {

// token68 / token characters (RFC 9110 §5.6.2), plus '/' and '=' for token68.
bool is_token_char(char c) {
  return is_alnum(c) || std::string_view("!#$%&'*+-.^_`|~/=").find(c) != std::string_view::npos;
}

class Reader {
 public:
  explicit Reader(std::string_view s) : m_s(s) {}

  bool done() const { return m_pos >= m_s.size(); }
  char peek() const { return done() ? '\0' : m_s[m_pos]; }
  void skip_space() {
    while (!done() && (peek() == ' ' || peek() == '\t')) {
      ++m_pos;
    }
  }
  void skip_commas() {
    while (!done() && (peek() == ',' || peek() == ' ' || peek() == '\t')) {
      ++m_pos;
    }
  }
  std::string token() {
    const std::size_t start = m_pos;
    while (!done() && is_token_char(peek()) && peek() != '=') {
      ++m_pos;
    }
    return std::string(m_s.substr(start, m_pos - start));
  }
  // A quoted-string with backslash escapes, or a bare token.
  std::string value() {
    if (peek() != '"') {
      const std::size_t start = m_pos;
      while (!done() && peek() != ',' && peek() != ' ' && peek() != '\t') {
        ++m_pos;
      }
      return std::string(m_s.substr(start, m_pos - start));
    }
    ++m_pos;
    std::string out;
    while (!done() && peek() != '"') {
      if (peek() == '\\' && m_pos + 1 < m_s.size()) {
        ++m_pos;
      }
      out += m_s[m_pos++];
    }
    if (!done()) {
      ++m_pos;  // closing quote
    }
    return out;
  }
  std::size_t pos() const { return m_pos; }
  void seek(std::size_t p) { m_pos = p; }
  bool eat(char c) {
    if (peek() == c) {
      ++m_pos;
      return true;
    }
    return false;
  }

 private:
  std::string_view m_s;
  std::size_t m_pos = 0;
};

}  // namespace

std::vector<Challenge> parse_www_authenticate(std::string_view header) {
  std::vector<Challenge> out;
  Reader r(header);
  r.skip_commas();
  while (!r.done()) {
    Challenge c;
    c.scheme = to_lower(r.token());
    if (c.scheme.empty()) {
      break;
    }
    r.skip_space();
    // auth-params: name=value pairs separated by commas, until a token that is
    // not followed by '=' starts the next challenge.
    while (!r.done()) {
      const std::size_t mark = r.pos();
      r.skip_commas();
      const std::string name = r.token();
      r.skip_space();
      if (name.empty() || !r.eat('=')) {
        r.seek(mark);
        break;
      }
      r.skip_space();
      c.params[to_lower(name)] = r.value();
      r.skip_space();
    }
    out.push_back(std::move(c));
    const std::size_t before = r.pos();
    r.skip_commas();
    if (r.pos() == before && !r.done()) {
      break;  // no progress: malformed
    }
  }
  return out;
}

std::string repository_scope(std::string_view repository, std::string_view actions) {
  return "repository:" + std::string(repository) + ":" + std::string(actions);
}

}  // namespace berth::core
