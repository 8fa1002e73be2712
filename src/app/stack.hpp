// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/execute.hpp"
#include "app/run.hpp"
#include "core/stack.hpp"
#include "core/stack_changes.hpp"
#include "io/console.hpp"
#include "io/env.hpp"
#include "io/file_commands.hpp"

// A stack run (the action's `stack` input, `berth stack build`, `berth stack
// plan`): read the stack file, find what changed since the last build,
// decide, plan (core/stack_plan.hpp), execute, report.
namespace berth::app {

// Where a stack run gets its stack, its changes and its decisions. The real
// ones are the stack file reader, the git adapter and core's decisions
// (stack_sources()); tests hand in their own.
struct StackSources {
  // The stack file at `path` (relative to the workspace), linked, in build order.
  std::function<core::Stack(const std::string& path)> load;
  // What changed since the last build of `stack` whose build tag every
  // image carries (or since the pull request's base).
  std::function<core::ChangeSet(const core::Stack& stack, const RunContext& rc)> changes;
  // One decision per image of `stack`.
  std::function<std::vector<core::StackDecision>(const core::Stack& stack,
                                                 const core::ChangeSet& changes)>
      decide;
};

// Returns the real sources of a stack run over `s` (app/stack_sources.cpp).
StackSources stack_sources(Services& s, const RunContext& rc);

// What a stack run did, for its outputs and summary.
struct StackReport {
  core::Stack stack;
  core::ChangeSet changes;
  std::vector<core::StackDecision> decisions;
  std::string build_tag;
  std::vector<std::string> other_tags;  // moved (or pinned) by PUT after every test passed
  bool push = false;
  bool dry_run = false;
  core::Plan plan;
  Execution execution;
  std::string junit_dir;  // "" when no file was written
  std::string junit_dir_output;  // junit_dir as the runner's later steps see it
  std::string packages_dir;  // where the packages steps write (the plan's; see stack_packages.hpp)
  std::string packages_dir_output;  // packages_dir as the runner's later steps see it
  std::string error;      // the run's error, when it failed
};

// Runs a stack through `s`: validate, decide, plan, print; unless dry,
// execute, write the JUnit files; then the outputs and the job summary,
// failed or not. Throws the run's Error after reporting it.
int run_stack_action(const RunContext& rc, Services& s, const StackSources& sources);

// Writes the outputs and the job summary of a stack run (when the runner
// gives their files).
void report_stack(const StackReport& r, Services& s);

// Returns the stack run's `stack` output: images, decisions, tags, digests,
// test results.
std::string stack_json(const StackReport& r);
// Returns the step outputs of a stack run: version (the build tag), tags,
// tag-names, images, push, stack and json (stack_json), junit-dir,
// packages-dir, traceparent, and the matrix outputs (app/stack_matrix.hpp).
io::Outputs stack_outputs(const StackReport& r);
// Returns the job summary of a stack run.
std::string stack_summary(const StackReport& r);
// Returns the lines `berth stack plan` prints: each image, build or re-tag
// and why, in build order, with its tests.
std::vector<std::string> stack_plan_lines(const StackReport& r);

// `berth stack plan` and `berth stack build` (BERTH_STACK_COMMAND says which).
int run_stack_command(const io::Env& env, io::Console& console);

}  // namespace berth::app
