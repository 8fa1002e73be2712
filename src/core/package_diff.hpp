// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/packages.hpp"

// What changed between the package manifests of two builds of an image, and
// how a job summary shows it.
namespace berth::core {

enum class PackageChangeKind { k_added, k_removed, k_upgraded, k_downgraded, k_changed };

// One package that differs. `k_changed`: both versions are there but their
// order is unknown (a pip version that is not PEP 440).
struct PackageChange {
  std::string tool;
  std::string name;
  std::string before;  // "" when added
  std::string after;   // "" when removed
  PackageChangeKind kind = PackageChangeKind::k_changed;
};

struct PackageDiff {
  std::vector<PackageChange> changes;  // by tool (dpkg, pip, conda), then name
  // Returns how many changes of `kind` the diff holds (of `tool`, when given).
  std::size_t count(PackageChangeKind kind, const std::string& tool = {}) const;
};

// Returns `kind` as a word: "added", "removed", "upgraded", "downgraded", "changed".
const char* package_change_word(PackageChangeKind kind);

// Compares the versions of one package of `tool`: Debian's order for dpkg,
// PEP 440 for pip, the simple conda order for conda (and other tools).
// Returns nothing when they cannot be ordered.
std::optional<int> compare_package_versions(const std::string& tool, const std::string& a,
                                            const std::string& b);

// Returns what changed from `before` to `after`: packages added, removed,
// upgraded, downgraded (or changed), tool by tool; a tool only one side has
// counts all its packages as added or removed.
PackageDiff diff_package_manifests(const PackageManifest& before,
                                   const PackageManifest& after);

// Returns the job summary's Markdown for image `image`: one table row per
// tool (packages, added, removed, upgraded, downgraded), then the changed
// packages as a table, folded in a <details> block when there are more than
// `fold_after`. `before` is nothing when there was no previous manifest to
// compare with (said so). Text from the image is escaped for Markdown/HTML.
std::string package_summary_markdown(const std::string& image,
                                     const PackageManifest& after,
                                     const std::optional<PackageManifest>& before,
                                     std::size_t fold_after = 10);

// Returns the diff as plain text, one line per change
// ("dpkg  upgraded  libc6  2.36-9 -> 2.36-9+deb12u1"), or a line saying
// nothing changed.
std::string package_diff_text(const PackageDiff& diff);

}  // namespace berth::core
