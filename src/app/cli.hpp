// SPDX-License-Identifier: MIT
#pragma once

#include "io/env.hpp"

namespace berth::app {

// Parses the command line, applies its flags over `env` (each --NAME flag
// overrides INPUT_NAME, context flags override GITHUB_*), runs the chosen
// command and reports any error. Returns the process exit status:
// 0 done, 1 an error the user can fix, 2 bad usage, 3 an internal failure.
int run_cli(int argc, char** argv, io::Env env);

}  // namespace berth::app
