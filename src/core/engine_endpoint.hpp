// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

// Which Docker Engine the docker CLI talks to, and whether buildx's builder
// is known without asking buildx: two pure decisions over what the
// environment and the CLI's files say, so that berth may ask the daemon's
// API directly (a socket request, not a CLI process) only when the CLI
// would reach that very socket, and skip `docker buildx inspect` only when
// its answer cannot change the plan.
namespace berth::core {

// What decides the docker CLI's endpoint (docs.docker.com/engine/context,
// docker/cli's resolveContextName): DOCKER_HOST, else DOCKER_CONTEXT, else
// the config file's currentContext, else the default context.
struct DockerEndpointSettings {
  std::string docker_host;      // DOCKER_HOST ("" when unset)
  std::string docker_context;   // DOCKER_CONTEXT ("" when unset)
  std::string current_context;  // config.json's "currentContext" ("" when none)
  bool config_read = true;      // false: config.json exists but cannot be read as JSON
};

// The default context's socket on Linux.
inline constexpr const char* k_default_engine_socket = "/var/run/docker.sock";

// Returns the path of the unix socket the docker CLI would reach, or "" when
// it would reach something else or berth cannot be sure (tcp://, ssh://,
// npipe://, a named context, an unreadable config): then the CLI is asked.
// DOCKER_HOST=unix:///path gives /path (a named DOCKER_CONTEXT beside it
// gives ""); no DOCKER_HOST, no named context: k_default_engine_socket.
std::string engine_socket_path(const DockerEndpointSettings& settings);

// What decides the builder `docker buildx build` uses (buildx's store:
// `builder` input, BUILDX_BUILDER, the `current` and `defaults/` records
// under BUILDX_CONFIG or the CLI config's buildx/).
struct BuildxSelection {
  std::string builder_input;   // the `builder` input
  std::string buildx_builder;  // BUILDX_BUILDER
  bool default_context = false;    // engine_socket_path found a socket: the default context
  bool builder_recorded = true;    // buildx's store names a builder (or cannot be read)
  std::vector<std::string> platforms;  // the `platforms` input
  std::string native_platform;         // the daemon's "os/arch" ("" when unknown)
};

// Returns whether `docker buildx inspect` must be asked. It need not when
// nothing names a builder (no input, no BUILDX_BUILDER, nothing recorded),
// the context is the default one, and the platforms are none or only the
// daemon's own: the builder is then the context's default, the docker driver
// on that daemon (default_builder()), and its platform list could not add a
// warning.
bool needs_buildx_inspect(const BuildxSelection& selection);

// The builder buildx uses on the default context when nothing names one.
struct DefaultBuilder {
  const char* name = "default";
  const char* driver = "docker";
};

}  // namespace berth::core
