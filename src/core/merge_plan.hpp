// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "core/inputs.hpp"
#include "core/metadata.hpp"
#include "core/plan.hpp"

// The split-and-merge matrix: each job of a matrix builds its platforms and
// pushes each under its platform tag (split: true); a last job (split:
// merge) builds nothing, assembles the image index of those tags through
// the registry API and applies every tag. The parts meet in the registry.
namespace berth::core {

// What the merge learned from the registries before planning.
struct MergeFacts {
  std::vector<std::string> existing_tags;  // tags the target repositories hold (monotonic latest)
};

// Returns the tags a job of a split build pushes, one per platform and no
// other: platform_tag(`first_tag`, P) for each of `platforms`, in order
// ("1.2.3" + linux/arm64 -> "1.2.3-linux-arm64"). `first_tag` is the tag
// `docker push` would send (pushed_tag of the run's tags). Throws Error
// naming `platforms` when one is not os/arch[/variant].
std::vector<std::string> split_tags(const std::string& first_tag,
                                     const std::vector<std::string>& platforms);

// Returns the metadata of one job of a split build of `platform`: `m` with
// its tags replaced by that platform's tag (split_tags of the first pinned
// tag), so that plan_build builds and pushes under that tag alone: no other
// tag, no latest, nothing a user pulls moves before the merge. Throws Error
// naming `platforms` when `platform` is not os/arch[/variant].
Metadata split_part_metadata(const Metadata& m, const std::string& platform);

// Plans the merge: for every image, one index step (target image:FIRST, the
// first tag that pins the build; parts image:FIRST-<os>-<arch>, one per
// platform of `in.platforms`, in order), then every other tag of the run as
// a copy of the index, pinned before moving. Monotonic latest holds back
// floating tags below a higher release in `facts.existing_tags`, as a build
// does. Without a push (a pull request under push: auto) the plan is empty.
// Throws Error naming `platforms`.
Plan plan_merge(const Inputs& in, const Metadata& m, const MergeFacts& facts);

}  // namespace berth::core
