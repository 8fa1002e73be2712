// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/github.hpp"
#include "core/local_context.hpp"
#include "io/console.hpp"
#include "io/env.hpp"
#include "io/git.hpp"

// The run context of berth on a laptop: the checkout's facts (io::GitRepo),
// the simulated event of the command line and the environment, made into the
// runner's variables and payload by core/local_context, then read by the same
// reader as in Actions (io/github_context).
namespace berth::app {

// Opens the repository at a path (Services::open_git's type).
using GitOpener = std::function<std::unique_ptr<io::GitRepo>(const std::string& path)>;

// The opener of the real repository: io::open_git_repo once the git adapter
// is linked; empty until then (a local run then reads no checkout and says so).
GitOpener real_git_opener();

// The variables the simulated-event flags set (cli.cpp): BERTH_SIMULATE_EVENT,
// _REF, _TAG, _BRANCH, _PR, _SHA, _REPOSITORY.
core::SimulatedEvent simulated_event(const io::Env& env);

// The GitHub context of a run and, outside Actions, where each fact came from.
struct ContextReading {
  core::GitHubContext github;
  bool local = false;                     // made by core::make_local_context
  std::vector<core::ContextFact> facts;   // local runs only
  std::vector<std::string> hints;         // what is unknown and what to do
};

// Reads the context: in Actions (GITHUB_ACTIONS=true) without simulated-event
// flags exactly as before (io::read_github_context); else from the checkout
// at the working directory (through `open_git`; not in Actions), the flags
// and the environment. Throws Error/Errors naming a flag or variable.
ContextReading read_context(const io::Env& env, const GitOpener& open_git);

// Prints where each fact of a local run came from, and the hints.
void print_context(const ContextReading& reading, io::Console& console, bool colour);

}  // namespace berth::app
