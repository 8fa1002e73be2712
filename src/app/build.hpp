// SPDX-License-Identifier: MIT
#pragma once

#include "app/execute.hpp"
#include "app/services.hpp"
#include "core/inputs.hpp"
#include "core/metadata.hpp"
#include "core/plan.hpp"

namespace berth::app {

// A build's plan and what became of each step.
struct BuildRun {
  core::Plan plan;
  Execution execution;
};

// Builds the image with the docker CLI and pushes it: checks everything
// first (app/probe.hpp), plans (core/build_plan.hpp), prints the plan, and
// in a real run carries it out (app/execute.hpp) with a private
// DOCKER_CONFIG that is removed afterwards, whatever happens. A dry run
// creates, runs and writes nothing. Throws Error, Errors or Cancelled.
BuildRun run_build(const core::Inputs& in, const core::Metadata& m, Services& s);

// Prints `plan` as a log group, one line a step.
void print_plan(const core::Plan& plan, Services& s);

}  // namespace berth::app
