// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "io/credentials.hpp"
#include "io/http.hpp"
#include "io/transport_ping.hpp"

// The Bearer step of the registry handshake (the distribution token spec).
namespace berth::io {

struct BearerOptions {
  std::string authority;      // the registry's API host[:port]: the token goes there only
  std::string host;           // the registry's name, for messages and the default service
  AuthChallenge challenge;    // realm, service and the challenge's own scopes
  Credentials credentials;    // sent as Basic to the realm; empty: an anonymous token
  const std::vector<std::string>* declared = nullptr;  // scopes the run declared (live)
};

// Fetches one token for every declared scope plus the challenge's own, sends
// it as "Authorization: Bearer" to the registry's host only, and on a 401
// to a request made with an older token fetches a new one (with the new
// challenge's scopes) and sends the request once more.
class BearerAuthClient : public HttpClient {
 public:
  BearerAuthClient(HttpClient& inner, BearerOptions options);

  // Sends `request` with the token. Throws Error when the token server
  // refuses or answers without a usable token, and what the inner client
  // throws.
  HttpResponse send(const HttpRequest& request) override;

 private:
  // Fetches a token for every scope known so far.
  void refresh();

  HttpClient& m_inner;
  BearerOptions m_options;
  std::vector<std::string> m_challenge_scopes;
  std::string m_token;
};

}  // namespace berth::io
