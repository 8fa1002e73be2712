// SPDX-License-Identifier: MIT
#include "io/manifest_check.hpp"

#include <rapidjson/document.h>

#include "core/content_digest.hpp"
#include "core/error.hpp"
#include "core/media_types.hpp"
#include "core/text.hpp"
#include "io/digest.hpp"
#include "io/registry_errors.hpp"

namespace berth::io {

void check_manifest_body(const std::string& what, const std::string& media_type,
                         const std::string& bytes) {
  if (!core::is_supported_manifest(media_type)) {
    throw Error(what + ": unsupported manifest type \"" + printable(media_type) + "\"");
  }
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(bytes.data(), bytes.size());
  const std::string bad = what + ": the registry's answer is not a " + media_type + " manifest";
  if (doc.HasParseError() || !doc.IsObject()) {
    throw Error(bad + " (not a JSON object)");
  }
  if (!doc.HasMember("schemaVersion") || !doc["schemaVersion"].IsInt() ||
      doc["schemaVersion"].GetInt() != 2) {
    throw Error(bad + " (schemaVersion is not 2)");
  }
  const bool oci = media_type == core::k_oci_index || media_type == core::k_oci_manifest;
  if (doc.HasMember("mediaType")) {
    const auto& m = doc["mediaType"];
    if (!m.IsString() || std::string(m.GetString(), m.GetStringLength()) != media_type) {
      throw Error(bad + " (its mediaType differs from the Content-Type)");
    }
  } else if (!oci) {
    throw Error(bad + " (no mediaType)");
  }
  if (core::is_index(media_type)) {
    if (!doc.HasMember("manifests") || !doc["manifests"].IsArray()) {
      throw Error(bad + " (no manifests list)");
    }
  } else if (!doc.HasMember("config") || !doc["config"].IsObject() ||
             !doc.HasMember("layers") || !doc["layers"].IsArray()) {
    throw Error(bad + " (no config and layers)");
  }
}

void check_digest(const std::string& what, const std::string& source, const std::string& claimed,
                  const std::string& bytes) {
  const auto digest = core::parse_digest(claimed);
  if (!digest) {
    throw Error(what + ": " + source + " \"" + printable(claimed) +
                "\" is not a sha256 or sha512 digest");
  }
  const std::string actual = digest_of(digest->algorithm, bytes);
  if (actual != digest->to_string()) {
    throw Error(what + ": " + source + " says the digest is " + digest->to_string() +
                " but the bytes hash to " + actual);
  }
}

Manifest read_manifest(const std::string& what, const std::string& reference,
                       const HttpResponse& r) {
  const std::string type = r.header("content-type");
  Manifest m{std::string(core::trim(std::string_view(type).substr(0, type.find(';')))), r.body,
             sha256_digest(r.body)};
  check_manifest_body(what, m.media_type, m.bytes);
  const std::string claimed = r.header("docker-content-digest");
  if (!claimed.empty()) {
    check_digest(what, "the Docker-Content-Digest header", claimed, m.bytes);
  }
  if (core::is_digest_reference(reference)) {
    check_digest(what, "the reference", reference, m.bytes);
  }
  return m;
}

}  // namespace berth::io
