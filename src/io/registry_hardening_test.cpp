// SPDX-License-Identifier: MIT
// io::RegistryClient against hostile answers, one class at a time: Link
// headers, realms and plain HTTP, digests, body limits. Each case found in
// review is here, with its variants.
#include "io/registry.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <tuple>

#include "core/error.hpp"
#include "core/media_types.hpp"
#include "io/digest.hpp"
#include "io/manifest_check.hpp"
#include "support/fake_http.hpp"

namespace berth::io {
namespace {

using testing::FakeHttpClient;
using testing::header_of;

const std::string k_body = "{\"schemaVersion\":2,\"mediaType\":\"" +
                           std::string(core::k_oci_index) + "\",\"manifests\":[]}";

// Names resolve from a table, never through DNS.
std::vector<std::string> resolve(const std::string& host) {
  if (host == "127.registry.example") {
    return {"203.0.113.7"};
  }
  if (host == "loop.test") {
    return {"127.0.0.1"};
  }
  return {};
}

RegistryOptions options(const std::string& host = "registry.example.com") {
  RegistryOptions o{host, {"ci", "s3cret"}};
  o.resolve = resolve;
  return o;
}

// Reads a manifest from `host` (with insecure.example:5000 named insecure)
// and expects it to pass, or to throw E; every scripted answer is used.
template <typename E>
void expect_get(FakeHttpClient& http, const std::string& host, bool ok) {
  RegistryOptions o = options(host);
  o.insecure_hosts = {"insecure.example:5000"};
  RegistryClient client(http, o);
  if (ok) {
    EXPECT_NO_THROW(client.get_manifest("a", "x"));
  } else {
    EXPECT_THROW(client.get_manifest("a", "x"), E);
  }
  EXPECT_TRUE(http.done());
}

HttpResponse tags_page(const std::string& link) {
  HttpResponse r{200, {}, "{\"name\":\"a/b\",\"tags\":[\"a\"]}"};
  if (!link.empty()) {
    r.headers.emplace_back("link", link);
  }
  return r;
}

HttpResponse manifest(const std::string& digest_header, const std::string& body = k_body) {
  HttpResponse r{200, {{"content-type", std::string(core::k_oci_index)}}, body};
  if (!digest_header.empty()) {
    r.headers.emplace_back("docker-content-digest", digest_header);
  }
  return r;
}

TEST(RegistryHardeningTest, FollowsLinksOnTheRegistrysOriginOnly) {
  const std::string base = "https://registry.example.com/v2/a/b/tags/";
  // A Link, and the URL of the next page or "" when it must be refused.
  const std::pair<std::string, std::string> cases[] = {
      {"</v2/a/b/tags/list?last=a&n=1000>; rel=\"next\"", base + "list?last=a&n=1000"},
      {"<https://registry.example.com/v2/a/b/tags/list?last=a>; rel=\"next\"", base + "list?last=a"},
      {"<https://registry.example.com:443/v2/x>; rel=next", "https://registry.example.com/v2/x"},
      {"<list?last=a>; rel=\"next\"", base + "list?last=a"},
      {"<?last=a>; rel=\"next\"", base + "list?last=a"},
      // Found in review: the registry's host became user-info, port 18093 the target.
      {"<@127.0.0.1:18093/v2/a/b/tags/list>; rel=\"next\"", base + "@127.0.0.1:18093/v2/a/b/tags/list"},
      // Found in review: crashed with basic_string::substr.
      {"<http://evil.example>; rel=\"next\"", ""},
      {"<https://evil.example/v2/a/b/tags/list>; rel=\"next\"", ""},
      {"<//evil.example/v2/a/b/tags/list>; rel=\"next\"", ""},
      {"<http://registry.example.com/v2/a/b/tags/list>; rel=\"next\"", ""},
      {"<https://registry.example.com:8443/v2/a/b/tags/list>; rel=\"next\"", ""},
      {"<https://ci@registry.example.com/v2/a/b/tags/list>; rel=\"next\"", ""},
      {"<https://registry.example.com.evil.example/v2/>; rel=\"next\"", ""},
      {"<javascript:alert(1)>; rel=\"next\"", ""},
      {"<a b>; rel=\"next\"", ""},
      {"garbage", ""},
      {"<unclosed; rel=\"next\"", ""},
      {">", ""},
  };
  for (const auto& [link, next] : cases) {
    SCOPED_TRACE(link);
    FakeHttpClient http;
    http.then(HttpResponse{401, {{"www-authenticate", "Basic realm=\"r\""}}, ""});
    http.then(tags_page(link));
    if (!next.empty()) {
      http.then(tags_page(""));
    }
    RegistryClient client(http, options());
    if (next.empty()) {
      EXPECT_THROW(client.list_tags("a/b"), Error);
      EXPECT_EQ(http.requests().size(), 2u);
      continue;
    }
    EXPECT_EQ(client.list_tags("a/b"), (std::vector<std::string>{"a", "a"}));
    ASSERT_EQ(http.requests().size(), 3u);
    EXPECT_EQ(http.requests()[2].url, next);
    EXPECT_EQ(header_of(http.requests()[2], "Authorization"), "Basic Y2k6czNjcmV0");
  }
}

TEST(RegistryHardeningTest, EndsPaginationWithoutANextLink) {
  for (const std::string link : {"", "<https://evil.example/x>; rel=\"prev\"", " , "}) {
    SCOPED_TRACE(link);
    FakeHttpClient http;
    http.then(tags_page(link));
    RegistryClient client(http, options());
    EXPECT_EQ(client.list_tags("a/b").size(), 1u);
    EXPECT_EQ(http.requests().size(), 1u);
  }
}

TEST(RegistryHardeningTest, SpeaksPlainHttpOnlyToLoopbackOrInsecureHosts) {
  // The registry answers TLS with plain HTTP; true when berth may switch.
  const std::pair<std::string, bool> cases[] = {
      {"127.0.0.1:5000", true},
      {"[::1]:5000", true},
      {"localhost:5000", true},
      {"loop.test:5000", true},
      {"127.registry.example", false},  // found in review: taken as loopback by its name
      {"127.registry.example:5000", false},
      {"registry.example.com", false},
      {"insecure.example:5000", true},  // named in BERTH_INSECURE_REGISTRIES
  };
  for (const auto& [host, plain] : cases) {
    SCOPED_TRACE(host);
    FakeHttpClient http;
    http.then([](const HttpRequest&) -> HttpResponse {
      throw TransportError("wrong version number", false, true);
    });
    if (plain) {
      http.then([host = host](const HttpRequest& r) {
        EXPECT_EQ(r.url, "http://" + host + "/v2/a/manifests/x");
        return manifest("");
      });
    }
    expect_get<TransportError>(http, host, plain);
  }
}

TEST(RegistryHardeningTest, SendsCredentialsToSafeRealmsOnly) {
  // A realm, and whether the token request may go there.
  const std::pair<std::string, bool> cases[] = {
      {"https://auth.example/token", true},
      {"http://127.0.0.1:9999/token", true},
      {"http://loop.test:9999/token", true},
      {"http://insecure.example:5000/token", true},
      {"http://127.0.0.1@203.0.113.7/token", false},  // found in review
      {"https://127.0.0.1@203.0.113.7/token", false},
      {"http://127.registry.example/token", false},
      {"http://auth.example/token", false},
      {"http://registry.example.com/token", false},
      {"ftp://auth.example/token", false},
      {"", false},
  };
  for (const auto& [realm, ok] : cases) {
    SCOPED_TRACE(realm);
    FakeHttpClient http;
    http.then(HttpResponse{401, {{"www-authenticate", "Bearer realm=\"" + realm + "\""}}, ""});
    if (ok) {
      http.then([realm = realm](const HttpRequest& r) {
        EXPECT_EQ(r.url.rfind(realm + "?service=", 0), 0u) << r.url;
        EXPECT_EQ(header_of(r, "Authorization"), "Basic Y2k6czNjcmV0");
        return HttpResponse{200, {}, "{\"token\":\"t\"}"};
      });
      http.then([](const HttpRequest& r) {
        EXPECT_EQ(header_of(r, "Authorization"), "Bearer t");
        return manifest("");
      });
    }
    expect_get<Error>(http, "registry.example.com", ok);
  }
}

TEST(RegistryHardeningTest, TrustsNoDigestUnchecked) {
  const std::string sha256 = sha256_digest(k_body);
  const std::string sha512 = digest_of("sha512", k_body);
  // A reference, the Docker-Content-Digest sent ("" = none), and whether the
  // manifest is accepted.
  const std::tuple<std::string, std::string, bool> cases[] = {
      {"v1", sha256, true},
      {"v1", sha512, true},
      {"v1", "", true},
      {sha256, "", true},
      {sha512, "", true},
      {sha256, sha512, true},
      {"v1", "sha512:" + std::string(128, 'f'), false},  // found in review
      {"v1", "sha256:" + std::string(64, 'f'), false},
      {"v1", "sha384:" + std::string(96, 'f'), false},
      {"v1", "sha256:" + std::string(64, 'F'), false},
      {"v1", sha256 + " ", false},
      {"v1", "::error::forged", false},
      {"sha256:" + std::string(64, 'a'), "", false},  // no header: the reference is checked
      {"sha256:" + std::string(64, 'a'), sha256, false},
      {"sha1:abc", "", false},
  };
  for (const auto& [reference, header, ok] : cases) {
    SCOPED_TRACE(reference + " " + header);
    FakeHttpClient http;
    http.then(manifest(header));
    RegistryClient client(http, options());
    if (ok) {
      EXPECT_EQ(client.get_manifest("a", reference).digest, sha256);
    } else {
      EXPECT_THROW(client.get_manifest("a", reference), Error);
    }
  }
}

TEST(RegistryHardeningTest, RefusesBodiesThatAreNotManifestsBeforeWriting) {
  const std::string bodies[] = {
      "<html>hello</html>", "{}",
      "{\"schemaVersion\":2,\"mediaType\":\"" + std::string(core::k_docker_list) +
          "\",\"manifests\":[]}"};
  for (const std::string& body : bodies) {
    SCOPED_TRACE(body);
    FakeHttpClient http;
    http.then(manifest(sha256_digest(body), body));
    RegistryClient client(http, options());
    EXPECT_THROW(client.get_manifest("a", "v1"), Error);
    // Nor does berth write such bytes.
    EXPECT_THROW(client.put_manifest("a", "v2", Manifest{std::string(core::k_oci_index), body,
                                                         sha256_digest(body)}),
                 Error);
    EXPECT_EQ(http.requests().size(), 1u);
  }
}

TEST(RegistryHardeningTest, ChecksDigestsOfHeadsAndPuts) {
  const std::string sha256 = sha256_digest(k_body);
  FakeHttpClient http;
  http.then(HttpResponse{200, {{"docker-content-digest", "sha256:zz\r\n::error::x"}}, ""});
  http.then(HttpResponse{200, {}, ""});  // HEAD without a digest: the manifest is read
  http.then(manifest(""));
  http.then(HttpResponse{201, {{"docker-content-digest", digest_of("sha512", k_body)}}, ""});
  http.then(HttpResponse{201, {{"docker-content-digest", "sha512:" + std::string(128, 'f')}}, ""});
  RegistryClient client(http, options());
  try {
    client.head_manifest("a", "v1");
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
  }
  EXPECT_EQ(client.head_manifest("a", "v1"), sha256);
  const Manifest m{std::string(core::k_oci_index), k_body, sha256};
  EXPECT_EQ(client.put_manifest("a", "v2", m), sha256);
  EXPECT_THROW(client.put_manifest("a", "v3", m), Error);
  EXPECT_TRUE(http.done());
}

TEST(RegistryHardeningTest, ReadsEveryBodyWithALimit) {
  FakeHttpClient http;
  http.then(HttpResponse{
      401, {{"www-authenticate", "Bearer realm=\"https://auth.example/token\""}}, ""});
  http.then(HttpResponse{200, {}, "{\"token\":\"t\"}"});
  http.then(manifest(""));
  http.then(tags_page(""));
  http.then([](const HttpRequest&) -> HttpResponse { throw BodyTooLarge("too large"); });
  http.then([](const HttpRequest&) -> HttpResponse { throw BodyTooLarge("too large"); });
  RegistryClient client(http, options());
  client.get_manifest("a", "v1");
  client.list_tags("a");
  const auto& sent = http.requests();
  EXPECT_EQ(sent[0].max_body, k_max_manifest);
  EXPECT_EQ(sent[1].max_body, k_max_small_body);  // the token
  EXPECT_EQ(sent[2].max_body, k_max_manifest);
  EXPECT_EQ(sent[3].max_body, 4u * 1024 * 1024);  // a page of tags
  const std::function<void()> calls[] = {[&] { client.get_manifest("a", "v1"); },
                                         [&] { client.list_tags("a"); }};
  for (const auto& call : calls) {
    try {
      call();
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("limit of 4 MiB"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace berth::io
