// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "app/stack.hpp"

// The package manifests in a stack run's report: the packages-dir output,
// the `packages` member of each image in the `stack` output, and the job
// summary's section (docs/package-manifests.md).
namespace berth::app {

// Returns the packages-dir of a stack run whose build tag is `build_tag`:
// <RUNNER_TEMP, else TMPDIR or /tmp>/berth-packages-<build tag>.
std::string packages_dir_for(Services& s, const std::string& build_tag);

// Returns the folder the run wrote package files into, "" when it wrote none
// (a dry run, no image built, every listing failed).
std::string written_packages_dir(const StackReport& r);

// Writes `"packages": {...}` for `image` into the open object of `w`: per
// tool its count, the changes by kind, the files, the notes, the registry
// requests of the read and the store; nothing when its step did not run.
void write_image_packages(rapidjson::PrettyWriter<rapidjson::StringBuffer>& w,
                          const StackReport& r, const std::string& image);

// Returns the job summary's package section: per built image the counts
// per tool and the changed packages (core::package_summary_markdown), and
// whether the manifest was stored; "" when no packages step ran.
std::string stack_packages_summary(const StackReport& r);

}  // namespace berth::app
