// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "core/package_diff.hpp"
#include "core/packages.hpp"
#include "io/package_store.hpp"

// Package manifests of built images, for stacks: collect (one docker run of
// the local image), compare with the previous build's (read from the
// registry: its referrers, no layer pulled), write the files and the job
// summary's part; after the push, store the manifest next to the image.
namespace berth::app {

struct PackagesRequest {
  std::string name;      // the image's name in the stack ("base"): file names, summary
  std::string image;     // the built local image: "registry/acme/base:2026.4-abc1234"
  std::string previous;  // the previous build in the registry ("" when there is none)
  std::string dir;       // packages-dir: where the files go ("" writes none)
};

struct PackagesResult {
  bool no_shell = false;  // the image has no sh: no manifest (not an error)
  std::optional<core::PackageManifest> manifest;
  std::optional<core::PackageManifest> previous;  // nothing: none found (see warnings)
  core::PackageDiff diff;                         // empty without a previous manifest
  std::string json;                // the manifest JSON store_packages pushes
  std::string markdown;            // the job summary's part
  std::vector<std::string> files;  // written, in order
  std::vector<std::string> notes;  // what was left out and why
};

// Collects the package manifest of `r.image` (docker run --rm --pull=never
// --network=none --entrypoint sh), reads the previous build's from the
// registry, diffs them and writes <stem>.packages.json, .packages.txt and
// .packages-diff.md into `r.dir`. A previous manifest that cannot be read is
// a note, not an error. Throws Error when docker fails for another reason
// than a missing shell, or a file cannot be written.
// `argv`: the collector's command (a plan's; empty: package_collector_argv
// with "docker").
PackagesResult collect_packages(Services& s, const PackagesRequest& r,
                                const std::vector<std::string>& argv = {});

// Stores `json` (PackagesResult::json) as the package artifact of `pushed`,
// an image reference the registry holds ("registry/acme/base:2026.4-abc1234").
// Throws Error.
io::StoredPackages store_packages(Services& s, const std::string& pushed,
                                  const std::string& json);

// Reads the package manifest stored for `reference`; nothing when there is
// none (`absent` says why). Throws Error on a malformed one.
std::optional<core::PackageManifest> read_packages(Services& s,
                                                   const std::string& reference,
                                                   std::string* absent = nullptr);

}  // namespace berth::app
