// SPDX-License-Identifier: MIT
#include "core/url.hpp"

#include "core/text.hpp"

namespace berth::core {
namespace {

// Characters never allowed unencoded anywhere in a URL reference.
bool is_forbidden(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u <= 0x20 || u >= 0x7f || std::string_view("\"<>\\^`{|}").find(c) != std::string_view::npos;
}

bool is_host_char(char c) { return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }

bool is_v6_char(char c) { return is_hex(c) || c == ':' || c == '.'; }

// Returns the scheme of `ref` when it starts with one ("https:"), else "".
std::string_view scheme_of(std::string_view ref) {
  for (std::size_t i = 0; i < ref.size(); ++i) {
    const char c = ref[i];
    if (c == ':') {
      return i > 0 ? ref.substr(0, i) : std::string_view();
    }
    const bool ok = is_alnum(c) || (i > 0 && (c == '+' || c == '-' || c == '.'));
    if (!ok || (i == 0 && !is_lower(c) && !is_upper(c))) {
      return {};
    }
  }
  return {};
}

// RFC 3986 §5.2.4.
std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (starts_with(in, "../")) {
      in.remove_prefix(3);
    } else if (starts_with(in, "./")) {
      in.remove_prefix(2);
    } else if (starts_with(in, "/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (starts_with(in, "/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      const auto slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      const auto next = in.find('/', 1);
      const std::size_t n = next == std::string_view::npos ? in.size() : next;
      out.append(in.substr(0, n));
      in.remove_prefix(n);
    }
  }
  return out;
}

bool parse_host_port(std::string_view hp, Url& url) {
  std::string_view rest;
  if (starts_with(hp, "[")) {
    const auto close = hp.find(']');
    if (close == std::string_view::npos || close < 3) {
      return false;
    }
    for (char c : hp.substr(1, close - 1)) {
      if (!is_v6_char(c)) {
        return false;
      }
    }
    url.host = to_lower(hp.substr(0, close + 1));
    rest = hp.substr(close + 1);
  } else {
    const auto colon = hp.find(':');
    const std::string_view host = hp.substr(0, colon);
    if (host.empty() || host.front() == '.' || host.front() == '-') {
      return false;
    }
    for (char c : host) {
      if (!is_host_char(c)) {
        return false;
      }
    }
    url.host = to_lower(host);
    rest = colon == std::string_view::npos ? std::string_view() : hp.substr(colon);
  }
  if (rest.empty()) {
    return true;
  }
  const std::string_view port = rest.substr(1);
  if (rest.front() != ':' || port.empty() || port.size() > 5) {
    return false;
  }
  long value = 0;
  for (char c : port) {
    if (!is_digit(c)) {
      return false;
    }
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > 65535) {
    return false;
  }
  url.port = std::string(port);
  return true;
}

// Splits "path?query#fragment" into `url`'s path and query.
void set_path_query(std::string_view s, Url& url) {
  s = s.substr(0, s.find('#'));
  const auto q = s.find('?');
  url.path = std::string(s.substr(0, q));
  url.has_query = q != std::string_view::npos;
  url.query = url.has_query ? std::string(s.substr(q + 1)) : std::string();
}

}  // namespace

std::string Url::authority() const { return port.empty() ? host : host + ":" + port; }

std::string Url::effective_port() const {
  if (!port.empty()) {
    return port;
  }
  return scheme == "https" ? "443" : "80";
}

std::string Url::target() const {
  return (path.empty() ? std::string("/") : path) + (has_query ? "?" + query : std::string());
}

std::string Url::to_string() const { return scheme + "://" + authority() + target(); }

std::optional<Url> parse_url(std::string_view text) {
  for (char c : text) {
    if (is_forbidden(c)) {
      return std::nullopt;
    }
  }
  Url url;
  url.scheme = to_lower(scheme_of(text));
  if ((url.scheme != "http" && url.scheme != "https") ||
      !starts_with(text.substr(url.scheme.size()), "://")) {
    return std::nullopt;
  }
  std::string_view rest = text.substr(url.scheme.size() + 3);
  const auto end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    url.has_userinfo = true;
    url.userinfo = std::string(authority.substr(0, at));
    authority = authority.substr(at + 1);
  }
  if (!parse_host_port(authority, url)) {
    return std::nullopt;
  }
  set_path_query(rest, url);
  url.path = remove_dot_segments(url.path);
  return url;
}

std::optional<Url> resolve_url(const Url& base, std::string_view reference) {
  reference = reference.substr(0, reference.find('#'));
  for (char c : reference) {
    if (is_forbidden(c)) {
      return std::nullopt;
    }
  }
  if (!scheme_of(reference).empty()) {
    return parse_url(reference);
  }
  if (starts_with(reference, "//")) {
    return parse_url(base.scheme + ":" + std::string(reference));
  }
  Url out = base;
  Url ref;
  set_path_query(reference, ref);
  if (ref.path.empty()) {
    if (ref.has_query) {
      out.query = ref.query;
      out.has_query = true;
    }
    return out;
  }
  if (ref.path.front() == '/') {
    out.path = remove_dot_segments(ref.path);
  } else if (base.path.empty()) {
    out.path = remove_dot_segments("/" + ref.path);
  } else {
    out.path = remove_dot_segments(base.path.substr(0, base.path.rfind('/') + 1) + ref.path);
  }
  out.query = ref.query;
  out.has_query = ref.has_query;
  return out;
}

bool same_origin(const Url& a, const Url& b) {
  return a.scheme == b.scheme && a.host == b.host && a.effective_port() == b.effective_port();
}

std::optional<Url> resolve_on_origin(const Url& base, std::string_view reference) {
  auto url = resolve_url(base, reference);
  if (!url || url->has_userinfo || !same_origin(*url, base)) {
    return std::nullopt;
  }
  return url;
}

std::optional<Url> parse_authority(std::string_view authority) {
  if (authority.empty() || authority.find_first_of("/?#@") != std::string_view::npos) {
    return std::nullopt;
  }
  return parse_url("https://" + std::string(authority));
}

}  // namespace berth::core
