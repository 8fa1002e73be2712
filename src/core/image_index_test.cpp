// SPDX-License-Identifier: MIT
#include "core/image_index.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/media_types.hpp"

namespace berth::core {
namespace {

const std::string k_d1 = "sha256:" + std::string(64, '1');
const std::string k_d2 = "sha256:" + std::string(64, '2');
const std::string k_d3 = "sha256:" + std::string(64, '3');
const std::string k_d4 = "sha256:" + std::string(64, '4');

Platform platform(const char* text) { return *parse_platform(text); }

IndexPart image_part(std::string_view media_type, const std::string& digest, const char* p,
                     std::int64_t size = 500) {
  IndexPart part;
  part.name = "r/app:1.0.0-" + std::string(p);
  part.media_type = std::string(media_type);
  part.digest = digest;
  part.size = size;
  part.platform = platform(p);
  return part;
}

Descriptor attestation(const std::string& digest, const std::string& of) {
  Descriptor d;
  d.media_type = std::string(k_oci_manifest);
  d.digest = digest;
  d.size = 840;
  d.platform = Platform{"unknown", "unknown", ""};
  d.annotations = {{"vnd.docker.reference.type", "attestation-manifest"},
                   {"vnd.docker.reference.digest", of}};
  return d;
}

TEST(ImageIndex, OciPartsMakeAnOciIndexWithExactBytes) {
  const ComposedIndex index = compose_index(
      {image_part(k_oci_manifest, k_d1, "linux/amd64", 480),
       image_part(k_oci_manifest, k_d2, "linux/arm64/v8", 481)});
  EXPECT_EQ(index.media_type, k_oci_index);
  EXPECT_EQ(index.bytes,
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
            "\"manifests\":["
            "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + k_d1 +
                "\",\"size\":480,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
            "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + k_d2 +
                "\",\"size\":481,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\","
                "\"variant\":\"v8\"}}]}");
}

TEST(ImageIndex, MediaTypeFollowsTheEntries) {
  struct Case {
    std::string_view first, second, expected;
  };
  for (const Case& c : {Case{k_docker_manifest, k_docker_manifest, k_docker_list},
                        Case{k_oci_manifest, k_oci_manifest, k_oci_index},
                        Case{k_docker_manifest, k_oci_manifest, k_oci_index},
                        Case{k_oci_manifest, k_docker_manifest, k_oci_index}}) {
    const ComposedIndex index = compose_index(
        {image_part(c.first, k_d1, "linux/amd64"), image_part(c.second, k_d2, "linux/arm64")});
    EXPECT_EQ(index.media_type, c.expected) << c.first << " + " << c.second;
    EXPECT_NE(index.bytes.find("\"mediaType\":\"" + std::string(c.expected) + "\""),
              std::string::npos);
  }
}

TEST(ImageIndex, SamePartsSameBytes) {
  const std::vector<IndexPart> parts = {image_part(k_oci_manifest, k_d1, "linux/amd64"),
                                        image_part(k_oci_manifest, k_d2, "linux/arm64")};
  EXPECT_EQ(compose_index(parts).bytes, compose_index(parts).bytes);
  // The order of the parts is the order of the entries.
  EXPECT_NE(compose_index(parts).bytes,
            compose_index({parts[1], parts[0]}).bytes);
}

TEST(ImageIndex, FlattensAnIndexPartWithItsAttestation) {
  IndexPart arm = image_part(k_oci_index, k_d3, "linux/arm64");
  Descriptor image;
  image.media_type = std::string(k_oci_manifest);
  image.digest = k_d2;
  image.size = 700;
  image.platform = platform("linux/arm64");
  arm.manifests = {image, attestation(k_d4, k_d2)};
  const ComposedIndex index =
      compose_index({image_part(k_docker_manifest, k_d1, "linux/amd64"), arm});
  EXPECT_EQ(index.media_type, k_oci_index);
  EXPECT_EQ(index.bytes.find(k_d3), std::string::npos) << "the part's own index is not an entry";
  const auto at1 = index.bytes.find(k_d1);
  const auto at2 = index.bytes.find(k_d2);
  const auto at4 = index.bytes.find("\"digest\":\"" + k_d4);
  ASSERT_NE(at4, std::string::npos);
  EXPECT_LT(at1, at2);
  EXPECT_LT(at2, at4);
  EXPECT_NE(index.bytes.find("{\"vnd.docker.reference.digest\":\"" + k_d2 +
                             "\",\"vnd.docker.reference.type\":\"attestation-manifest\"}"),
            std::string::npos)
      << index.bytes;
}

TEST(ImageIndex, RefusesWhatDoesNotAddUp) {
  IndexPart other_platform = image_part(k_oci_index, k_d3, "linux/arm64");
  Descriptor amd;
  amd.media_type = std::string(k_oci_manifest);
  amd.digest = k_d2;
  amd.platform = platform("linux/amd64");
  other_platform.manifests = {amd};
  IndexPart only_attestation = image_part(k_oci_index, k_d3, "linux/arm64");
  only_attestation.manifests = {attestation(k_d4, k_d2)};
  IndexPart wrong_config = image_part(k_oci_manifest, k_d2, "linux/arm64");
  wrong_config.config_platform = platform("linux/amd64");
  IndexPart schema1 = image_part("application/vnd.docker.distribution.manifest.v1+json", k_d2,
                                 "linux/arm64");
  const IndexPart amd64 = image_part(k_oci_manifest, k_d1, "linux/amd64");
  struct Case {
    std::vector<IndexPart> parts;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{}, "an image index needs at least one part"},
      {{amd64, image_part(k_oci_manifest, k_d2, "linux/amd64")},
       "index part r/app:1.0.0-linux/amd64: platform linux/amd64 is already in the index"},
      {{amd64, image_part(k_oci_manifest, k_d1, "linux/arm64")},
       "index part r/app:1.0.0-linux/arm64: manifest " + k_d1 + " is already in the index"},
      {{amd64, other_platform},
       "index part r/app:1.0.0-linux/arm64: holds " + k_d2 + " for linux/amd64, not linux/arm64"},
      {{amd64, only_attestation},
       "index part r/app:1.0.0-linux/arm64: an index with no image for linux/arm64"},
      {{amd64, wrong_config},
       "index part r/app:1.0.0-linux/arm64: built for linux/amd64, not linux/arm64"},
      {{amd64, schema1},
       "index part r/app:1.0.0-linux/arm64: application/vnd.docker.distribution.manifest.v1+json "
       "is not an image manifest or index"},
  };
  for (const Case& c : cases) {
    try {
      compose_index(c.parts);
      ADD_FAILURE() << "no error for: " << c.message;
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), c.message);
    }
  }
}

TEST(ImageIndex, ConfigThatAgreesIsFine) {
  IndexPart arm = image_part(k_oci_manifest, k_d2, "linux/arm64/v8");
  arm.config_platform = platform("linux/arm64/v8");
  EXPECT_NO_THROW(compose_index({arm}));
  IndexPart any_variant = image_part(k_oci_manifest, k_d2, "linux/arm64");
  any_variant.config_platform = platform("linux/arm64/v8");
  EXPECT_NO_THROW(compose_index({any_variant}));
}

TEST(ImageIndex, EscapesAnnotations) {
  IndexPart part = image_part(k_oci_index, k_d3, "linux/amd64");
  Descriptor d;
  d.media_type = std::string(k_oci_manifest);
  d.digest = k_d1;
  d.platform = platform("linux/amd64");
  d.annotations = {{"k", "a\"b\\c\nd"}};
  part.manifests = {d};
  EXPECT_NE(compose_index({part}).bytes.find("{\"k\":\"a\\\"b\\\\c\\u000ad\"}"),
            std::string::npos);
}

}  // namespace
}  // namespace berth::core
