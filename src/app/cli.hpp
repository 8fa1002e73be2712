// SPDX-License-Identifier: MIT
#pragma once

#include <exception>

#include "io/env.hpp"

namespace berth::app {

// Parses the command line, applies its flags over `env` (each --NAME flag
// overrides INPUT_NAME, context flags override GITHUB_*), runs the chosen
// command and reports any error. Returns the process exit status:
// 0 done, 1 an error the user can fix, 2 bad usage, 3 an internal failure,
// 128 + the signal when stopped by SIGINT or SIGTERM (130, 143). Reports
// every std::exception itself instead of throwing it.
int run_cli(int argc, char** argv, io::Env env);

// Returns the exit status of a run that ended with `e`: 128 + the signal for
// berth::Cancelled, 1 for any other berth::Error, 3 for anything else (an
// internal failure). Throws nothing.
int exit_status_of(const std::exception& e);

}  // namespace berth::app
