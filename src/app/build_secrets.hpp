// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <string>

#include "app/services.hpp"
#include "core/build_options.hpp"
#include "core/build_plan.hpp"
#include "core/inputs.hpp"

namespace berth::app {

// Checks, before anything runs, that the build secrets berth does not hold
// itself are there: every `secret-files` path is a regular file and every
// `secret-envs` variable is set and not empty in berth's environment (which
// docker inherits). Reads only. Throws Errors naming secret-files or
// secret-envs and the line; no message holds a value.
void check_secret_sources(const core::BuildOptions& options, Services& s);

// Returns the secrets the executor hands a run's steps, by the key a step
// names them with: the password input, each login's password that is not
// the password input's (registry-auth lines, docker config entries), and
// the build's `secrets` values ("secrets/ID").
std::map<std::string, std::string> run_secrets(const core::Inputs& in,
                                               const core::BuildFacts& facts, Services& s);

}  // namespace berth::app
