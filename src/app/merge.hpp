// SPDX-License-Identifier: MIT
#pragma once

#include "app/build.hpp"
#include "app/services.hpp"
#include "core/inputs.hpp"
#include "core/metadata.hpp"

namespace berth::app {

// Runs the merge of a split build (split: merge): builds nothing. Checks,
// before anything is written, that every registry can be reached with push
// rights and that every platform tag of `platforms` exists for every image
// (core::split_tags of the first pinned tag); then plans (core/merge_plan.hpp),
// prints the plan and carries it out through the registry API: one index per
// image, then every other tag copied from it, pinned before moving. No docker,
// no login, no blob moves. A dry run only reads, and shows the index it would
// write. Throws Error, Errors (every missing part at once) or Cancelled.
BuildRun run_merge(const core::Inputs& in, const core::Metadata& m, Services& s);

// Runs one job of a split build (split: true) of one platform: builds and
// pushes it as run_build does, under its platform tag alone
// (core::split_part_metadata). Throws Error naming `platforms` unless it
// names exactly one platform, and what run_build throws.
// TODO(integrator): several platforms in one split job need build_plan's
// per-platform builds, each pushed under split_tags(first tag, platforms).
BuildRun run_split_part(const core::Inputs& in, const core::Metadata& m, Services& s);

}  // namespace berth::app
