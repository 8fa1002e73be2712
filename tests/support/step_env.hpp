// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "io/env.hpp"
#include "support/fixtures.hpp"

namespace berth::testing {

// Returns the environment the runner gives the action on the event fixture
// `fixture` for a push of `image` to the TLS test registry: HOME at `home`,
// RUNNER_TEMP and the output files in `temp`, the build context `context`,
// the test user with `password`. Needs testenv/'s variables.
io::Env push_step_env(const std::string& fixture, const std::string& image,
                      const std::string& home, const TempDir& temp, const std::string& context,
                      const std::string& password);

}  // namespace berth::testing
