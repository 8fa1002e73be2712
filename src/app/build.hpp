// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "core/floating.hpp"
#include "core/inputs.hpp"
#include "core/metadata.hpp"
#include "io/console.hpp"
#include "io/env.hpp"
#include "io/process.hpp"

namespace berth::app {

// What a build did.
struct BuildReport {
  std::string image_id;                 // sha256:... of the built image
  std::string digest;                   // of the pushed manifest ("" when not pushed)
  std::vector<std::string> pushed;      // references written to registries
  std::vector<core::HeldBack> held_back;  // floating tags kept where they were
  std::vector<std::vector<std::string>> commands;  // every docker argv, in order
};

// Builds the image with the docker CLI and pushes it: `docker push` of one
// tag per image, the other tags added through the registry API (one PUT
// each). Everything is checked before the first login, build or push: the
// context and Dockerfile, the docker CLI and daemon, the builder's
// capabilities, the credentials. With a password, berth logs in into a
// private DOCKER_CONFIG it removes afterwards; without one it uses the
// credentials already configured. In a dry run, it only prints the plan.
// `m` may lose floating tags (monotonic-latest). Throws Error.
BuildReport build_and_push(const core::Inputs& in, core::Metadata& m, const io::Env& env,
                           io::Console& console, io::ProcessRunner& runner);

}  // namespace berth::app
