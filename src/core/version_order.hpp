// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string_view>

// The order of package versions, one rule per package tool: Debian's (dpkg),
// PEP 440's (pip) and a simple one for conda. Each returns <0, 0 or >0 as
// `a` sorts before, with or after `b`.
namespace berth::core {

// Compares two Debian versions ([epoch:]upstream[-revision]) by Debian
// policy's algorithm (§5.6.12, as dpkg's verrevcmp): epochs numerically, then
// upstream and revision in alternating non-digit parts (letters before
// other characters, '~' before everything, even the end) and digit parts
// (numerically). A version without a revision has revision "". Never fails:
// a malformed epoch counts as 0.
int compare_debian_versions(std::string_view a, std::string_view b);

// Compares two PEP 440 versions (epoch, release with trailing zeros ignored,
// dev before pre before the release before post, local last). Returns nothing
// when either is not a PEP 440 version.
std::optional<int> compare_pep440_versions(std::string_view a, std::string_view b);

// Compares two conda versions simply: each split at '.', '-', '_' and '+' and
// between digits and letters; numbers numerically, letters case-insensitively,
// a missing part counting as 0, letters before numbers ("1.0a1" < "1.0"),
// "dev" before other letters and "post" after numbers. Never fails.
int compare_conda_versions(std::string_view a, std::string_view b);

}  // namespace berth::core
