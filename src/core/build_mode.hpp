// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "core/docker_args.hpp"
#include "core/inputs.hpp"

// How a run builds: which builder, how many builds, where the result goes.
// One pure decision over the inputs and the probed builder (tested as a
// table), made before anything is written.
namespace berth::core {

enum class BuildMode {
  k_classic,       // `docker build` (no buildx): the classic builder
  k_buildx,        // one `docker buildx build` for every platform
  k_per_platform,  // one `docker buildx build --platform P` per platform, then an index
};

struct BuildChoice {
  BuildMode mode = BuildMode::k_classic;
  // A docker-container builder created for the run (`--builder berth-RUN`):
  // the docker driver on the classic image store exports no cache but inline.
  bool private_builder = false;
  // `--load`: the image goes into the daemon (not pushing, and the daemon
  // can hold what is built).
  bool load = false;
  std::string notice;                 // one line for the log, "" when none
  std::vector<std::string> warnings;  // each names its input
};

// Returns the type of a `cache-from`/`cache-to` entry: its "type=" field,
// else "registry" (buildx reads a bare "user/app:cache" as a registry ref).
std::string cache_type(const std::string& entry);

// Chooses how to build `in` with the builder `caps` describes, pushing when
// `push`. Without buildx: the classic builder, after check_builder. With it:
// one buildx build, except on the docker driver of the classic image store,
// which builds one platform at a time (pushed under platform tags and joined
// by an index) and exports no cache but inline (a private docker-container
// builder does, unless the `builder` input named this one). Throws Errors,
// each naming its input, for every request the builder cannot serve.
BuildChoice choose_build(const Inputs& in, const DockerCapabilities& caps, bool push);

}  // namespace berth::core
