// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/url.hpp"
#include "io/http.hpp"

// The first step of the registry handshake: what a 401 asks for.
namespace berth::io {

struct AuthChallenge {
  enum class Scheme { k_basic, k_bearer };
  Scheme scheme = Scheme::k_basic;
  core::Url realm;                  // bearer: the token server
  std::string service;              // bearer: "" when the challenge names none
  std::vector<std::string> scopes;  // bearer: the challenge's own scopes
};

// Returns whether plain HTTP may carry credentials to the host of a URL.
using PlainHttpPolicy = std::function<bool(const core::Url&)>;

// Reads the WWW-Authenticate challenges of a 401 `response` to `request_url`;
// Bearer wins over Basic. A relative realm is resolved against `request_url`.
// Returns nothing when neither scheme is offered. Throws Error when the realm
// is not an http(s) URL, carries user-info, or is http to a host `plain_ok`
// refuses: credentials would go where they must not.
std::optional<AuthChallenge> read_challenge(const HttpResponse& response,
                                            const core::Url& request_url,
                                            const PlainHttpPolicy& plain_ok);

}  // namespace berth::io
