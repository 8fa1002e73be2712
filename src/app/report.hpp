// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "core/metadata.hpp"
#include "io/file_commands.hpp"

// How the results of a run are shown: the JSON object of `berth tags` and the
// `json` output, the step outputs, and the job summary.
namespace berth::app {

// Returns the metadata as one JSON object: version, tags, tag_names, labels
// ("key=value" strings), latest, images, push.
std::string metadata_json(const core::Metadata& m);

// Returns the step outputs of a run, in a stable order.
io::Outputs metadata_outputs(const core::Metadata& m);

// Returns the job summary: a markdown table of images and tags.
std::string metadata_summary(const core::Metadata& m, bool dry_run);

}  // namespace berth::app
