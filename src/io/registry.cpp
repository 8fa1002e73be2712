// SPDX-License-Identifier: MIT
#include "io/registry.hpp"

#include <algorithm>

#include <rapidjson/document.h>

#include "core/auth_challenge.hpp"
#include "core/content_digest.hpp"
#include "core/media_types.hpp"
#include "core/text.hpp"
#include "io/digest.hpp"
#include "io/manifest_check.hpp"
#include "io/registry_errors.hpp"
#include "io/transport_basic.hpp"
#include "io/transport_bearer.hpp"

namespace berth::io {
namespace {

// A page of a tag list is far smaller; this only bounds a hostile one.
constexpr std::size_t k_max_tag_page = 4 * 1024 * 1024;

}  // namespace

std::string Registry::upload_blob(const std::string& repository, const std::string&) {
  throw Error("uploading a blob to " + repository + ": this registry client cannot");
}

std::string Registry::get_blob(const std::string& repository, const std::string& digest,
                               std::size_t) {
  throw Error("reading blob " + digest + " of " + repository + ": this registry client cannot");
}

bool Registry::put_referrer(const std::string& repository, const Manifest&) {
  throw Error("writing a referrer to " + repository + ": this registry client cannot");
}

std::optional<Manifest> Registry::get_referrers(const std::string&, const std::string&,
                                                const std::string&) {
  return std::nullopt;  // as a registry without the referrers API
}

RegistryClient::RegistryClient(HttpClient& http, RegistryOptions options)
    : m_http(http), m_options(std::move(options)) {
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
  fail_response(what, m_options.host, m_options.credentials.empty(), r);
}

bool RegistryClient::plain_http_allowed(const core::Url& url) const {
  const std::string authority = url.authority();
  const auto registry = core::parse_authority(m_options.host);
  if (m_options.allow_plain_http && registry && registry->authority() == authority) {
    return true;
  }
  const auto& insecure = m_options.insecure_hosts;
  return std::find(insecure.begin(), insecure.end(), authority) != insecure.end() ||
         is_loopback_host(authority, m_options.resolve);
}

// The handshake, one concern per step (as go-containerregistry's transport):
//  1. ping: a request goes out through the bare stack (retries, counting);
//     for an open registry that is all. Its 401 is the challenge:
//     WWW-Authenticate names Basic or Bearer, the realm and service
//     (transport_ping: a realm must be https, or http to a loopback or
//     insecure host, and never carry user-info).
//  2. Basic: a BasicAuthClient is stacked on top; it adds the credentials
//     to requests for the registry's host, never to another host.
//  3. Bearer: a BearerAuthClient is stacked instead; it fetches one token
//     from the realm for the challenge's scope plus every scope declared
//     with add_scope() (the credentials as Basic to the realm only), and
//     sends it to the registry's host only. A later 401 gets one new token.
//  4. the request is sent again, once, through the new stack. A 401 now is
//     the caller's error (it blames the username or the password).
// So a promotion costs one challenge, one token, one manifest GET and one
// PUT per target: N+3 requests.
HttpResponse RegistryClient::send(HttpRequest request) {
  const std::string path = request.url;
  HttpResponse response = through(request, path);
  if (response.status != 401 || m_auth) {
    return response;
  }
  authenticate(response, base_url() + path);
  return through(std::move(request), path);
}

HttpResponse RegistryClient::through(HttpRequest request, const std::string& path) {
  while (true) {
    request.url = base_url() + path;
    try {
      return m_auth ? m_auth->send(request) : m_http.send(request);
    } catch (const TransportError& e) {
      const auto url = core::parse_url(request.url);
      if (!e.tls_mismatch() || m_scheme != "https" || !url || !plain_http_allowed(*url)) {
        throw;
      }
      m_scheme = "http";  // a loopback/insecure registry without TLS
    }
  }
}

void RegistryClient::authenticate(const HttpResponse& r, const std::string& url) {
  const auto request_url = core::parse_url(url);
  if (!request_url) {
    throw Error("\"" + printable(m_options.host) + "\" is not a registry host");
  }
  const auto challenge = read_challenge(
      r, *request_url, [this](const core::Url& u) { return plain_http_allowed(u); });
  if (!challenge) {
    fail("authentication (no Basic or Bearer challenge)", r);
  }
  const std::string authority = request_url->authority();
  if (challenge->scheme == AuthChallenge::Scheme::k_bearer) {
    m_auth = std::make_unique<BearerAuthClient>(
        m_http, BearerOptions{authority, m_options.host, *challenge, m_options.credentials,
                              &m_scopes});
    return;
  }
  if (m_options.credentials.empty()) {
    fail("authentication", r);
  }
  m_auth = std::make_unique<BasicAuthClient>(m_http, authority, m_options.credentials);
}

Manifest RegistryClient::get_manifest(const std::string& repository,
                                      const std::string& reference) {
  HttpRequest req{"GET", "/v2/" + repository + "/manifests/" + reference,
                  {{"Accept", std::string(core::k_manifest_accept)}}, {}};
  req.max_body = k_max_manifest;
  const std::string what = "reading " + m_options.host + "/" + repository + ":" + reference;
  HttpResponse r;
  try {
    r = send(req);
  } catch (const BodyTooLarge&) {
    throw Error(what + ": the manifest is larger than the limit of 4 MiB");
  }
  if (r.status == 404) {
    throw Error(what + ": not found (" + describe_body(r.body) + ")");
  }
  if (r.status != 200) {
    fail(what, r);
  }
  return read_manifest(what, reference, r);
}

std::optional<std::string> RegistryClient::head_manifest(const std::string& repository,
                                                         const std::string& reference) {
  HttpRequest req{"HEAD", "/v2/" + repository + "/manifests/" + reference,
                  {{"Accept", std::string(core::k_manifest_accept)}}, {}};
  const HttpResponse r = send(req);
  const std::string what = "checking " + m_options.host + "/" + repository + ":" + reference;
  if (r.status == 404) {
    return std::nullopt;
  }
  if (r.status != 200) {
    fail(what, r);
  }
  const std::string digest = r.header("docker-content-digest");
  if (digest.empty()) {
    return get_manifest(repository, reference).digest;  // the registry did not say
  }
  if (!core::parse_digest(digest)) {
    throw Error(what + ": the Docker-Content-Digest header \"" + printable(digest) +
                "\" is not a sha256 or sha512 digest");
  }
  return digest;
}

std::string RegistryClient::put_manifest(const std::string& repository,
                                         const std::string& reference, const Manifest& m) {
  const std::string what = "writing " + m_options.host + "/" + repository + ":" + reference;
  check_manifest_body(what, m.media_type, m.bytes);
  HttpRequest req{"PUT", "/v2/" + repository + "/manifests/" + reference,
                  {{"Content-Type", m.media_type}}, m.bytes};
  const HttpResponse r = send(req);
  if (r.status != 201 && r.status != 200 && r.status != 202) {
    fail(what, r);
  }
  const std::string digest = r.header("docker-content-digest");
  if (!digest.empty()) {
    check_digest(what, "the digest the registry stored", digest, m.bytes);
  }
  return m.digest;
}

std::string RegistryClient::next_page(const std::string& link,
                                      const std::string& request_url) const {
  // Link: </v2/<name>/tags/list?last=x&n=1000>; rel="next" (RFC 8288); any
  // URL reference, resolved against the request's URL.
  const std::string what = "listing the tags of " + m_options.host + ": the Link header \"" +
                           printable(link) + "\"";
  for (std::string_view item : core::split(link, ',')) {
    if (core::trim(item).empty()) {
      continue;
    }
    const auto open = item.find('<');
    const auto close = item.find('>');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
      throw Error(what + " is not a link");
    }
    const std::string params = core::to_lower(item.substr(close + 1));
    if (params.find("rel=\"next\"") == std::string::npos &&
        params.find("rel=next") == std::string::npos) {
      continue;
    }
    const std::string_view reference = item.substr(open + 1, close - open - 1);
    const auto base = core::parse_url(request_url);
    if (!base || !core::resolve_url(*base, reference)) {
      throw Error(what + " does not hold a URL reference");
    }
    const auto next = core::resolve_on_origin(*base, reference);
    if (!next) {
      throw Error(what + " leads to another scheme, host or port; refusing to follow it");
    }
    return next->target();
  }
  return {};
}

