// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <string>

namespace berth::testing {

// Parses a GITHUB_OUTPUT/GITHUB_ENV file the way actions/runner does
// (FileCommandManager.cs, EnvFileKeyValuePairs): NAME=VALUE lines split at the
// first '=', NAME<<DELIM heredocs ended by the first line equal to DELIM,
// empty lines skipped, last write wins. Throws std::runtime_error where the
// runner would fail the step.
std::map<std::string, std::string> parse_runner_file(const std::string& text);

}  // namespace berth::testing
