// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "io/credentials.hpp"
#include "io/http.hpp"

// The Basic step of the registry handshake, and the rule both auth steps
// share: an Authorization header goes to the registry's host and no other.
namespace berth::io {

// Returns `request` with its Authorization header set to `value` when it goes
// to `authority` (host[:port], compared as parsed URLs), removed otherwise.
HttpRequest authorize(HttpRequest request, const std::string& authority,
                      const std::string& value);

// Adds "Authorization: Basic <credentials>" to requests for one registry
// host; strips the header from requests to any other host.
class BasicAuthClient : public HttpClient {
 public:
  BasicAuthClient(HttpClient& inner, std::string authority, const Credentials& credentials);

  // Sends `request` through the inner client; throws what it throws.
  HttpResponse send(const HttpRequest& request) override;

 private:
  HttpClient& m_inner;
  std::string m_authority;
  std::string m_value;
};

}  // namespace berth::io
