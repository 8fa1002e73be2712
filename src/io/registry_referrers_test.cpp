// SPDX-License-Identifier: MIT
// The registry client's blob GET, referrer PUT and referrers API (package
// manifests, app/packages.hpp), over a scripted HttpClient.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/media_types.hpp"
#include "io/digest.hpp"
#include "io/registry.hpp"
#include "support/fake_http.hpp"

namespace berth::io {
namespace {

using testing::FakeHttpClient;
using testing::header_of;

RegistryOptions options() {
  RegistryOptions o{"registry.example.com", {"ci", "s3cret"}, false, false};
  o.resolve = [](const std::string&) { return std::vector<std::string>{}; };
  return o;
}

const std::string k_artifact =
    "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
    "\"artifactType\":\"application/"
    "vnd.berth.packages.v1+json\",\"config\":{\"mediaType\":"
    "\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:"
    "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},"
    "\"layers\":[]}";

TEST(RegistryReferrersTest, GetsABlobCheckedAgainstItsDigest) {
  FakeHttpClient http;
  http.then(HttpResponse{200, {}, "hello"});
  http.then(HttpResponse{200, {}, "tampered"});
  RegistryClient c(http, options());
  const std::string d = sha256_digest("hello");
  EXPECT_EQ(c.get_blob("a/b", d, 100), "hello");
  EXPECT_EQ(http.requests()[0].url, "https://registry.example.com/v2/a/b/blobs/" + d);
  EXPECT_EQ(http.requests()[0].max_body, 100u);
  EXPECT_THROW(c.get_blob("a/b", d, 100), Error);
  EXPECT_THROW(c.get_blob("a/b", "sha256:nothex", 100), Error);
}

TEST(RegistryReferrersTest, FollowsOneBlobRedirectToHttpsWithoutCredentials) {
  FakeHttpClient http;
  http.then(HttpResponse{401, {{"www-authenticate", "Basic realm=\"r\""}}, ""});
  http.then(
      HttpResponse{307, {{"location", "https://storage.example.net/blob?sig=1"}}, ""});
  http.then(HttpResponse{200, {}, "hello"});
  RegistryClient c(http, options());
  EXPECT_EQ(c.get_blob("a/b", sha256_digest("hello"), 100), "hello");
  ASSERT_EQ(http.requests().size(), 3u);
  EXPECT_FALSE(header_of(http.requests()[1], "Authorization").empty());
  EXPECT_EQ(http.requests()[2].url, "https://storage.example.net/blob?sig=1");
  EXPECT_TRUE(header_of(http.requests()[2], "Authorization").empty());

  FakeHttpClient plain;
  plain.then(HttpResponse{307, {{"location", "http://storage.example.net/blob"}}, ""});
  RegistryClient c2(plain, options());
  EXPECT_THROW(c2.get_blob("a/b", sha256_digest("hello"), 100), Error);
}

TEST(RegistryReferrersTest, PutsAReferrerUnderItsDigestAndReadsOciSubject) {
  FakeHttpClient http;
  http.then(HttpResponse{201, {{"oci-subject", "sha256:abc"}}, ""});
  http.then(HttpResponse{201, {}, ""});
  RegistryClient c(http, options());
  const Manifest m{std::string(core::k_oci_manifest), k_artifact,
                   sha256_digest(k_artifact)};
  EXPECT_TRUE(c.put_referrer("a/b", m));
  EXPECT_FALSE(c.put_referrer("a/b", m));
  EXPECT_EQ(http.requests()[0].url,
            "https://registry.example.com/v2/a/b/manifests/" + m.digest);
  EXPECT_EQ(header_of(http.requests()[0], "Content-Type"), core::k_oci_manifest);
  EXPECT_EQ(http.requests()[0].body, k_artifact);
  Manifest wrong = m;
  wrong.digest = sha256_digest("other");
  EXPECT_THROW(c.put_referrer("a/b", wrong), Error);  // checked before sending
  EXPECT_EQ(http.requests().size(), 2u);
}

TEST(RegistryReferrersTest, ReferrersApiOr404) {
  const std::string index =
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
      "\"manifests\":[]}";
  const std::string d = sha256_digest("image");
  FakeHttpClient http;
  http.then(HttpResponse{404, {}, "404 page not found"});
  http.then(HttpResponse{200, {{"content-type", std::string(core::k_oci_index)}}, index});
  http.then(HttpResponse{500, {}, ""});
  RegistryClient c(http, options());
  EXPECT_FALSE(c.get_referrers("a/b", d, "application/vnd.berth.packages.v1+json"));
  EXPECT_EQ(http.requests()[0].url,
            "https://registry.example.com/v2/a/b/referrers/" + d +
                "?artifactType=application%2Fvnd.berth.packages.v1%2Bjson");
  const auto got = c.get_referrers("a/b", d, "");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->bytes, index);
  EXPECT_THROW(c.get_referrers("a/b", d, ""), Error);
}

}  // namespace
}  // namespace berth::io
