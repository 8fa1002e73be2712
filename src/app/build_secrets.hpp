// SPDX-License-Identifier: MIT
#pragma once

#include "app/services.hpp"
#include "core/build_options.hpp"

namespace berth::app {

// Checks, before anything runs, that the build secrets berth does not hold
// itself are there: every `secret-files` path is a regular file and every
// `secret-envs` variable is set and not empty in berth's environment (which
// docker inherits). Reads only. Throws Errors naming secret-files or
// secret-envs and the line; no message holds a value.
void check_secret_sources(const core::BuildOptions& options, Services& s);

}  // namespace berth::app
