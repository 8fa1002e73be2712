// SPDX-License-Identifier: MIT
#include "io/credentials.hpp"

#include <fstream>
#include <sstream>

#include <rapidjson/document.h>

#include "core/base64.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace berth::io {
namespace {

// The keys docker login writes for a registry: the host, or a URL of it;
// Docker Hub's is its legacy index URL.
bool key_matches(std::string_view key, std::string_view registry) {
  if (registry == "docker.io" || registry == "index.docker.io" ||
      registry == "registry-1.docker.io") {
    return key == "https://index.docker.io/v1/" || key == "index.docker.io" ||
           key == "docker.io" || key == "registry-1.docker.io";
  }
  for (std::string_view scheme : {"https://", "http://"}) {
    if (core::starts_with(key, scheme)) {
      key.remove_prefix(scheme.size());
    }
  }
  key = key.substr(0, key.find('/'));
  return key == registry;
}

}  // namespace

std::optional<Credentials> docker_config_credentials(const Env& env, std::string_view registry) {
  const std::string dir = !env.get("DOCKER_CONFIG").empty() ? env.get("DOCKER_CONFIG")
                          : !env.get("HOME").empty()        ? env.get("HOME") + "/.docker"
                                                            : std::string();
  if (dir.empty()) {
    return std::nullopt;
  }
  std::ifstream file(dir + "/config.json");
  if (!file) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << file.rdbuf();
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(text.str().c_str());
  if (doc.HasParseError() || !doc.IsObject()) {
    throw Error("docker config " + dir + "/config.json is not valid JSON", "DOCKER_CONFIG");
  }
  const auto auths = doc.FindMember("auths");
  if (auths == doc.MemberEnd() || !auths->value.IsObject()) {
    return std::nullopt;
  }
  for (const auto& entry : auths->value.GetObject()) {
    if (!key_matches(entry.name.GetString(), registry) || !entry.value.IsObject()) {
      continue;
    }
    const auto auth = entry.value.FindMember("auth");
    if (auth == entry.value.MemberEnd() || !auth->value.IsString()) {
      continue;
    }
    const auto plain = core::base64_decode(auth->value.GetString());
    const auto colon = plain ? plain->find(':') : std::string::npos;
    if (colon == std::string::npos) {
      throw Error("docker config: the auth entry for " + std::string(registry) +
                      " is not base64 of user:password",
                  "DOCKER_CONFIG");
    }
    return Credentials{plain->substr(0, colon), plain->substr(colon + 1)};
  }
  return std::nullopt;
}

Credentials resolve_credentials(const Env& env, std::string_view registry,
                                const std::string& username, const std::string& password) {
  if (!password.empty()) {
    return Credentials{username, password};
  }
  return docker_config_credentials(env, registry).value_or(Credentials{});
}

}  // namespace berth::io
