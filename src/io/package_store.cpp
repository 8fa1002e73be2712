// SPDX-License-Identifier: MIT
#include "io/package_store.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/content_digest.hpp"
#include "core/media_types.hpp"
#include "core/package_artifact.hpp"
#include "core/text.hpp"
#include "io/digest.hpp"

namespace berth::io {
namespace {

std::string str(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) {
    return {};
  }
  const auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString()
             ? std::string(it->value.GetString(), it->value.GetStringLength())
             : std::string();
}

std::int64_t size_of(const rapidjson::Value& v) {
  const auto it = v.FindMember("size");
  return it != v.MemberEnd() && it->value.IsInt64() ? it->value.GetInt64() : -1;
}

rapidjson::Document parse_object(const std::string& what, const std::string& bytes) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(bytes.data(), bytes.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    throw Error(what + ": not a JSON object");
  }
  return doc;
}

// The digest of the newest entry of berth's artifact type in a referrers index.
std::string newest_package_entry(const std::string& what, const std::string& index) {
  const auto doc = parse_object(what, index);
  const auto it = doc.FindMember("manifests");
  if (it == doc.MemberEnd() || !it->value.IsArray()) {
    throw Error(what + ": not an image index");
  }
  std::string found;
  for (const auto& entry : it->value.GetArray()) {
    if (str(entry, "artifactType") == core::k_packages_artifact_type &&
        core::parse_digest(str(entry, "digest"))) {
      found = str(entry, "digest");
    }
  }
  return found;
}

}  // namespace

std::string add_referrer(const std::optional<std::string>& index,
                         const std::string& digest, const std::string& entry) {
  rapidjson::Document doc;
  if (index) {
    doc.Parse<rapidjson::kParseIterativeFlag>(index->data(), index->size());
    if (doc.HasParseError() || !doc.IsObject() ||
        str(doc, "mediaType") != core::k_oci_index || !doc.HasMember("manifests") ||
        !doc["manifests"].IsArray()) {
      throw Error("the referrers tag holds something other than an OCI image index");
    }
  } else {
    doc.Parse(
        R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]})");
  }
  auto& manifests = doc["manifests"];
  for (const auto& m : manifests.GetArray()) {
    if (str(m, "digest") == digest) {
      return *index;  // there already: unchanged
    }
  }
  rapidjson::Document added(&doc.GetAllocator());
  added.Parse(entry.data(), entry.size());
  if (added.HasParseError() || !added.IsObject()) {
    throw Error("the referrer's descriptor is not a JSON object");
  }
  manifests.PushBack(rapidjson::Value(added, doc.GetAllocator()), doc.GetAllocator());
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> writer(out);
  doc.Accept(writer);
  return std::string(out.GetString(), out.GetSize());
}

