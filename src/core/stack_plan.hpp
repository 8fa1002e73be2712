// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "core/build_plan.hpp"
#include "core/inputs.hpp"
#include "core/labels.hpp"
#include "core/plan.hpp"
#include "core/stack.hpp"
#include "core/stack_changes.hpp"

// A stack run as one Plan: logins, the builds in build order (each loaded
// into the daemon under the run's build tag), the tests of every built image,
// then, gated on every test passing, the pushes of the build tags, the
// re-tags of the images that did not change and last the moving tags.
namespace berth::core {

// The tags of a stack run.
struct StackTags {
  std::string build_tag;                 // the run's: "2026.4-a1239a5"
  std::string base_tag;                  // the last build's, the source of re-tags ("" when none)
  std::vector<std::string> moving;       // "latest", "main", ...: moved last, by PUT
};

// What a stack run's plan needs beside the stack and its decisions.
struct StackRun {
  StackTags tags;
  bool push = true;  // false: build and test only (a pull request, push: false)
  Labels labels;     // the run's OCI labels (core::Metadata::labels)
  // A matrix job (core/stack_matrix.hpp): only this image builds, tests and
  // pushes its build tag; nothing is re-tagged. "" for the whole stack.
  std::string only;
  // A matrix job: its build's named contexts for its parents, taken from the
  // registry ("FROMREF=docker-image://PARENT:TAG").
  std::vector<std::string> parent_contexts;
  // Package manifests (core/stack_packages.hpp): a `packages` step per built
  // image after the tests, a `packages-store` step after each push.
  bool packages = true;
  std::string packages_dir;  // where the packages steps write ("": no files)
};

// Returns the labels of the stack image `image` in a run labelled `labels`:
// its title is the image's name and its version the build tag, unless the
// `labels` input of `in` sets them.
Labels stack_image_labels(const Labels& labels, const Inputs& in, const StackImage& image,
                          const std::string& build_tag);

// The tests a built image runs, in order: the common tests, then each
// ancestor's (in build order), then its own. `image` must be in `stack`.
struct PlannedTest {
  StackTest test;
  std::string origin;  // "common", an ancestor's name, or "own"
};
std::vector<PlannedTest> tests_of(const Stack& stack, const StackImage& image);

// Returns the names of `image`'s ancestors in `stack`, in build order.
std::vector<std::string> ancestors_of(const Stack& stack, const StackImage& image);

// Plans a stack run over `stack` (in build order) and one decision per
// image. Each built image is one `docker buildx build --load -t
// IMAGE:BUILDTAG` with its own build args, then the action's, and one
// `--build-context FROMREF=docker-image://PARENT:BUILDTAG` per parent built
// in this run (BuildKit's docker driver resolves it from the daemon's
// images: the parent just built, never the registry's). The action's
// BuildKit inputs (`in.build`, cache) apply to every build. Throws Errors
// naming the `stack` input when the builder is not BuildKit on the docker
// driver, and when a decision is missing or a re-tag has no base tag.
Plan plan_stack(const Stack& stack, const std::vector<StackDecision>& decisions,
                const StackRun& run, const Inputs& in, const BuildFacts& facts);

}  // namespace berth::core
