// SPDX-License-Identifier: MIT
#include "core/engine_endpoint.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

TEST(EngineSocketPath, AsTheDockerCliResolvesItsEndpoint) {
  const struct {
    DockerEndpointSettings in;
    std::string want;
  } cases[] = {
      // The default context: the default socket.
      {{"", "", "", true}, "/var/run/docker.sock"},
      {{"", "default", "", true}, "/var/run/docker.sock"},
      {{"", "", "default", true}, "/var/run/docker.sock"},
      {{"", "default", "default", true}, "/var/run/docker.sock"},
      // DOCKER_HOST with a unix socket: that socket, whatever config.json's context.
      {{"unix:///tmp/x/engine.sock", "", "", true}, "/tmp/x/engine.sock"},
      {{"unix:///tmp/x/engine.sock", "", "remote", true}, "/tmp/x/engine.sock"},
      {{"unix:///tmp/x/engine.sock", "", "", false}, "/tmp/x/engine.sock"},
      {{"unix:///tmp/x/engine.sock", "default", "", true}, "/tmp/x/engine.sock"},
      // Anything else: the CLI is asked.
      {{"tcp://127.0.0.1:2375", "", "", true}, ""},
      {{"ssh://me@host", "", "", true}, ""},
      {{"npipe:////./pipe/docker_engine", "", "", true}, ""},
      {{"fd://", "", "", true}, ""},
      {{"unix://", "", "", true}, ""},
      {{"unix:///", "", "", true}, ""},
      {{"unix://relative.sock", "", "", true}, ""},
      {{"UNIX:///tmp/x.sock", "", "", true}, ""},
      {{"unix:///tmp/x.sock", "remote", "", true}, ""},  // both set: berth does not guess
      {{"", "remote", "", true}, ""},
      {{"", "", "desktop-linux", true}, ""},
      {{"", "default", "desktop-linux", true}, ""},
      {{"", "", "", false}, ""},  // config.json unreadable: the CLI says what it makes of it
  };
  for (const auto& c : cases) {
    EXPECT_EQ(engine_socket_path(c.in), c.want)
        << "DOCKER_HOST=" << c.in.docker_host << " DOCKER_CONTEXT=" << c.in.docker_context
        << " currentContext=" << c.in.current_context << " read=" << c.in.config_read;
  }
}

using Platforms = std::vector<std::string>;

TEST(NeedsBuildxInspect, OnlyWhenItsAnswerCanChangeThePlan) {
  const std::string native = "linux/amd64";
  const struct {
    const char* why;
    BuildxSelection in;
    bool want;
  } cases[] = {
      {"nothing names a builder", {"", "", true, false, {}, native}, false},
      {"the native platform only", {"", "", true, false, {"linux/amd64"}, native}, false},
      {"the native platform twice", {"", "", true, false, {"linux/amd64", "linux/amd64"}, native},
       false},
      {"builder input", {"mybuilder", "", true, false, {}, native}, true},
      {"builder input default", {"default", "", true, false, {}, native}, true},
      {"BUILDX_BUILDER", {"", "other", true, false, {}, native}, true},
      {"a builder recorded by buildx use", {"", "", true, true, {}, native}, true},
      {"not the default context", {"", "", false, false, {}, native}, true},
      {"another platform", {"", "", true, false, {"linux/arm64"}, native}, true},
      {"a variant of the native one", {"", "", true, false, {"linux/amd64/v2"}, native}, true},
      {"two platforms", {"", "", true, false, {"linux/amd64", "linux/arm64"}, native}, true},
      {"native platform unknown", {"", "", true, false, {"linux/amd64"}, ""}, true},
      {"native unknown, no platforms", {"", "", true, false, {}, ""}, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(needs_buildx_inspect(c.in), c.want) << c.why;
  }
}

}  // namespace
}  // namespace berth::core
