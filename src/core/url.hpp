// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

// URLs and URL references (RFC 3986), as pure text: parsing, resolving a
// reference against a base, comparing origins. No percent-decoding is done:
// components are kept as written.
namespace berth::core {

struct Url {
  std::string scheme;    // lowercased: "https"
  std::string userinfo;  // before '@' in the authority; berth refuses any
  bool has_userinfo = false;
  std::string host;      // lowercased; IPv6 literals keep their brackets: "[::1]"
  std::string port;      // digits, "" when none was written
  std::string path;      // "/v2/a/tags/list"; may be ""
  std::string query;     // without '?'
  bool has_query = false;

  // Returns "host" or "host:port", as written.
  std::string authority() const;
  // Returns the port, or the scheme's default (443, 80) when none is written.
  std::string effective_port() const;
  // Returns path and query: "/v2/a?n=1" ("/" when the path is empty).
  std::string target() const;
  // Returns the URL as text (no fragment; user-info is never written).
  std::string to_string() const;
};

// Parses an absolute http or https URL. Returns nothing for anything else:
// a relative reference, another scheme, an empty or malformed host, a port
// that is not 1-65535, spaces or control characters.
std::optional<Url> parse_url(std::string_view text);

// Resolves `reference` (absolute, network-path "//host/p", absolute-path
// "/p", or relative "p?q") against `base` (RFC 3986 §5.2, dot segments
// removed). The fragment is dropped. Returns nothing when the reference is
// malformed or resolves to something parse_url() refuses.
std::optional<Url> resolve_url(const Url& base, std::string_view reference);

// Returns whether `a` and `b` have the same scheme, host and effective port.
bool same_origin(const Url& a, const Url& b);

// Resolves `reference` against `base` and returns it only when it stays on
// base's origin and carries no user-info: where a server may send berth
// next (a `Link` page, an upload `Location`) with the same credentials.
std::optional<Url> resolve_on_origin(const Url& base, std::string_view reference);

// Parses "host", "host:port" or "[v6]:port" (a registry name) into host and
// port. Returns nothing when it is not exactly that (user-info, a path, ...).
std::optional<Url> parse_authority(std::string_view authority);

}  // namespace berth::core
