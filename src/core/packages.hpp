// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Package manifests of built images: the packages each tool of an image
// (dpkg, pip, conda) says it has, read from one `docker run` of a collector
// script (app/packages.cpp), and written as JSON and text files. Pure: the
// JSON sections of pip and conda are read by io/package_json.hpp.
namespace berth::core {

// The tools a manifest may have, in the order files and summaries list them.
inline constexpr const char* k_package_tools[] = {"dpkg", "pip", "conda"};

struct Package {
  std::string name;
  std::string version;
  bool operator==(const Package& o) const {
    return name == o.name && version == o.version;
  }
};

// Tool ("dpkg", "pip", "conda") → its packages, sorted by name, unique. A
// tool the image lacks has no entry; one with no packages has an empty list.
struct PackageManifest {
  std::map<std::string, std::vector<Package>> tools;
  bool operator==(const PackageManifest& o) const { return tools == o.tools; }
};

// Sorts `packages` by name (then version) and removes exact duplicates.
void sort_packages(std::vector<Package>& packages);

// The collector's sh script: prints "#berth-packages 1", then for each tool
// the image has a "#section TOOL" line, the tool's list and "#end STATUS".
// dpkg-query's tab-separated lines; `python3 -m pip list --format=json`
// (pip freeze when pip is older than 9); `conda list --json` (conda,
// mamba or micromamba, the first found).
std::string package_collector_script();

// Returns the docker argv that runs the collector in `image` (local only:
// --pull=never; no network; the image's entrypoint replaced by sh).
std::vector<std::string> package_collector_argv(const std::string& docker,
                                                const std::string& image);

// One tool's raw list as the collector printed it.
struct PackageSection {
  std::string tool;  // "dpkg", "pip", "pip-freeze", "conda"
  std::string body;  // the lines between "#section" and "#end"
  int status = 0;    // the tool's exit status ("#end STATUS")
};

// Splits the collector's output into sections. Returns nothing when the
// marker line is missing (the script did not run). Throws Error on a section
// that does not end (the output was cut).
std::optional<std::vector<PackageSection>> split_collector_output(
    std::string_view output);

// Parses dpkg-query lines "Package\tVersion\tArchitecture". A package
// installed for two architectures (multiarch) is named "name:arch" in each.
// Throws Error naming the line when one has not three fields.
std::vector<Package> parse_dpkg_list(std::string_view text);

// Parses `pip freeze` lines: "name==version"; "name @ url" gives the URL as
// its version; "-e ..." lines and comments are skipped. Names are normalised
// as PEP 503 says (lower case, runs of "-_." as "-").
std::vector<Package> parse_pip_freeze(std::string_view text);

// Parses `conda list --export` lines "name=version=build" (comments skipped).
// Throws Error naming the line when one has no version.
std::vector<Package> parse_conda_export(std::string_view text);

// Returns `name` normalised as PEP 503 says.
std::string normalize_pip_name(std::string_view name);

// Returns `m` as compact JSON with a fixed order (the same manifest gives the
// same bytes): {"berthPackages":1,"tools":{"dpkg":[["name","version"],...],...}}.
std::string package_manifest_json(const PackageManifest& m);

// Returns `m` as plain text: per tool a "# tool (N packages)" line, then one
// "name  version" line per package, names padded to one column.
std::string package_manifest_text(const PackageManifest& m);

// Returns `name` as a file name part: characters other than letters, digits,
// '.', '_' and '-' become '-'; "image" when nothing is left.
std::string package_file_stem(std::string_view name);

}  // namespace berth::core
