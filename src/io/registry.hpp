// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/credentials.hpp"
#include "io/http.hpp"

namespace berth::io {

// A manifest exactly as the registry stored it: the bytes are what the digest
// is computed over, so they are never re-serialised.
struct Manifest {
  std::string media_type;
  std::string bytes;
  std::string digest;  // "sha256:..."
};

struct RegistryOptions {
  std::string host;          // "ghcr.io", "localhost:5000"
  Credentials credentials;   // empty: anonymous
  bool allow_plain_http = false;  // fall back to HTTP when TLS meets plain HTTP (loopback)
  bool plain_http = false;        // speak HTTP from the start (a registry named insecure)
};

// Returns whether `host` (with optional port) is a loopback address, where
// plain HTTP is allowed as Docker allows it.
bool is_loopback_host(std::string_view host);

// The manifest and tag operations berth's commands use on one registry.
// Abstract so that commands are tested against an in-memory registry
// (tests/support/fake_registry.hpp).
class Registry {
 public:
  virtual ~Registry() = default;
  // Declares that the token should cover `actions` ("pull" or "pull,push")
  // on `repository`, so one token serves every request of a run.
  virtual void add_scope(const std::string& repository, const std::string& actions) = 0;
  // Returns the manifest `reference` (a tag or digest) points at, exactly as
  // stored. Throws Error (404 says "not found").
  virtual Manifest get_manifest(const std::string& repository, const std::string& reference) = 0;
  // Returns the digest `reference` points at, or nothing when it does not exist.
  virtual std::optional<std::string> head_manifest(const std::string& repository,
                                                   const std::string& reference) = 0;
  // Stores `manifest` under `reference`; returns the digest the registry reports.
  virtual std::string put_manifest(const std::string& repository, const std::string& reference,
                                   const Manifest& manifest) = 0;
  // Returns every tag of `repository` (none for a missing repository).
  virtual std::vector<std::string> list_tags(const std::string& repository) = 0;
};

// A client of one registry (OCI distribution API v2), over an HttpClient.
//
// Authentication, as the registry asks for it (the handshake):
//  1. a request goes out with the authorization known so far (none at first);
//  2. a 401 carries WWW-Authenticate: Basic → send the credentials;
//     Bearer → fetch a token from the realm for every scope declared with
//     add_scope() plus the challenge's own, with the credentials as Basic;
//  3. the request is sent again, once. A second 401 is an error.
// HTTPS is tried first; on a loopback registry that answers TLS with plain
// HTTP, the client switches to HTTP for good. A registry named insecure
// (plain_http) is spoken to in HTTP from the start.
class RegistryClient : public Registry {
 public:
  RegistryClient(HttpClient& http, RegistryOptions options);

  // Declares that the token should cover `actions` ("pull" or "pull,push")
  // on `repository`, so one token serves every request of a run.
  void add_scope(const std::string& repository, const std::string& actions) override;

  // GETs a manifest with the full Accept set; checks the digest of the bytes
  // against Docker-Content-Digest. Throws Error (404 says "not found").
  Manifest get_manifest(const std::string& repository, const std::string& reference) override;

  // HEADs a manifest; returns its digest, or nothing on 404.
  std::optional<std::string> head_manifest(const std::string& repository,
                                           const std::string& reference) override;

  // PUTs `manifest` under `reference` (a tag or its digest) with its own media
  // type; returns the digest the registry reports, checked against ours.
  std::string put_manifest(const std::string& repository, const std::string& reference,
                           const Manifest& manifest) override;

  // Lists every tag of `repository`, following Link pagination. A missing
  // repository has no tags.
  std::vector<std::string> list_tags(const std::string& repository) override;

  // Uploads `bytes` as a blob (one POST, one PUT) unless it exists; returns
  // its digest. Used to seed test registries; promotion never moves blobs.
  std::string upload_blob(const std::string& repository, const std::string& bytes);

  const std::string& host() const { return m_options.host; }

 private:
  HttpResponse send(HttpRequest request, bool with_auth_retry = true);
  void authenticate(const HttpResponse& challenge);
  std::string base_url() const;
  [[noreturn]] void fail(const std::string& what, const HttpResponse& response) const;

  HttpClient& m_http;
  RegistryOptions m_options;
  std::string m_scheme = "https";
  std::string m_authorization;       // "Bearer ..." or "Basic ...", "" = none yet
  std::vector<std::string> m_scopes;
};

}  // namespace berth::io
