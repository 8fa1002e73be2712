// SPDX-License-Identifier: MIT
#include "io/transport_basic.hpp"

#include <algorithm>

#include "core/url.hpp"

namespace berth::io {

HttpRequest authorize(HttpRequest request, const std::string& authority,
                      const std::string& value) {
  auto& h = request.headers;
  h.erase(std::remove_if(h.begin(), h.end(),
                         [](const auto& kv) { return kv.first == "Authorization"; }),
          h.end());
  const auto url = core::parse_url(request.url);
  const auto registry = core::parse_authority(authority);
  if (url && registry && !url->has_userinfo && url->authority() == registry->authority() &&
      !value.empty()) {
    h.emplace_back("Authorization", value);
  }
  return request;
}

BasicAuthClient::BasicAuthClient(HttpClient& inner, std::string authority,
                                 const Credentials& credentials)
    : m_inner(inner),
      m_authority(std::move(authority)),
      m_value("Basic " + basic_credentials(credentials.username, credentials.password)) {}

HttpResponse BasicAuthClient::send(const HttpRequest& request) {
  return m_inner.send(authorize(request, m_authority, m_value));
}

}  // namespace berth::io
