// SPDX-License-Identifier: MIT
#include "io/transport_bearer.hpp"

#include <algorithm>

#include <rapidjson/document.h>

#include "core/auth_challenge.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/url.hpp"
#include "io/registry_errors.hpp"
#include "io/transport_basic.hpp"

namespace berth::io {
namespace {

// A token goes into a header: printable ASCII without spaces, nothing else.
bool is_header_safe(std::string_view token) {
  return std::all_of(token.begin(), token.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

}  // namespace

BearerAuthClient::BearerAuthClient(HttpClient& inner, BearerOptions options)
    : m_inner(inner), m_options(std::move(options)), m_challenge_scopes(m_options.challenge.scopes) {}

void BearerAuthClient::refresh() {
  // The registry's own scopes first, then every one the run declared.
  std::vector<std::string> scopes;
  for (const std::string& s : m_challenge_scopes) {
    core::add_unique(scopes, s);
  }
  if (m_options.declared != nullptr) {
    for (const std::string& s : *m_options.declared) {
      core::add_unique(scopes, s);
    }
  }
  const core::Url& realm = m_options.challenge.realm;
  const std::string& service =
      m_options.challenge.service.empty() ? m_options.host : m_options.challenge.service;
  std::string url = realm.to_string() + (realm.has_query ? "&" : "?");
  url += "service=" + core::url_encode(service);
  for (const std::string& s : scopes) {
    url += "&scope=" + core::url_encode(s);
  }
  HttpRequest request{"GET", url, {}, {}};
  request.max_body = k_max_small_body;
  const Credentials& creds = m_options.credentials;
  if (!creds.empty()) {
    request.headers.emplace_back("Authorization",
                                 "Basic " + basic_credentials(creds.username, creds.password));
  }
  const HttpResponse r = m_inner.send(request);
  if (r.status != 200) {
    fail_response("token request for " + core::join(scopes, " "), m_options.host, creds.empty(), r);
  }
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(r.body.c_str(), r.body.size());
  std::string token;
  for (const char* key : {"token", "access_token"}) {
    if (!doc.HasParseError() && doc.IsObject() && doc.HasMember(key) && doc[key].IsString() &&
        doc[key].GetStringLength() > 0) {
      token.assign(doc[key].GetString(), doc[key].GetStringLength());
      break;
    }
  }
  if (token.empty()) {
    throw Error("the token server of " + m_options.host + " answered without a token");
  }
  if (!is_header_safe(token)) {
    throw Error("the token server of " + m_options.host +
                " answered with a token that cannot go into a header");
  }
  m_token = std::move(token);
}

HttpResponse BearerAuthClient::send(const HttpRequest& request) {
  const bool fresh = m_token.empty();
  if (fresh) {
    refresh();
  }
  HttpResponse r = m_inner.send(authorize(request, m_options.authority, "Bearer " + m_token));
  if (r.status != 401 || fresh) {
    return r;
  }
  // An older token expired, or does not cover this request: the new
  // challenge names the scope it needs.
  for (const auto& c : core::parse_www_authenticate(r.header("www-authenticate"))) {
    if (c.scheme == "bearer" && c.params.count("scope") != 0) {
      for (std::string_view s : core::split(c.params.at("scope"), ' ')) {
        if (!s.empty()) {
          core::add_unique(m_challenge_scopes, std::string(s));
        }
      }
    }
  }
  refresh();
  return m_inner.send(authorize(request, m_options.authority, "Bearer " + m_token));
}

}  // namespace berth::io
