// SPDX-License-Identifier: MIT
#include "io/index_json.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/media_types.hpp"

namespace berth::io {
namespace {

const std::string k_img = "sha256:" + std::string(64, 'a');
const std::string k_att = "sha256:" + std::string(64, 'b');

// An index as buildx pushes one platform with provenance.
const std::string k_buildx_index =
    "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
    "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" +
    k_img +
    "\",\"size\":673,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}},"
    "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + k_att +
    "\",\"size\":566,\"annotations\":{\"vnd.docker.reference.digest\":\"" + k_img +
    "\",\"vnd.docker.reference.type\":\"attestation-manifest\"},"
    "\"platform\":{\"architecture\":\"unknown\",\"os\":\"unknown\"}}]}";

TEST(IndexJson, ReadsAnIndexPartsEntries) {
  const Manifest m{std::string(core::k_oci_index), k_buildx_index, "sha256:" + std::string(64, 'c')};
  const core::IndexPart part = read_index_part("r/a:1-linux-arm64", *core::parse_platform("linux/arm64"), m);
  EXPECT_EQ(part.size, static_cast<std::int64_t>(k_buildx_index.size()));
  ASSERT_EQ(part.manifests.size(), 2u);
  EXPECT_EQ(part.manifests[0].digest, k_img);
  EXPECT_EQ(part.manifests[0].size, 673);
  EXPECT_EQ(part.manifests[0].platform->str(), "linux/arm64/v8");
  EXPECT_FALSE(core::is_attestation(part.manifests[0]));
  EXPECT_TRUE(core::is_attestation(part.manifests[1]));
  // Flattened, the attestation keeps its annotations.
  const core::ComposedIndex index = core::compose_index({part});
  EXPECT_NE(index.bytes.find("attestation-manifest"), std::string::npos);
  EXPECT_EQ(index.bytes.find("sha256:" + std::string(64, 'c')), std::string::npos);
}

TEST(IndexJson, APlainManifestHasNoEntries) {
  const Manifest m{std::string(core::k_docker_manifest), "{}", k_img};
  const core::IndexPart part = read_index_part("r/a:x", *core::parse_platform("linux/amd64"), m);
  EXPECT_TRUE(part.manifests.empty());
  EXPECT_EQ(part.digest, k_img);
  EXPECT_EQ(part.size, 2);
}

TEST(IndexJson, RefusesMalformedEntries) {
  for (const std::string& entry : std::vector<std::string>{
           std::string("1"), std::string("{\"mediaType\":\"x\",\"size\":1}"),
        std::string("{\"mediaType\":\"x\",\"digest\":\"sha256:zz\",\"size\":1}"),
        "{\"mediaType\":\"x\",\"digest\":\"" + k_img + "\",\"size\":-1}",
        "{\"mediaType\":\"x\",\"digest\":\"" + k_img + "\",\"size\":1,\"platform\":[]}",
        "{\"mediaType\":\"x\",\"digest\":\"" + k_img + "\",\"size\":1,\"annotations\":{\"a\":1}}"}) {
    const Manifest m{std::string(core::k_oci_index),
                     "{\"schemaVersion\":2,\"manifests\":[" + entry + "]}", k_att};
    EXPECT_THROW(read_index_part("r/a:x", *core::parse_platform("linux/amd64"), m), Error) << entry;
  }
}

}  // namespace
}  // namespace berth::io
