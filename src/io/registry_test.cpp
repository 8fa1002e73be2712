// SPDX-License-Identifier: MIT
#include "io/registry.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/media_types.hpp"
#include "io/digest.hpp"
#include "support/fake_http.hpp"

namespace berth::io {
namespace {

using testing::FakeHttpClient;
using testing::header_of;

const std::string k_manifest =
    "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
    "\"manifests\":[]}";

HttpResponse challenge(const std::string& header) {
  return HttpResponse{401, {{"www-authenticate", header}}, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}"};
}

HttpResponse manifest_response(const std::string& body = k_manifest) {
  return HttpResponse{200,
                      {{"content-type", std::string(core::k_oci_index)},
                       {"docker-content-digest", sha256_digest(body)}},
                      body};
}

// No name resolves: unit tests never depend on DNS.
RegistryOptions options(const std::string& host = "registry.example.com") {
  RegistryOptions o{host, {"ci", "s3cret"}, false, false};
  o.resolve = [](const std::string&) { return std::vector<std::string>{}; };
  return o;
}

TEST(RegistryTest, FetchesOneTokenForEveryScope) {
  FakeHttpClient http;
  http.then(challenge(
      "Bearer realm=\"https://auth.example.com/token\",service=\"reg\",scope=\"repository:a/b:pull\""));
  http.then([](const HttpRequest& r) {
    EXPECT_EQ(header_of(r, "Authorization"), "Basic Y2k6czNjcmV0");
    EXPECT_EQ(r.url,
              "https://auth.example.com/token?service=reg"
              "&scope=repository%3Aa%2Fb%3Apull&scope=repository%3Aa%2Fb%3Apull%2Cpush"
              "&scope=repository%3Ac%2Fd%3Apull%2Cpush");
    return HttpResponse{200, {}, "{\"access_token\":\"tok\",\"expires_in\":300}"};
  });
  http.then([](const HttpRequest& r) {
    EXPECT_EQ(header_of(r, "Authorization"), "Bearer tok");
    EXPECT_EQ(header_of(r, "Accept"), core::k_manifest_accept);
    return manifest_response();
  });
  http.then([](const HttpRequest& r) {
    EXPECT_EQ(r.method, "PUT");
    EXPECT_EQ(r.url, "https://registry.example.com/v2/c/d/manifests/stable");
    EXPECT_EQ(header_of(r, "Authorization"), "Bearer tok");
    EXPECT_EQ(header_of(r, "Content-Type"), core::k_oci_index);
    EXPECT_EQ(r.body, k_manifest);
    return HttpResponse{201, {{"docker-content-digest", sha256_digest(k_manifest)}}, ""};
  });
  RegistryClient client(http, options());
  client.add_scope("a/b", "pull,push");
  client.add_scope("c/d", "pull,push");
  const Manifest m = client.get_manifest("a/b", "2023.2-x");
  EXPECT_EQ(m.bytes, k_manifest);
  EXPECT_EQ(client.put_manifest("c/d", "stable", m), m.digest);
  EXPECT_EQ(http.requests().size(), 4u);  // challenge, token, GET, PUT
  EXPECT_TRUE(http.done());
}

TEST(RegistryTest, SendsBasicCredentialsWhenAsked) {
  FakeHttpClient http;
  http.then(challenge("Basic realm=\"registry\""));
  http.then([](const HttpRequest& r) {
    EXPECT_EQ(header_of(r, "Authorization"), "Basic Y2k6czNjcmV0");
    return manifest_response();
  });
  http.then([](const HttpRequest& r) {
    EXPECT_EQ(header_of(r, "Authorization"), "Basic Y2k6czNjcmV0");  // kept for the run
    return HttpResponse{404, {}, ""};
  });
  RegistryClient client(http, options());
  client.get_manifest("a/b", "x");
  EXPECT_FALSE(client.head_manifest("a/b", "y"));
}

TEST(RegistryTest, ReauthenticatesOnceThenFailsNamingThePassword) {
  FakeHttpClient http;
  http.then(challenge("Bearer realm=\"https://auth.example.com/token\",service=\"reg\""));
  http.then(HttpResponse{200, {}, "{\"token\":\"t1\"}"});
  http.then(challenge("Bearer realm=\"https://auth.example.com/token\",error=\"invalid_token\""));
  RegistryClient client(http, options());
  try {
    client.get_manifest("a/b", "x");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "password");
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos);
  }
  EXPECT_TRUE(http.done());
}

