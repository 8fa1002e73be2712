// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

#include "app/local.hpp"
#include "app/services.hpp"
#include "core/github.hpp"
#include "core/inputs.hpp"
#include "core/metadata.hpp"
#include "core/scheme.hpp"
#include "io/console.hpp"
#include "io/env.hpp"

// The commands of berth, each a straight line: inputs → context → plan →
// executor → outputs. They throw berth::Error; cli.cpp reports it.
namespace berth::app {

// Everything a command reads from the environment, validated.
struct RunContext {
  core::Inputs inputs;
  core::GitHubContext github;
  core::Clock clock;
  std::shared_ptr<const core::TimeZones> zones;  // what clock.zones points at
  // Where the GitHub context came from (outside Actions: git, flags,
  // environment, defaults), for the output.
  ContextReading context;
};

// Reads the inputs, the GitHub context (GITHUB_* and the event payload) and
// the clock (SOURCE_DATE_EPOCH, TZDIR) from `env`. Throws Errors listing
// every mistake at once, each naming its input or variable.
RunContext read_run_context(const io::Env& env);
// The same, reading the checkout (outside Actions) through `open_git`.
RunContext read_run_context(const io::Env& env, const GitOpener& open_git);

// Resolves the metadata of the run from `env` alone, as run_tags and
// run_action do. Throws Error/Errors naming what is at fault.
core::Metadata plan_metadata(const io::Env& env);

// Prints the metadata of the run as JSON on stdout; diagnostics go to
// `console`. Reads nothing but the environment and the event payload.
int run_tags(const io::Env& env, io::Console& console);

// Runs the action over the real adapters: a promotion when `promote` is set,
// else a build and push; writes the step outputs and the job summary.
int run_action(const io::Env& env, io::Console& console);

// Runs the build-and-push action through `s`. Returns the exit status.
int run_build_action(const RunContext& rc, Services& s);

// Builds the real adapters of a run and calls `command` with them.
int with_live_services(const io::Env& env, io::Console& console, const core::Inputs& in,
                       const std::function<int(Services&)>& command);

}  // namespace berth::app
