// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// "Did you mean" for a misspelt key or name.
namespace berth::core {

// Returns the number of single-character insertions, deletions,
// substitutions and swaps of neighbours that turn `a` into `b` (the optimal
// string alignment distance: "bsae" is 1 from "base").
std::size_t edit_distance(std::string_view a, std::string_view b);

// Returns the candidate closest to `word` when it is close enough to be a
// likely typo (at most a third of the word's letters off, at least one),
// else "". Ties keep the first candidate.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// Returns " (did you mean \"X\"?)" for closest_match's X, or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace berth::core
