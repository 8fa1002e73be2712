// SPDX-License-Identifier: MIT
#pragma once

#include "core/metadata.hpp"
#include "io/console.hpp"
#include "io/env.hpp"

// The commands of berth, each a straight line: inputs → context → core →
// adapters → outputs. They throw berth::Error; cli.cpp reports it.
namespace berth::app {

// Runs the action: resolves the metadata of the run, and writes the step
// outputs and the job summary. Returns the exit status.
int run_action(const io::Env& env, io::Console& console);

// Resolves the metadata of the run from `env` alone (inputs, GITHUB_*
// variables, the event payload, SOURCE_DATE_EPOCH, TZDIR), as run_tags and
// run_action do. Throws Error/Errors naming what is at fault.
core::Metadata plan_metadata(const io::Env& env);

// Prints the metadata of the run as JSON on stdout; diagnostics go to
// `console`. Reads nothing but the environment and the event payload.
int run_tags(const io::Env& env, io::Console& console);

}  // namespace berth::app
