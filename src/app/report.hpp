// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "app/build.hpp"
#include "core/metadata.hpp"
#include "io/file_commands.hpp"

// How the results of a run are shown: the JSON object of `berth tags` and the
// `json` output, the step outputs, and the job summary.
namespace berth::app {

// Returns the metadata as one JSON object: version, tags, tag_names, labels
// ("key=value" strings), latest, images, push; with a `build`, also digest,
// image_id and held_back (floating tags kept where they were, and why).
std::string metadata_json(const core::Metadata& m, const BuildReport* build = nullptr);

// Returns the step outputs of a run, in a stable order.
io::Outputs metadata_outputs(const core::Metadata& m, const BuildReport* build = nullptr);

// Returns the job summary: a markdown table of images and tags.
std::string metadata_summary(const core::Metadata& m, bool dry_run,
                             const BuildReport* build = nullptr);

}  // namespace berth::app
