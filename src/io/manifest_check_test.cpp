// SPDX-License-Identifier: MIT
#include "io/manifest_check.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/media_types.hpp"
#include "io/digest.hpp"

namespace berth::io {
namespace {

const std::string k_index = std::string(core::k_oci_index);
const std::string k_list = std::string(core::k_docker_list);
const std::string k_image = std::string(core::k_oci_manifest);
const std::string k_docker = std::string(core::k_docker_manifest);

TEST(ManifestCheckTest, AcceptsOnlyManifestsOfTheirContentType) {
  const std::string index = "{\"schemaVersion\":2,\"mediaType\":\"" + k_index + "\",\"manifests\":[]}";
  const std::string image = "{\"schemaVersion\":2,\"config\":{},\"layers\":[]}";
  const std::tuple<std::string, std::string, bool> cases[] = {
      {k_index, index, true},
      {k_index, "{\"schemaVersion\":2,\"manifests\":[]}", true},  // OCI: mediaType optional
      {k_image, image, true},
      {k_docker, "{\"schemaVersion\":2,\"mediaType\":\"" + k_docker + "\",\"config\":{},\"layers\":[]}", true},
      {k_list, "{\"schemaVersion\":2,\"mediaType\":\"" + k_list + "\",\"manifests\":[]}", true},
      {k_list, "{\"schemaVersion\":2,\"manifests\":[]}", false},  // Docker's types need it
      {k_image, index, false},                                      // mediaType differs
      {k_index, image, false},                                      // no manifests list
      {k_image, "{\"schemaVersion\":2,\"manifests\":[]}", false},  // no config and layers
      {k_index, "{\"schemaVersion\":1,\"manifests\":[]}", false},
      {k_index, "{\"schemaVersion\":\"2\",\"manifests\":[]}", false},
      {k_index, "{\"manifests\":[]}", false},
      {k_index, "<html>not found</html>", false},
      {k_index, "[]", false},
      {k_index, "", false},
      {k_index, index + "garbage", false},
      {"text/html", index, false},
      {"application/vnd.docker.distribution.manifest.v1+prettyjws", "{}", false},
      {"application/octet-stream", image, false},
  };
  for (const auto& [type, body, ok] : cases) {
    SCOPED_TRACE(type + " " + body);
    if (ok) {
      EXPECT_NO_THROW(check_manifest_body("reading x", type, body));
    } else {
      EXPECT_THROW(check_manifest_body("reading x", type, body), Error);
    }
  }
}

TEST(ManifestCheckTest, VerifiesDigestsWithTheAlgorithmTheyName) {
  const std::string bytes = "{\"schemaVersion\":2,\"manifests\":[]}";
  const std::pair<std::string, bool> cases[] = {
      {sha256_digest(bytes), true},
      {digest_of("sha512", bytes), true},
      {"sha512:" + std::string(128, 'f'), false},
      {"sha256:" + std::string(64, '0'), false},
      {"sha384:" + std::string(96, 'a'), false},
      {"md5:" + std::string(32, 'a'), false},
      {sha256_digest(bytes) + "\n::error::forged", false},
      {"SHA256:" + sha256_digest(bytes).substr(7), false},
      {"", false},
  };
  for (const auto& [claimed, ok] : cases) {
    SCOPED_TRACE(claimed);
    if (ok) {
      EXPECT_NO_THROW(check_digest("reading x", "the header", claimed, bytes));
      continue;
    }
    try {
      check_digest("reading x", "the header", claimed, bytes);
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    }
  }
}

TEST(ManifestCheckTest, ReadsAManifestAnswer) {
  const std::string body = "{\"schemaVersion\":2,\"manifests\":[]}";
  const std::string digest = sha256_digest(body);
  HttpResponse r{200, {{"content-type", k_index + "; charset=utf-8"}}, body};
  // No Docker-Content-Digest: the digest is computed; a digest reference is checked.
  EXPECT_EQ(read_manifest("x", "latest", r).digest, digest);
  EXPECT_EQ(read_manifest("x", digest, r).media_type, k_index);
  EXPECT_THROW(read_manifest("x", "sha256:" + std::string(64, 'a'), r), Error);
  EXPECT_THROW(read_manifest("x", "sha256:short", r), Error);
  EXPECT_EQ(read_manifest("x", digest_of("sha512", body), r).digest, digest);
  r.headers.emplace_back("docker-content-digest", digest_of("sha512", body));
  EXPECT_EQ(read_manifest("x", "latest", r).digest, digest);
  r.headers.back().second = "sha512:" + std::string(128, 'f');
  EXPECT_THROW(read_manifest("x", "latest", r), Error);
}

}  // namespace
}  // namespace berth::io