std::vector<std::string> RegistryClient::list_tags(const std::string& repository) {
  std::vector<std::string> tags;
  std::string path = "/v2/" + repository + "/tags/list?n=1000";
  const std::string what = "listing the tags of " + m_options.host + "/" + repository;
  for (int page = 0; page < 1000 && !path.empty(); ++page) {
    HttpRequest req{"GET", path, {}, {}};
    req.max_body = k_max_tag_page;
    HttpResponse r;
    try {
      r = send(req);
    } catch (const BodyTooLarge&) {
      throw Error(what + ": a page of the list is larger than the limit of 4 MiB");
    }
    if (r.status == 404) {
      return tags;
    }
    if (r.status != 200) {
      fail(what, r);
    }
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag>(r.body.data(), r.body.size());
    if (doc.HasParseError() || !doc.IsObject()) {
      throw Error(what + ": the answer is not JSON");
    }
    if (doc.HasMember("tags") && doc["tags"].IsArray()) {
      for (const auto& t : doc["tags"].GetArray()) {
        if (t.IsString()) {
          tags.emplace_back(t.GetString(), t.GetStringLength());
        }
      }
    }
    path = next_page(r.header("link"), base_url() + path);
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
  const std::string start_path = "/v2/" + repository + "/blobs/uploads/";
  const HttpResponse start = send(HttpRequest{"POST", start_path, {}, {}});
  if (start.status != 202) {
    fail(what, start);
  }
  const auto base = core::parse_url(base_url() + start_path);
  const auto location = core::resolve_on_origin(*base, start.header("location"));
  if (!location) {
    throw Error(what + ": the upload location \"" + printable(start.header("location")) +
                "\" is not on the registry");
  }
  std::string target = location->target();
  target += (location->has_query ? "&" : "?");
  target += "digest=" + core::url_encode(digest);
  const HttpResponse put = send(HttpRequest{
      "PUT", target, {{"Content-Type", "application/octet-stream"}}, bytes});
  if (put.status != 201) {
    fail(what, put);
  }
  return digest;
}

std::string RegistryClient::get_blob(const std::string& repository, const std::string& digest,
                                     std::size_t max_bytes) {
  const std::string what = "reading blob " + digest + " of " + m_options.host + "/" + repository;
  if (!core::parse_digest(digest)) {
    throw Error(what + ": not a sha256 or sha512 digest");
  }
  HttpRequest req{"GET", "/v2/" + repository + "/blobs/" + digest, {}, {}};
  req.max_body = max_bytes;
  HttpResponse r;
  try {
    r = send(req);
    if (r.status == 307 || r.status == 302 || r.status == 303 || r.status == 301 ||
        r.status == 308) {
      // Storage behind a signed URL: followed once, without credentials
      // (through the bare stack), to https or a loopback/insecure host.
      const auto base = core::parse_url(base_url() + req.url);
      const auto next = base ? core::resolve_url(*base, r.header("location")) : std::nullopt;
      if (!next || next->has_userinfo ||
          (next->scheme != "https" && !plain_http_allowed(*next))) {
        throw Error(what + ": the redirect to \"" + printable(r.header("location")) +
                    "\" is refused");
      }
      HttpRequest again{"GET", next->to_string(), {}, {}};
      again.max_body = max_bytes;
      r = m_http.send(again);
    }
  } catch (const BodyTooLarge&) {
    throw Error(what + ": the blob is larger than the limit of " + std::to_string(max_bytes) +
                " bytes");
  }
  if (r.status == 404) {
    throw Error(what + ": not found (" + describe_body(r.body) + ")");
  }
  if (r.status != 200) {
    fail(what, r);
  }
  check_digest(what, "the blob's digest", digest, r.body);
  return r.body;
}

bool RegistryClient::put_referrer(const std::string& repository, const Manifest& m) {
  const std::string what = "writing " + m_options.host + "/" + repository + "@" + m.digest;
  check_manifest_body(what, m.media_type, m.bytes);
  check_digest(what, "the manifest's digest", m.digest, m.bytes);
  HttpRequest req{"PUT", "/v2/" + repository + "/manifests/" + m.digest,
                  {{"Content-Type", m.media_type}}, m.bytes};
  const HttpResponse r = send(req);
  if (r.status != 201 && r.status != 200 && r.status != 202) {
    fail(what, r);
  }
  return !r.header("oci-subject").empty();
}

std::optional<Manifest> RegistryClient::get_referrers(const std::string& repository,
                                                      const std::string& digest,
                                                      const std::string& artifact_type) {
  const std::string what = "reading the referrers of " + m_options.host + "/" + repository +
                           "@" + digest;
  if (!core::parse_digest(digest)) {
    throw Error(what + ": not a sha256 or sha512 digest");
  }
  std::string path = "/v2/" + repository + "/referrers/" + digest;
  if (!artifact_type.empty()) {
    path += "?artifactType=" + core::url_encode(artifact_type);
  }
  HttpRequest req{"GET", path, {{"Accept", std::string(core::k_oci_index)}}, {}};
  req.max_body = k_max_manifest;
  HttpResponse r;
  try {
    r = send(req);
  } catch (const BodyTooLarge&) {
    throw Error(what + ": the index is larger than the limit of 4 MiB");
  }
  if (r.status == 404) {
    return std::nullopt;
  }
  if (r.status != 200) {
    fail(what, r);
  }
  Manifest index;
  index.media_type = std::string(core::k_oci_index);
  index.bytes = r.body;
  index.digest = sha256_digest(r.body);
  check_manifest_body(what, index.media_type, index.bytes);
  return index;
}

}  // namespace berth::io