TEST(RegistryTest, RefusesToSendCredentialsToAPlainHttpRealm) {
  FakeHttpClient http;
  http.then(challenge("Bearer realm=\"http://evil.example.com/token\""));
  RegistryClient client(http, options());
  EXPECT_THROW(client.get_manifest("a/b", "x"), Error);
  EXPECT_EQ(http.requests().size(), 1u);
}

// A hostile registry's deeply nested JSON body ("[[[[...", 2 MB) overflowed
// the recursive parser's stack and crashed berth.
TEST(RegistryTest, SurvivesDeeplyNestedBodies) {
  const std::size_t depth = 1'000'000;
  const std::string nested = std::string(depth, '[') + std::string(depth, ']');
  FakeHttpClient http;
  http.then(HttpResponse{404, {{"content-type", "application/json"}},
                         "{\"errors\":" + nested + "}"});
  http.then(HttpResponse{200, {{"content-type", "application/json"}},
                         "{\"name\":\"a/b\",\"tags\":" + nested + "}"});
  RegistryClient client(http, options());
  EXPECT_THROW(client.get_manifest("a/b", "x"), Error);
  EXPECT_TRUE(client.list_tags("a/b").empty());  // no string among the tags
}

TEST(RegistryTest, ChecksDigestsAndMediaTypes) {
  FakeHttpClient http;
  HttpResponse lying = manifest_response();
  lying.headers[1].second = "sha256:" + std::string(64, '0');
  http.then(lying);
  HttpResponse schema1{200, {{"content-type", "application/vnd.docker.distribution.manifest.v1+prettyjws"}}, "{}"};
  http.then(schema1);
  http.then(HttpResponse{201, {{"docker-content-digest", "sha256:" + std::string(64, '1')}}, ""});
  RegistryClient client(http, options());
  EXPECT_THROW(client.get_manifest("a/b", "x"), Error);
  EXPECT_THROW(client.get_manifest("a/b", "y"), Error);
  const Manifest m{std::string(core::k_oci_index), k_manifest, sha256_digest(k_manifest)};
  EXPECT_THROW(client.put_manifest("a/b", "z", m), Error);
}

TEST(RegistryTest, FollowsTagPagination) {
  FakeHttpClient http;
  http.then([](const HttpRequest& r) {
    EXPECT_EQ(r.url, "https://registry.example.com/v2/a/b/tags/list?n=1000");
    return HttpResponse{200,
                        {{"link", "</v2/a/b/tags/list?last=b&n=1000>; rel=\"next\""}},
                        "{\"name\":\"a/b\",\"tags\":[\"a\",\"b\"]}"};
  });
  http.then([](const HttpRequest& r) {
    EXPECT_EQ(r.url, "https://registry.example.com/v2/a/b/tags/list?last=b&n=1000");
    return HttpResponse{200, {}, "{\"name\":\"a/b\",\"tags\":[\"c\"]}"};
  });
  RegistryClient client(http, options());
  EXPECT_EQ(client.list_tags("a/b"), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(RegistryTest, FallsBackToHttpOnLoopbackOnly) {
  FakeHttpClient http;
  http.then([](const HttpRequest&) -> HttpResponse {
    throw TransportError("wrong version number", false, true);
  });
  http.then([](const HttpRequest& r) {
    EXPECT_EQ(r.url, "http://127.0.0.1:5000/v2/a/manifests/x");
    return manifest_response();
  });
  RegistryClient local(http, RegistryOptions{"127.0.0.1:5000", {}, false, false});
  local.get_manifest("a", "x");

  FakeHttpClient remote_http;
  remote_http.then([](const HttpRequest&) -> HttpResponse {
    throw TransportError("wrong version number", false, true);
  });
  RegistryClient remote(remote_http, options());
  EXPECT_THROW(remote.get_manifest("a", "x"), TransportError);
}

TEST(RegistryTest, ExplainsGhcrPermissionErrors) {
  FakeHttpClient http;
  http.then(HttpResponse{403, {}, "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"permission_denied: write_package\"}]}"});
  RegistryClient client(http, options("ghcr.io"));
  const Manifest m{std::string(core::k_oci_index), k_manifest, sha256_digest(k_manifest)};
  try {
    client.put_manifest("o/app", "stable", m);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("packages: write"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace berth::io
