// SPDX-License-Identifier: MIT
#pragma once

#include "io/console.hpp"
#include "io/env.hpp"

// The commands of berth, each a straight line: inputs → context → core →
// adapters → outputs. They throw berth::Error; cli.cpp reports it.
namespace berth::app {

// Runs the action: resolves the metadata of the run, and writes the step
// outputs and the job summary. Returns the exit status.
int run_action(const io::Env& env, io::Console& console);

// Prints the metadata of the run as JSON on stdout; diagnostics go to
// `console`. Reads nothing but the environment and the event payload.
int run_tags(const io::Env& env, io::Console& console);

}  // namespace berth::app
