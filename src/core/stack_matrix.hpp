// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "core/plan.hpp"
#include "core/reference.hpp"
#include "core/stack.hpp"
#include "core/stack_changes.hpp"
#include "core/stack_plan.hpp"

// A stack larger than one runner, over GitHub Actions' matrix: a plan job
// (the matrix outputs), one job per dependency level whose matrix builds,
// tests and pushes one image each under the run's build tag only
// (`stack-image`), and a final job (`stack-finish`) that re-tags the
// unchanged images and moves the moving tags of every image, or none.
namespace berth::core {

// The image name of the one entry of a level with nothing to build: no image
// of a stack has it (names start with a letter or digit), so a job that runs
// it anyway stops at the `stack-image` check instead of building the stack.
inline constexpr const char* k_no_matrix_image = "(none)";

// The matrix outputs of a stack run, each JSON ready for `fromJSON` (compact,
// one line).
struct StackMatrix {
  // Every image to build: {"include":[{"image":"base","level":0},...]}, in
  // build order; a level's images are in build order too.
  std::string all;
  // One matrix per dependency level of the stack (core::stack_levels), of
  // the level's images to build; a level with none holds one entry whose
  // image is k_no_matrix_image (GitHub refuses an empty matrix).
  std::vector<std::string> levels;
  // How many images each level builds (0: its job is to be skipped).
  std::vector<std::size_t> builds;
};

// Returns the matrix of `stack` (linked) for `decisions`: the images whose
// decision is k_build, grouped by dependency level.
StackMatrix stack_matrix(const Stack& stack, const std::vector<StackDecision>& decisions);

// Returns `m.levels` as one JSON array: [{"include":[...]},...].
std::string level_matrices_json(const StackMatrix& m);
// Returns `m.builds` as one JSON array: [1,2,1].
std::string level_builds_json(const StackMatrix& m);

// A parent of an image built by a matrix job, and where its build comes from.
struct MatrixParent {
  std::string name;      // the parent's name in the stack file
  std::string from_ref;  // the FROM reference the child names ("" for a depends-on link)
  Reference ref;  // PARENT:BUILD_TAG, or PARENT:BASE_TAG when the parent is unchanged
  bool built = false;  // the parent builds in this run (an earlier level's job pushed it)
};

// Returns the parents of `image` for a matrix job: a parent that builds in
// this run comes FROM its build tag (pushed by the job of an earlier
// level), an unchanged one FROM its last build (`tags.base_tag`, the
// manifest the final job re-tags). Throws Error blaming `stack-image` when
// an unchanged parent has no last build.
std::vector<MatrixParent> matrix_parents(const Stack& stack, const StackImage& image,
                                         const std::vector<StackDecision>& decisions,
                                         const StackTags& tags);

// Returns a copy of `run` for the matrix job of `image`: only it builds,
// tests and (when `run.push`) pushes its build tag, each FROM parent taken
// from `parents`; no re-tag and no moving tag.
StackRun matrix_job_run(StackRun run, const std::string& image,
                        const std::vector<MatrixParent>& parents);

// Plans the final job of a matrix run (`stack-finish`). `carrying` names the
// images that already carry `tags.build_tag` in the registry. Every image
// decided k_build must be among them, else nothing is planned: throws Error
// blaming `stack-finish` that names each image missing its build tag. An
// unchanged image (k_retag) not carrying it gets a PUT of its last build
// (`tags.base_tag`) under the build tag; then every image's moving tags
// (`tags.moving`), all by PUT of its build tag, pinned writes first.
Plan plan_stack_finish(const Stack& stack, const std::vector<StackDecision>& decisions,
                       const StackTags& tags, const std::set<std::string>& carrying,
                       bool dry_run);

}  // namespace berth::core
