// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/stack.hpp"
#include "core/stack_plan.hpp"
#include "io/file_commands.hpp"

// A stack over GitHub Actions' matrix (core/stack_matrix.hpp): the matrix
// outputs of any stack run, a matrix job (`stack-image`) and the final job
// (`stack-finish`); run_stack_action calls these at its seams.
namespace berth::app {

// Checks `stack-image` against the loaded stack: it names one of its images.
// Throws Error blaming stack-image.
void check_stack_image(const core::Stack& stack, const std::string& stack_image);

// Returns the matrix outputs of a stack run: matrix, levels, level-matrices,
// level-builds.
io::Outputs stack_matrix_outputs(const StackReport& r);

// Returns the lines `berth stack plan` adds for the matrix: each level's
// images to build.
std::vector<std::string> stack_matrix_lines(const StackReport& r);

// A matrix job of `image`: when the image does not build in this run, says so
// and returns false (the job has nothing to do). Otherwise makes `run` the
// job's (only the image; no re-tag, no moving tag; its parents from the
// registry), checks that each parent's tag is in the registry (a missing one
// stops a real run with an Error naming the parent and the tag, and is a
// warning in a dry run) and returns true.
bool prepare_matrix_job(StackReport& r, core::StackRun& run, const std::string& image,
                        bool dry_run, Services& s);

// The final job of a matrix run, after the decisions: checks which images
// carry the build tag, plans the re-tags and moving tags
// (core::plan_stack_finish), prints, and unless dry runs them; reports.
// Throws the run's Error after reporting it.
int run_stack_finish(StackReport& r, Services& s);

}  // namespace berth::app
