// SPDX-License-Identifier: MIT
#include "io/transport_ping.hpp"

#include "core/auth_challenge.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "io/registry_errors.hpp"

namespace berth::io {

std::optional<AuthChallenge> read_challenge(const HttpResponse& response,
                                            const core::Url& request_url,
                                            const PlainHttpPolicy& plain_ok) {
  std::vector<core::Challenge> challenges;
  for (const std::string& h : response.all("www-authenticate")) {
    const auto parsed = core::parse_www_authenticate(h);
    challenges.insert(challenges.end(), parsed.begin(), parsed.end());
  }
  const core::Challenge* basic = nullptr;
  for (const core::Challenge& c : challenges) {
    if (c.scheme == "basic" && basic == nullptr) {
      basic = &c;
    }
    if (c.scheme != "bearer") {
      continue;
    }
    const auto param = [&c](const char* name) {
      const auto it = c.params.find(name);
      return it == c.params.end() ? std::string() : it->second;
    };
    const std::string text = param("realm");
    const std::string where = request_url.authority() + " asks for a token from \"" +
                              printable(text) + "\"";
    const auto realm = core::resolve_url(request_url, text);
    if (text.empty() || !realm) {
      throw Error(where + ", which is not an http(s) URL");
    }
    if (realm->has_userinfo) {
      throw Error(where + ", a URL with user-info; refusing to send credentials there");
    }
    if (realm->scheme != "https" && !plain_ok(*realm)) {
      throw Error(where + ", which is not an https URL; refusing to send credentials there");
    }
    AuthChallenge out{AuthChallenge::Scheme::k_bearer, *realm, param("service"), {}};
    const std::string scope = param("scope");
    for (std::string_view s : core::split(scope, ' ')) {
      if (!s.empty()) {
        out.scopes.emplace_back(s);
      }
    }
    return out;
  }
  if (basic != nullptr) {
    return AuthChallenge{};
  }
  return std::nullopt;
}

}  // namespace berth::io
