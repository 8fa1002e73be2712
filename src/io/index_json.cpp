// SPDX-License-Identifier: MIT
#include "io/index_json.hpp"

#include <rapidjson/document.h>

#include "core/content_digest.hpp"
#include "core/error.hpp"
#include "core/media_types.hpp"
#include "io/registry_errors.hpp"

namespace berth::io {
namespace {

using Value = rapidjson::Value;

std::string text_of(const Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

// Returns the string member `key` of `object`, "" when absent; throws when it
// is there and not a string.
std::string string_member(const Value& object, const char* key, const std::string& what) {
  const auto it = object.FindMember(key);
  if (it == object.MemberEnd()) {
    return {};
  }
  if (!it->value.IsString()) {
    throw Error(what + ": \"" + key + "\" is not a string");
  }
  return text_of(it->value);
}

core::Descriptor read_descriptor(const Value& v, const std::string& what) {
  if (!v.IsObject()) {
    throw Error(what + ": an entry of \"manifests\" is not an object");
  }
  core::Descriptor d;
  d.media_type = string_member(v, "mediaType", what);
  d.digest = string_member(v, "digest", what);
  const auto size = v.FindMember("size");
  if (d.media_type.empty() || d.digest.empty() || size == v.MemberEnd() ||
      !size->value.IsInt64() || size->value.GetInt64() < 0) {
    throw Error(what + ": an entry of \"manifests\" lacks mediaType, digest or size");
  }
  d.size = size->value.GetInt64();
  if (!core::parse_digest(d.digest)) {
    throw Error(what + ": \"" + printable(d.digest) + "\" is not a digest");
  }
  if (const auto p = v.FindMember("platform"); p != v.MemberEnd()) {
    if (!p->value.IsObject()) {
      throw Error(what + ": " + printable(d.digest) + ": \"platform\" is not an object");
    }
    core::Platform platform;
    platform.os = string_member(p->value, "os", what);
    platform.architecture = string_member(p->value, "architecture", what);
    platform.variant = string_member(p->value, "variant", what);
    d.platform = platform;
    d.os_version = string_member(p->value, "os.version", what);
    if (const auto f = p->value.FindMember("os.features"); f != p->value.MemberEnd()) {
      if (!f->value.IsArray()) {
        throw Error(what + ": \"os.features\" is not an array");
      }
      for (const Value& feature : f->value.GetArray()) {
        if (!feature.IsString()) {
          throw Error(what + ": \"os.features\" holds a non-string");
        }
        d.os_features.push_back(text_of(feature));
      }
    }
  }
  if (const auto a = v.FindMember("annotations"); a != v.MemberEnd()) {
    if (!a->value.IsObject()) {
      throw Error(what + ": \"annotations\" is not an object");
    }
    for (const auto& member : a->value.GetObject()) {
      if (!member.value.IsString()) {
        throw Error(what + ": an annotation is not a string");
      }
      d.annotations[text_of(member.name)] = text_of(member.value);
    }
  }
  return d;
}

}  // namespace

core::IndexPart read_index_part(const std::string& name, const core::Platform& platform,
                                const Manifest& manifest) {
  core::IndexPart part;
  part.name = name;
  part.media_type = manifest.media_type;
  part.digest = manifest.digest;
  part.size = static_cast<std::int64_t>(manifest.bytes.size());
  part.platform = platform;
  if (!core::is_index(manifest.media_type)) {
    return part;
  }
  const std::string what = "index part " + name;
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(manifest.bytes.data(), manifest.bytes.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    throw Error(what + ": not a JSON object");
  }
  const auto manifests = doc.FindMember("manifests");
  if (manifests == doc.MemberEnd() || !manifests->value.IsArray()) {
    throw Error(what + ": no \"manifests\" array");
  }
  for (const Value& entry : manifests->value.GetArray()) {
    part.manifests.push_back(read_descriptor(entry, what));
  }
  return part;
}

}  // namespace berth::io
