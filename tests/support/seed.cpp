// SPDX-License-Identifier: MIT
#include "support/seed.hpp"

#include "core/media_types.hpp"
#include "io/digest.hpp"

namespace berth::testing {
namespace {

std::string descriptor(const std::string& media_type, const std::string& bytes,
                       const std::string& extra = {}) {
  return "{\"mediaType\":\"" + media_type + "\",\"digest\":\"" + io::sha256_digest(bytes) +
         "\",\"size\":" + std::to_string(bytes.size()) + extra + "}";
}

// Builds and uploads one image manifest; returns it, not yet tagged.
io::Manifest image_manifest(io::RegistryClient& client, const std::string& repository,
                            const std::string& media_type, const std::string& arch,
                            const std::string& salt) {
  const bool oci = media_type == core::k_oci_manifest;
  const std::string layer = "layer of " + arch + " " + salt + std::string(512, 'x');
  const std::string config = "{\"architecture\":\"" + arch +
                             "\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" +
                             io::sha256_digest(layer) + "\"]},\"config\":{}}";
  client.upload_blob(repository, layer);
  client.upload_blob(repository, config);
  // Deliberately odd whitespace: any re-serialisation would change the digest.
  const std::string body =
      "{\n   \"schemaVersion\": 2,\n  \"mediaType\": \"" + media_type + "\",\n  \"config\": " +
      descriptor(oci ? "application/vnd.oci.image.config.v1+json"
                     : "application/vnd.docker.container.image.v1+json",
                 config) +
      ",\n  \"layers\": [" +
      descriptor(oci ? "application/vnd.oci.image.layer.v1.tar"
                     : "application/vnd.docker.image.rootfs.diff.tar",
                 layer) +
      "]\n}\n";
  return io::Manifest{media_type, body, io::sha256_digest(body)};
}

}  // namespace

io::Manifest seed_image(io::RegistryClient& client, const std::string& repository,
                        const std::string& tag, const std::string& media_type,
                        const std::string& salt) {
  io::Manifest m = image_manifest(client, repository, media_type, "amd64", salt);
  client.put_manifest(repository, tag, m);
  return m;
}

io::Manifest seed_index(io::RegistryClient& client, const std::string& repository,
                        const std::string& tag, const std::string& media_type,
                        const std::string& salt) {
  const bool oci = media_type == core::k_oci_index;
  const std::string child_type = oci ? std::string(core::k_oci_manifest)
                                     : std::string(core::k_docker_manifest);
  std::string entries;
  for (const char* arch : {"amd64", "arm64"}) {
    const io::Manifest child = image_manifest(client, repository, child_type, arch, salt);
    client.put_manifest(repository, child.digest, child);
    entries += std::string(entries.empty() ? "" : ",") + "\n    " +
               descriptor(child_type, child.bytes,
                          ",\"platform\":{\"architecture\":\"" + std::string(arch) +
                              "\",\"os\":\"linux\"}");
  }
  const std::string body = "{\"schemaVersion\":2,\"mediaType\":\"" + media_type +
                           "\",\"manifests\":[" + entries + "\n]}";
  io::Manifest index{media_type, body, io::sha256_digest(body)};
  client.put_manifest(repository, tag, index);
  return index;
}

}  // namespace berth::testing
