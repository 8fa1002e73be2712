// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/packages.hpp"

// The JSON of package manifests (rapidjson): the lists pip and conda print,
// the collector's whole output, and berth's own manifest JSON read back from
// a registry (core::package_manifest_json writes it).
namespace berth::io {

// Parses `pip list --format=json`: [{"name": "...", "version": "..."}, ...];
// names normalised as PEP 503 says. Throws Error on anything else.
std::vector<core::Package> parse_pip_json(std::string_view json);

// Parses `conda list --json`: [{"name": "...", "version": "...", "channel":
// ..., ...}, ...] (other fields ignored). Throws Error on anything else.
std::vector<core::Package> parse_conda_json(std::string_view json);

struct CollectedPackages {
  // nothing: the collector did not run (no marker line: no shell)
  std::optional<core::PackageManifest> manifest;
  // a tool that failed or printed what berth cannot read, its list left out
  std::vector<std::string> warnings;
};

// Reads the collector's output (core::package_collector_script): each
// section parsed by its tool's parser. A section whose tool failed or whose
// list does not parse is left out with a warning. Throws Error when the
// output was cut.
CollectedPackages read_collector_output(std::string_view output);

// Parses berth's manifest JSON ({"berthPackages":1,"tools":{...}}). Throws
// Error starting with `what` on anything else (another version included).
core::PackageManifest parse_package_manifest_json(const std::string& what,
                                                  std::string_view json);

}  // namespace berth::io
