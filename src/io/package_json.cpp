// SPDX-License-Identifier: MIT
#include "io/package_json.hpp"

#include <rapidjson/document.h>

#include "core/error.hpp"

namespace berth::io {
namespace {

rapidjson::Document parse(const std::string& what, std::string_view json) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(json.data(), json.size());
  if (doc.HasParseError()) {
    throw Error(what + ": not JSON");
  }
  return doc;
}

std::string string_field(const rapidjson::Value& v, const char* name) {
  const auto it = v.FindMember(name);
  if (it == v.MemberEnd() || !it->value.IsString()) {
    return {};
  }
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

// The array of {"name", "version"} objects pip and conda print.
std::vector<core::Package> name_version_list(const std::string& what,
                                             std::string_view json, bool pip) {
  const auto doc = parse(what, json);
  if (!doc.IsArray()) {
    throw Error(what + ": not a JSON array");
  }
  std::vector<core::Package> packages;
  for (const auto& item : doc.GetArray()) {
    const std::string name = item.IsObject() ? string_field(item, "name") : std::string();
    if (name.empty()) {
      throw Error(what + ": an entry without a \"name\"");
    }
    packages.push_back(
        {pip ? core::normalize_pip_name(name) : name, string_field(item, "version")});
  }
  core::sort_packages(packages);
  return packages;
}

}  // namespace

std::vector<core::Package> parse_pip_json(std::string_view json) {
  return name_version_list("the pip package list", json, true);
}

std::vector<core::Package> parse_conda_json(std::string_view json) {
  return name_version_list("the conda package list", json, false);
}

CollectedPackages read_collector_output(std::string_view output) {
  CollectedPackages out;
  const auto sections = core::split_collector_output(output);
  if (!sections) {
    return out;
  }
  out.manifest.emplace();
  for (const auto& s : *sections) {
    const std::string tool = s.tool == "pip-freeze" ? "pip" : s.tool;
    if (s.status != 0) {
      out.warnings.push_back(tool + " exited with status " + std::to_string(s.status) +
                             "; its packages are left out");
      continue;
    }
    try {
      if (s.tool == "dpkg") {
        out.manifest->tools[tool] = core::parse_dpkg_list(s.body);
      } else if (s.tool == "pip") {
        out.manifest->tools[tool] = parse_pip_json(s.body);
      } else if (s.tool == "pip-freeze") {
        out.manifest->tools[tool] = core::parse_pip_freeze(s.body);
      } else if (s.tool == "conda") {
        out.manifest->tools[tool] = parse_conda_json(s.body);
      }
    } catch (const Error& e) {
      out.warnings.push_back(std::string(e.what()) + "; its packages are left out");
    }
  }
  return out;
}

core::PackageManifest parse_package_manifest_json(const std::string& what,
                                                  std::string_view json) {
  const auto doc = parse(what, json);
  if (!doc.IsObject() || !doc.HasMember("berthPackages") ||
      !doc["berthPackages"].IsInt() || doc["berthPackages"].GetInt() != 1 ||
      !doc.HasMember("tools") || !doc["tools"].IsObject()) {
    throw Error(what + ": not a berth package manifest of version 1");
  }
  core::PackageManifest m;
  for (const auto& tool : doc["tools"].GetObject()) {
    if (!tool.value.IsArray()) {
      throw Error(what + ": the packages of a tool are not a list");
    }
    auto& list = m.tools[std::string(tool.name.GetString(), tool.name.GetStringLength())];
    for (const auto& p : tool.value.GetArray()) {
      if (!p.IsArray() || p.Size() != 2 || !p[0].IsString() || !p[1].IsString()) {
        throw Error(what + ": a package is not [name, version]");
      }
      list.push_back({std::string(p[0].GetString(), p[0].GetStringLength()),
                      std::string(p[1].GetString(), p[1].GetStringLength())});
    }
    core::sort_packages(list);
  }
  return m;
}

}  // namespace berth::io
