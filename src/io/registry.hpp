// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/url.hpp"
#include "io/credentials.hpp"
#include "io/http.hpp"
#include "io/loopback.hpp"

namespace berth::io {

// A manifest exactly as the registry stored it: the bytes are what the digest
// is computed over, so they are never re-serialised.
struct Manifest {
  std::string media_type;
  std::string bytes;
  std::string digest;  // "sha256:..."
};

struct RegistryOptions {
  RegistryOptions() = default;
  // Sets the first fields, as a brace list did before the later ones came.
  RegistryOptions(std::string host_, Credentials credentials_, bool allow_plain_http_ = false,
                  bool plain_http_ = false)
      : host(std::move(host_)),
        credentials(std::move(credentials_)),
        allow_plain_http(allow_plain_http_),
        plain_http(plain_http_) {}

  std::string host;          // "ghcr.io", "localhost:5000"
  Credentials credentials;   // empty: anonymous
  bool allow_plain_http = false;  // fall back to HTTP when TLS meets plain HTTP (loopback)
  bool plain_http = false;        // speak HTTP from the start (a registry named insecure)
  std::vector<std::string> insecure_hosts;  // BERTH_INSECURE_REGISTRIES: plain HTTP allowed
  Resolver resolve = resolve_addresses;     // how loopback names are checked
};

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

  // The blob and referrer operations of package manifests (app/packages.hpp).
  // Not every registry berth speaks to needs them: by default each throws
  // Error saying so.
  // Uploads `bytes` as a blob unless it exists; returns its digest.
  virtual std::string upload_blob(const std::string& repository, const std::string& bytes);
  // Returns the blob `digest`, checked against it; throws Error when it is
  // missing or larger than `max_bytes`.
  virtual std::string get_blob(const std::string& repository, const std::string& digest,
                               std::size_t max_bytes);
  // Stores `manifest`, which has a `subject`, under its digest; returns
  // whether the registry says it recorded the subject (the OCI-Subject header
  // of a registry serving the referrers API); when not, the caller keeps the
  // referrers tag.
  virtual bool put_referrer(const std::string& repository, const Manifest& manifest);
  // Returns the referrers API's index of `digest` (filtered by
  // `artifact_type`, when the registry filters), or nothing when the
  // registry does not serve the API (404).
  virtual std::optional<Manifest> get_referrers(const std::string& repository,
                                                const std::string& digest,
                                                const std::string& artifact_type);
};

// A client of one registry (OCI distribution API v2): manifests, tags and
// blobs over a stack of HttpClient decorators it composes itself (see the
// handshake in registry.cpp: ping, then Basic or Bearer).
// HTTPS is tried first; on a loopback registry (by its resolved addresses)
// or one named insecure that answers TLS with plain HTTP, the client switches
// to HTTP for good. A registry named insecure (plain_http) is spoken to in
// HTTP from the start. Every body is read with a limit (4 MiB manifests and
// tag pages, 64 KiB tokens and errors).
class RegistryClient : public Registry {
 public:
  RegistryClient(HttpClient& http, RegistryOptions options);
  // Not copied or moved: the auth step it composes points at its scopes.
  RegistryClient(const RegistryClient&) = delete;
  RegistryClient& operator=(const RegistryClient&) = delete;

  // Declares that the token should cover `actions` ("pull" or "pull,push")
  // on `repository`, so one token serves every request of a run.
  void add_scope(const std::string& repository, const std::string& actions) override;

  // GETs a manifest with the full Accept set; checks that the body is a
  // manifest of its Content-Type, and its digest against Docker-Content-Digest
  // and a digest reference. Throws Error (404 says "not found").
  Manifest get_manifest(const std::string& repository, const std::string& reference) override;

  // HEADs a manifest; returns its digest (checked well-formed; GETs the
  // manifest when the registry sends none), or nothing on 404. Throws Error.
  std::optional<std::string> head_manifest(const std::string& repository,
                                           const std::string& reference) override;

  // PUTs `manifest` under `reference` (a tag or its digest) with its own media
  // type; returns its digest, checked against the one the registry reports.
  // Throws Error.
  std::string put_manifest(const std::string& repository, const std::string& reference,
                           const Manifest& manifest) override;

  // Lists every tag of `repository`, following Link pagination on the
  // registry's own scheme, host and port only. A missing repository has no
  // tags. Throws Error.
  std::vector<std::string> list_tags(const std::string& repository) override;

  // Uploads `bytes` as a blob (HEAD; when missing one POST and one
  // monolithic PUT) and returns its digest. Used for package manifests and to
  // seed test registries; promotion never moves blobs. Throws Error.
  std::string upload_blob(const std::string& repository, const std::string& bytes) override;

  // GETs blob `digest` (one redirect followed, to https or loopback, without
  // credentials), read with a limit of `max_bytes` and checked against
  // `digest`. Throws Error.
  std::string get_blob(const std::string& repository, const std::string& digest,
                       std::size_t max_bytes) override;

  // PUTs `manifest` under its digest; returns whether the answer carries
  // OCI-Subject. Throws Error.
  bool put_referrer(const std::string& repository, const Manifest& manifest) override;

  // GETs /v2/<repository>/referrers/<digest>?artifactType=...; nothing on
  // 404 (no referrers API: distribution 2.8). Throws Error otherwise.
  std::optional<Manifest> get_referrers(const std::string& repository, const std::string& digest,
                                        const std::string& artifact_type) override;

  const std::string& host() const { return m_options.host; }

 private:
  // Sends `request` (its url a path on the registry, "/v2/...") through the
  // stack, composing the auth step on the first 401.
  HttpResponse send(HttpRequest request);
  // Sends through the stack as it is, switching to HTTP when allowed.
  HttpResponse through(HttpRequest request, const std::string& path);
  // Composes the auth step a 401 asks for; throws Error when none fits.
  void authenticate(const HttpResponse& challenge, const std::string& url);
  // Returns whether plain HTTP may go to the host of `url`.
  bool plain_http_allowed(const core::Url& url) const;
  // Returns the path of the next page of a tag list, "" at the end. Throws
  // Error when the Link header leads off the registry.
  std::string next_page(const std::string& link, const std::string& request_url) const;
  std::string base_url() const;
  [[noreturn]] void fail(const std::string& what, const HttpResponse& response) const;

  HttpClient& m_http;
  RegistryOptions m_options;
  std::string m_scheme = "https";
  std::unique_ptr<HttpClient> m_auth;  // Basic or Bearer over m_http, once asked for
  std::vector<std::string> m_scopes;
};

}  // namespace berth::io
