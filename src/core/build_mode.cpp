// SPDX-License-Identifier: MIT
#include "core/build_mode.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

// Returns the value of the field `key` of a "k=v,k=v" entry, or "".
std::string field(const std::string& entry, std::string_view key) {
  for (std::string_view part : split(entry, ',')) {
    part = trim(part);
    if (starts_with(part, key) && part.size() > key.size() && part[key.size()] == '=') {
      return std::string(part.substr(key.size() + 1));
    }
  }
  return {};
}

// type=gha reads GitHub's cache service from the runner's variables
// (ACTIONS_CACHE_URL, or ACTIONS_RESULTS_URL for the v2 service) unless the
// entry names it with url= (docs.docker.com/build/cache/backends/gha).
void check_gha(const std::vector<std::string>& entries, const char* input,
               const DockerCapabilities& caps, ErrorCollector& errors) {
  for (const std::string& entry : entries) {
    if (cache_type(entry) == "gha" && field(entry, "url").empty() &&
        field(entry, "url_v2").empty() && !caps.gha_cache_service) {
      errors.add(Error(std::string(input) + ": \"" + entry +
                           "\" needs GitHub's cache service: ACTIONS_CACHE_URL or "
                           "ACTIONS_RESULTS_URL (set on GitHub's runners), or a url= attribute",
                       input));
    }
  }
}

bool is_docker_driver(const DockerCapabilities& caps) {
  return caps.builder.driver == "docker";
}

}  // namespace

std::string cache_type(const std::string& entry) {
  const std::string type = field(entry, "type");
  return type.empty() ? "registry" : type;
}

BuildChoice choose_build(const Inputs& in, const DockerCapabilities& caps, bool push) {
  BuildChoice choice;
  const bool multi = in.platforms.size() > 1;
  if (!caps.buildx) {
    check_builder(in, caps);
    choice.notice = "building with the classic builder: this docker CLI has no buildx plugin";
    return choice;
  }
  ErrorCollector errors;
  const std::string builder = "builder \"" + caps.builder.name + "\" (" + caps.builder.driver +
                              " driver, " + image_store_name(caps.store) + " image store)";
  // The docker driver builds into the daemon's image store; the classic
  // store holds one platform per image and no cache but the image's own.
  const bool classic_docker = is_docker_driver(caps) && caps.store != ImageStore::k_containerd;
  choice.mode = BuildMode::k_buildx;
  if (classic_docker) {
    for (const std::string& to : in.cache_to) {
      if (cache_type(to) == "inline") {
        continue;
      }
      if (!in.build.builder.empty()) {
        errors.add(Error("cache-to: " + builder + " cannot export a cache of type " +
                             cache_type(to) + " (only inline); name a docker-container builder "
                             "or leave `builder` empty for a private one",
                         "cache-to"));
      } else {
        choice.private_builder = true;
      }
    }
  }
  const bool one_at_a_time = classic_docker && !choice.private_builder && multi;
  if (one_at_a_time) {
    choice.mode = BuildMode::k_per_platform;
  }
  if (classic_docker && !choice.private_builder && !in.build.annotations.empty()) {
    errors.add(Error("annotations: " + builder + " writes Docker v2 manifests, which carry no "
                         "annotations; use the containerd image store or a docker-container "
                         "builder",
                     "annotations"));
  }
  check_gha(in.cache_from, "cache-from", caps, errors);
  check_gha(in.cache_to, "cache-to", caps, errors);
  // A builder's list names its native platforms and emulators; a FROM
  // scratch image builds for any platform, so a missing one only warns.
  if (!choice.private_builder && !caps.builder.platforms.empty()) {
    for (const std::string& p : in.platforms) {
      const auto& have = caps.builder.platforms;
      if (std::find(have.begin(), have.end(), p) == have.end()) {
        choice.warnings.push_back("platforms: " + builder + " does not list " + p +
                                  " (it lists " + join(have, ", ") +
                                  "); a RUN step for it needs emulation");
      }
    }
  }
  errors.throw_if_any();
  if (!push) {
    // The docker driver puts its result into the daemon; a docker-container
    // builder loads one platform, or several into the containerd store.
    choice.load = !multi || one_at_a_time ||
                  (is_docker_driver(caps) && caps.store == ImageStore::k_containerd);
    if (!choice.load) {
      choice.warnings.push_back("platforms: not pushing, and " +
                                (choice.private_builder ? std::string("the private builder")
                                                        : builder) +
                                " cannot load a multi-platform image into the daemon: the "
                                "result stays in the build cache");
    }
  }
  return choice;
}

}  // namespace berth::core