StoredPackages store_package_artifact(Registry& registry, const std::string& repository,
                                      const std::string& reference,
                                      const std::string& json) {
  StoredPackages stored;
  // 1. the subject: the image's manifest as the registry holds it
  const Manifest subject = registry.get_manifest(repository, reference);
  stored.subject_digest = subject.digest;
  // 2. the blobs: the empty config (once per repository) and the JSON
  registry.upload_blob(repository, core::k_oci_empty_json);
  const std::string layer_digest = registry.upload_blob(repository, json);
  stored.json_size = json.size();
  // 3. the artifact manifest, under its digest
  Manifest artifact;
  artifact.media_type = std::string(core::k_oci_manifest);
  artifact.bytes =
      core::package_artifact_manifest({subject.media_type, subject.digest,
                                       static_cast<std::int64_t>(subject.bytes.size())},
                                      {core::k_packages_artifact_type, layer_digest,
                                       static_cast<std::int64_t>(json.size())});
  artifact.digest = sha256_digest(artifact.bytes);
  stored.artifact_digest = artifact.digest;
  stored.artifact_size = artifact.bytes.size();
  stored.subject_recorded = registry.put_referrer(repository, artifact);
  if (stored.subject_recorded) {
    return stored;
  }
  // 4. no referrers API: the referrers tag schema (distribution-spec,
  //    "Pushing Manifests with Subject"): read the tag's index (a 404 starts
  //    an empty one), add the artifact unless it is there, push it back.
  stored.referrers_tag = core::referrers_tag(subject.digest);
  std::optional<std::string> index;
  if (registry.head_manifest(repository, stored.referrers_tag)) {
    const Manifest current = registry.get_manifest(repository, stored.referrers_tag);
    if (current.media_type != core::k_oci_index) {
      throw Error("writing the package manifest of " + repository + ":" + reference +
                  ": tag " + stored.referrers_tag + " holds a " + current.media_type +
                  ", not the OCI image index of the referrers tag schema");
    }
    index = current.bytes;
  }
  const std::string entry =
      "{\"mediaType\":" + core::json_string(artifact.media_type) +
      ",\"digest\":" + core::json_string(artifact.digest) +
      ",\"size\":" + std::to_string(artifact.bytes.size()) +
      ",\"artifactType\":" + core::json_string(core::k_packages_artifact_type) + "}";
  const std::string updated = add_referrer(index, artifact.digest, entry);
  if (index && updated == *index) {
    return stored;
  }
  Manifest tag_index{std::string(core::k_oci_index), updated, sha256_digest(updated)};
  registry.put_manifest(repository, stored.referrers_tag, tag_index);
  return stored;
}

FoundPackages find_package_artifact(Registry& registry, const std::string& repository,
                                    const std::string& reference) {
  FoundPackages found;
  const std::string what =
      "reading the package manifest of " + repository + ":" + reference;
  const auto digest = registry.head_manifest(repository, reference);
  if (!digest) {
    found.absent = "no image " + repository + ":" + reference;
    return found;
  }
  found.subject_digest = *digest;
  std::string artifact_digest;
  if (const auto api =
          registry.get_referrers(repository, *digest, core::k_packages_artifact_type)) {
    found.via_api = true;
    artifact_digest =
        newest_package_entry(what + ": the referrers API's answer", api->bytes);
  }
  if (artifact_digest.empty()) {
    const std::string tag = core::referrers_tag(*digest);
    if (registry.head_manifest(repository, tag)) {
      const Manifest index = registry.get_manifest(repository, tag);
      artifact_digest =
          newest_package_entry(what + ": referrers tag " + tag, index.bytes);
      found.via_api = false;
    }
  }
  if (artifact_digest.empty()) {
    found.absent = "no package manifest refers to " + repository + "@" + *digest;
    return found;
  }
  found.artifact_digest = artifact_digest;
  const Manifest artifact = registry.get_manifest(repository, artifact_digest);
  const auto doc = parse_object(what + ": artifact " + artifact_digest, artifact.bytes);
  const auto layers = doc.FindMember("layers");
  const auto subject = doc.FindMember("subject");
  if (str(doc, "artifactType") != core::k_packages_artifact_type ||
      layers == doc.MemberEnd() || !layers->value.IsArray() ||
      layers->value.Size() != 1 ||
      str(layers->value[0], "mediaType") != core::k_packages_artifact_type ||
      subject == doc.MemberEnd() || str(subject->value, "digest") != *digest) {
    throw Error(
        what + ": artifact " + artifact_digest +
        " is not a package manifest of this image (artifactType, one layer, subject)");
  }
  const std::int64_t size = size_of(layers->value[0]);
  if (size < 0 || static_cast<std::uint64_t>(size) > k_max_package_json) {
    throw Error(what +
                ": the package manifest's size is missing or above the limit of 16 MiB");
  }
  found.json = registry.get_blob(repository, str(layers->value[0], "digest"),
                                 static_cast<std::size_t>(size));
  return found;
}

}  // namespace berth::io
