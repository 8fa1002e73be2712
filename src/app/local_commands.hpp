// SPDX-License-Identifier: MIT
#pragma once

#include "app/local.hpp"
#include "io/console.hpp"
#include "io/env.hpp"

// The commands made for a laptop: `berth plan` and `berth init`.
namespace berth::app {

// `berth plan`: the action's dry run for the simulated event (the same plan,
// probing the local docker and the registries): text on stderr by default,
// the action's `json` output on stdout with --json (BERTH_PLAN_JSON=true).
// With --build (BERTH_PLAN_BUILD=true) the plan is carried out, and pushes
// only when the push input is given (--push true).
int run_plan_command(const io::Env& env, io::Console& console);

// `berth init`: writes the workflows for the repository it stands in
// (core/init_workflows); refuses to overwrite any file, naming it, and then
// writes none. Options: BERTH_INIT_CALVER, BERTH_INIT_USES,
// BERTH_INIT_DEFAULT_BRANCH (set by its flags).
int run_init_command(const io::Env& env, io::Console& console);
// The same, reading the checkout through `open_git` (tests).
int run_init(const io::Env& env, io::Console& console, const GitOpener& open_git,
             const std::string& cwd);

}  // namespace berth::app
