// SPDX-License-Identifier: MIT
#include "io/registry.hpp"

#include <algorithm>

#include <rapidjson/document.h>

#include "core/auth_challenge.hpp"
#include "core/media_types.hpp"
#include "core/text.hpp"
#include "io/digest.hpp"

namespace berth::io {
namespace {

// Manifests larger than this are refused (the spec asks for at least 4 MiB).
constexpr std::size_t k_max_manifest = 16 * 1024 * 1024;

// Returns "CODE (message)" from a registry error body
// ({"errors":[{"code":...,"message":...}]}), or a short excerpt of a body that
// is not JSON.
std::string describe_body(const std::string& body) {
  // Registry bodies are untrusted: every parse here is iterative, as the
  // recursive parser overflows the stack on a deeply nested body ("[[[[...").
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(body.c_str());
  std::string out;
  if (!doc.HasParseError() && doc.IsObject() && doc.HasMember("errors") &&
      doc["errors"].IsArray()) {
    for (const auto& e : doc["errors"].GetArray()) {
      if (!e.IsObject()) {
        continue;
      }
      const std::string code = e.HasMember("code") && e["code"].IsString() ? e["code"].GetString() : "";
      const std::string msg =
          e.HasMember("message") && e["message"].IsString() ? e["message"].GetString() : "";
      out += (out.empty() ? "" : "; ") + code + (msg.empty() ? "" : " (" + msg + ")");
    }
    return out;
  }
  std::string excerpt = body.substr(0, 200);
  std::replace_if(excerpt.begin(), excerpt.end(),
                  [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return std::string(core::trim(excerpt));
}

std::string strip_params(const std::string& content_type) {
  return std::string(core::trim(std::string_view(content_type).substr(0, content_type.find(';'))));
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  std::string_view h = host;
  if (core::starts_with(h, "[")) {
    return core::starts_with(h, "[::1]");
  }
  h = h.substr(0, h.find(':'));
  return h == "localhost" || core::starts_with(h, "127.");
}

RegistryClient::RegistryClient(HttpClient& http, RegistryOptions options)
    : m_http(http), m_options(std::move(options)) {
  if (is_loopback_host(m_options.host)) {
    m_options.allow_plain_http = true;
  }
  if (m_options.plain_http) {
    m_options.allow_plain_http = true;
    m_scheme = "http";
  }
}

void RegistryClient::add_scope(const std::string& repository, const std::string& actions) {
  const std::string scope = core::repository_scope(repository, actions);
  if (std::find(m_scopes.begin(), m_scopes.end(), scope) == m_scopes.end()) {
    m_scopes.push_back(scope);
  }
}

std::string RegistryClient::base_url() const {
  // Docker Hub's API lives on registry-1.docker.io.
  const std::string host =
      m_options.host == "docker.io" ? std::string("registry-1.docker.io") : m_options.host;
  return m_scheme + "://" + host;
}

void RegistryClient::fail(const std::string& what, const HttpResponse& r) const {
  std::string message = what + ": " + m_options.host + " answered " + std::to_string(r.status);
  const std::string detail = describe_body(r.body);
  if (!detail.empty()) {
    message += " " + detail;
  }
  if (r.status == 401) {
    throw Error(message + (m_options.credentials.empty()
                               ? "; no credentials were given (set username and password)"
                               : "; check username and password"),
                m_options.credentials.empty() ? "username" : "password");
  }
  if (r.status == 403) {
    if (m_options.host == "ghcr.io") {
      message += "; the token cannot write this package: give the job "
                 "'permissions: packages: write' and the repository access to the package";
    }
    throw Error(message, "password");
  }
  throw Error(message);
}

HttpResponse RegistryClient::send(HttpRequest request, bool with_auth_retry) {
  const std::string path = request.url;
  bool authenticated = false;
  while (true) {
    request.url = base_url() + path;
    request.headers.erase(std::remove_if(request.headers.begin(), request.headers.end(),
                                         [](const auto& h) { return h.first == "Authorization"; }),
                          request.headers.end());
    if (!m_authorization.empty()) {
      request.headers.emplace_back("Authorization", m_authorization);
    }
    HttpResponse response;
    try {
      response = m_http.send(request);
    } catch (const TransportError& e) {
      if (e.tls_mismatch() && m_scheme == "https" && m_options.allow_plain_http) {
        m_scheme = "http";  // a loopback/insecure registry without TLS
        continue;
      }
      throw;
    }
    if (response.status != 401 || !with_auth_retry || authenticated) {
      return response;
    }
    authenticate(response);
    authenticated = true;
  }
}

void RegistryClient::authenticate(const HttpResponse& r) {
  std::vector<core::Challenge> challenges;
  for (const std::string& h : r.all("www-authenticate")) {
    const auto parsed = core::parse_www_authenticate(h);
    challenges.insert(challenges.end(), parsed.begin(), parsed.end());
  }
  const auto find = [&](const char* scheme) {
    return std::find_if(challenges.begin(), challenges.end(),
                        [&](const core::Challenge& c) { return c.scheme == scheme; });
  };
  const Credentials& creds = m_options.credentials;
  const std::string basic = basic_credentials(creds.username, creds.password);
  if (const auto bearer = find("bearer"); bearer != challenges.end()) {
    std::string realm = bearer->params.count("realm") ? bearer->params.at("realm") : "";
    if (core::starts_with(realm, "/")) {
      realm = base_url() + realm;
    }
    const bool https = core::starts_with(realm, "https://");
    const std::string realm_host =
        realm.substr(realm.find("://") + 3, realm.find('/', realm.find("://") + 3) -
                                                (realm.find("://") + 3));
    if (!https && !(core::starts_with(realm, "http://") &&
                    (m_options.allow_plain_http || is_loopback_host(realm_host)))) {
      throw Error(m_options.host + " asks for a token from \"" + realm +
                  "\", which is not an https URL; refusing to send credentials there");
    }
    std::vector<std::string> scopes = m_scopes;
    if (bearer->params.count("scope")) {
      for (std::string_view s : core::split(bearer->params.at("scope"), ' ')) {
        if (!s.empty() && std::find(scopes.begin(), scopes.end(), s) == scopes.end()) {
          scopes.emplace(scopes.begin(), s);  // the one the registry wants, first
        }
      }
    }
    std::string url = realm + (realm.find('?') == std::string::npos ? "?" : "&");
    url += "service=" + core::url_encode(bearer->params.count("service")
                                             ? bearer->params.at("service")
                                             : m_options.host);
    for (const std::string& s : scopes) {
      url += "&scope=" + core::url_encode(s);
    }
    HttpRequest token_request{"GET", url, {}, {}};
    if (!creds.empty()) {
      token_request.headers.emplace_back("Authorization", "Basic " + basic);
    }
    const HttpResponse tr = m_http.send(token_request);
    if (tr.status != 200) {
      fail("token request for " + core::join(scopes, " "), tr);
    }
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag>(tr.body.c_str());
    std::string token;
    for (const char* key : {"token", "access_token"}) {
      if (!doc.HasParseError() && doc.IsObject() && doc.HasMember(key) && doc[key].IsString() &&
          doc[key].GetStringLength() > 0) {
        token = doc[key].GetString();
        break;
      }
    }
    if (token.empty()) {
      throw Error("the token server of " + m_options.host + " answered without a token");
    }
    m_authorization = "Bearer " + token;
    return;
  }
  if (find("basic") != challenges.end()) {
    if (creds.empty()) {
      fail("authentication", r);
    }
    m_authorization = "Basic " + basic;
    return;
  }
  fail("authentication (no Basic or Bearer challenge)", r);
}

Manifest RegistryClient::get_manifest(const std::string& repository,
                                      const std::string& reference) {
  HttpRequest req{"GET", "/v2/" + repository + "/manifests/" + reference,
                  {{"Accept", std::string(core::k_manifest_accept)}}, {}};
  const HttpResponse r = send(req);
  const std::string what = "reading " + m_options.host + "/" + repository + ":" + reference;
  if (r.status == 404) {
    throw Error(what + ": not found (" + describe_body(r.body) + ")");
  }
  if (r.status != 200) {
    fail(what, r);
  }
  if (r.body.size() > k_max_manifest) {
    throw Error(what + ": the manifest is larger than 16 MiB");
  }
  Manifest m{strip_params(r.header("content-type")), r.body, sha256_digest(r.body)};
  if (!core::is_supported_manifest(m.media_type)) {
    throw Error(what + ": unsupported manifest type \"" + m.media_type + "\"");
  }
  const std::string claimed = r.header("docker-content-digest");
  if (core::starts_with(claimed, "sha256:") && claimed != m.digest) {
    throw Error(what + ": the registry says the digest is " + claimed + " but the bytes hash to " +
                m.digest);
  }
  return m;
}

std::optional<std::string> RegistryClient::head_manifest(const std::string& repository,
                                                         const std::string& reference) {
  HttpRequest req{"HEAD", "/v2/" + repository + "/manifests/" + reference,
                  {{"Accept", std::string(core::k_manifest_accept)}}, {}};
  const HttpResponse r = send(req);
  if (r.status == 404) {
    return std::nullopt;
  }
  if (r.status != 200) {
    fail("checking " + m_options.host + "/" + repository + ":" + reference, r);
  }
  return r.header("docker-content-digest");
}

std::string RegistryClient::put_manifest(const std::string& repository,
                                         const std::string& reference, const Manifest& m) {
  HttpRequest req{"PUT", "/v2/" + repository + "/manifests/" + reference,
                  {{"Content-Type", m.media_type}}, m.bytes};
  const HttpResponse r = send(req);
  const std::string what = "writing " + m_options.host + "/" + repository + ":" + reference;
  if (r.status != 201 && r.status != 200 && r.status != 202) {
    fail(what, r);
  }
  const std::string digest = r.header("docker-content-digest");
  if (core::starts_with(digest, "sha256:") && digest != m.digest) {
    throw Error(what + ": the registry stored digest " + digest + ", expected " + m.digest);
  }
  return m.digest;
}

std::vector<std::string> RegistryClient::list_tags(const std::string& repository) {
  std::vector<std::string> tags;
  std::string path = "/v2/" + repository + "/tags/list?n=1000";
  for (int page = 0; page < 1000 && !path.empty(); ++page) {
    const HttpResponse r = send(HttpRequest{"GET", path, {}, {}});
    if (r.status == 404) {
      return tags;
    }
    if (r.status != 200) {
      fail("listing the tags of " + m_options.host + "/" + repository, r);
    }
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag>(r.body.c_str());
    if (doc.HasParseError() || !doc.IsObject()) {
      throw Error("listing the tags of " + repository + ": the answer is not JSON");
    }
    if (doc.HasMember("tags") && doc["tags"].IsArray()) {
      for (const auto& t : doc["tags"].GetArray()) {
        if (t.IsString()) {
          tags.emplace_back(t.GetString());
        }
      }
    }
    // Link: </v2/<name>/tags/list?last=x&n=1000>; rel="next"
    const std::string link = r.header("link");
    const auto open = link.find('<');
    const auto close = link.find('>');
    path = open == std::string::npos || close == std::string::npos || close < open
               ? std::string()
               : link.substr(open + 1, close - open - 1);
    if (core::starts_with(path, "http")) {
      path = path.substr(path.find('/', path.find("://") + 3));
    }
  }
  return tags;
}

std::string RegistryClient::upload_blob(const std::string& repository, const std::string& bytes) {
  const std::string digest = sha256_digest(bytes);
  const std::string what = "uploading a blob to " + m_options.host + "/" + repository;
  const HttpResponse head = send(HttpRequest{"HEAD", "/v2/" + repository + "/blobs/" + digest, {}, {}});
  if (head.status == 200) {
    return digest;
  }
  const HttpResponse start =
      send(HttpRequest{"POST", "/v2/" + repository + "/blobs/uploads/", {}, {}});
  if (start.status != 202) {
    fail(what, start);
  }
  std::string location = start.header("location");
  if (core::starts_with(location, "http")) {
    location = location.substr(location.find('/', location.find("://") + 3));
  }
  location += (location.find('?') == std::string::npos ? "?" : "&");
  location += "digest=" + core::url_encode(digest);
  const HttpResponse put = send(HttpRequest{
      "PUT", location, {{"Content-Type", "application/octet-stream"}}, bytes});
  if (put.status != 201) {
    fail(what, put);
  }
  return digest;
}

}  // namespace berth::io
