// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace berth::core {

// The registries a build pulls from, as far as berth can tell before it runs.
struct PullSources {
  std::vector<std::string> hosts;       // registry hosts, in order of first use, no duplicates
  std::vector<std::string> unresolved;  // image references berth could not resolve ("${BASE}")
};

// Reads the images a Dockerfile pulls: FROM (its --platform and other flags
// skipped, `AS name` stages remembered), COPY/ADD --from= and RUN
// --mount=...,from= when they name an image rather than a stage. Variables
// in them ($X, ${X}, ${X:-default}, ${X-default}, ${X:+alt}, ${X+alt}) take
// the global ARG defaults (the ARGs before the first FROM), overridden by
// `build_args` (NAME=value); a reference that still holds a '$' or does not
// parse is listed as unresolved. Handles line continuations, comments and
// the `# escape=` directive. `scratch` pulls nothing. Throws nothing.
PullSources dockerfile_pull_sources(std::string_view dockerfile,
                                    const std::vector<std::string>& build_args);

// One image a FROM line names (not `scratch`, not an earlier stage).
struct FromImage {
  std::string written;   // as the line writes it: "${PREFIX}/base:latest"
  std::string expanded;  // variables substituted as dockerfile_pull_sources does;
                         // may still hold a '$' when a variable has no value
  std::size_t line = 0;  // the Dockerfile's line the FROM starts on (1-based)
};

// Returns the images the FROM lines of `dockerfile` name, in file order,
// with the global ARG defaults overridden by `build_args` (NAME=value, a
// later NAME wins). Throws nothing.
std::vector<FromImage> dockerfile_from_images(std::string_view dockerfile,
                                              const std::vector<std::string>& build_args);

// Returns the registry of the image reference `ref` ("debian" is on
// docker.io, "ghcr.io/o/a:1" on ghcr.io), "" when it is not a reference.
// Throws nothing.
std::string reference_host(std::string_view ref);

}  // namespace berth::core
