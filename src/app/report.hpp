// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "app/build.hpp"
#include "app/json_writer.hpp"
#include "app/promote.hpp"
#include "core/metadata.hpp"
#include "io/file_commands.hpp"

// How the results of a run are shown: the JSON object of `berth tags` and the
// `json` output, the step outputs, and the job summary.
namespace berth::app {

// Returns the full references a build tags: every image with every tag the
// plan kept (monotonic latest may hold some back).
std::vector<std::string> run_tags_of(const core::Metadata& m, const core::Plan& plan);

// Returns the metadata as one JSON object: version, tags, tag_names, labels
// ("key=value" strings), latest, images, push; with a build `run`, the tags
// it kept, digest, image_id, held_back (floating tags kept where they were,
// and why) and plan (every step with its status).
std::string metadata_json(const core::Metadata& m, const BuildRun* run = nullptr);

// Returns the step outputs of a run, in a stable order.
io::Outputs metadata_outputs(const core::Metadata& m, const BuildRun* run = nullptr);

// Returns the job summary: a markdown table of images and tags.
std::string metadata_summary(const core::Metadata& m, bool dry_run, const BuildRun* run = nullptr);

// Writes the members `timings` (when the run began, its checks' and its
// total time: a real run only) and `plan` (every step: kind, argv, target,
// source, status, digest, times, Dockerfile steps, a stack's tests).
void write_plan(JsonWriter& w, const core::Plan& plan, const Execution& e);

// Returns a promotion's report as JSON (`berth promote` prints it), with its plan.
std::string promotion_json(const PromotionReport& report);

}  // namespace berth::app
