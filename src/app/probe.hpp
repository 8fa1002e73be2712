// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "app/services.hpp"
#include "core/build_plan.hpp"
#include "core/inputs.hpp"
#include "core/metadata.hpp"

namespace berth::app {

// Finds out everything a build plan depends on, before anything is written:
// the context and Dockerfile exist; the docker CLI and its daemon answer and
// what the builder can do; where the password may go; every registry can be
// reached with push rights, and which tags it holds (monotonic latest). A
// dry run works offline: what it cannot check becomes a warning. Returns the
// facts with `private_dir` and `run_id` unset. Throws Errors naming the
// inputs at fault.
core::BuildFacts probe_build(const core::Inputs& in, const core::Metadata& m, Services& s);
// The same, for builds that pull from the registries `pulled` (a stack's
// images: pull_hosts of each).
core::BuildFacts probe_build(const core::Inputs& in, const core::Metadata& m, Services& s,
                             const std::vector<std::string>& pulled);

// Checks that berth may write to every registry of `m` and reaches each
// repository with push rights (a dry run only warns when it cannot); returns
// the tags the repositories hold, for monotonic latest. Throws Errors naming
// the inputs at fault. Builds and merges alike.
std::vector<std::string> probe_registries(const core::Inputs& in, const core::Metadata& m,
                                          Services& s);

}  // namespace berth::app
