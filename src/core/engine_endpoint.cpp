// SPDX-License-Identifier: MIT
#include "core/engine_endpoint.hpp"

#include "core/text.hpp"

namespace berth::core {
namespace {

// A context name other than the default one ("" and "default" are the default).
bool named_context(const std::string& name) { return !name.empty() && name != "default"; }

}  // namespace

std::string engine_socket_path(const DockerEndpointSettings& settings) {
  if (named_context(settings.docker_context)) {
    return {};
  }
  if (!settings.docker_host.empty()) {
    // DOCKER_HOST wins over the config file's context (the CLI picks the
    // default context, with this host).
    constexpr std::string_view scheme = "unix://";
    if (!starts_with(settings.docker_host, scheme)) {
      return {};  // tcp://, ssh://, npipe://, fd://: the CLI knows how
    }
    const std::string path = settings.docker_host.substr(scheme.size());
    return path.size() > 1 && path.front() == '/' ? path : std::string();
  }
  if (!settings.config_read || named_context(settings.current_context)) {
    return {};
  }
  return k_default_engine_socket;
}

bool needs_buildx_inspect(const BuildxSelection& selection) {
  if (!selection.builder_input.empty() || !selection.buildx_builder.empty() ||
      !selection.default_context || selection.builder_recorded) {
    return true;
  }
  for (const std::string& platform : selection.platforms) {
    if (platform != selection.native_platform || selection.native_platform.empty()) {
      return true;
    }
  }
  return false;
}

}  // namespace berth::core
