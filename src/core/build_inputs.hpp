// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/build_options.hpp"
#include "core/error.hpp"
#include "core/inputs.hpp"

// Parsing of the BuildKit inputs berth shares with docker/build-push-action:
// the same names and list grammar (@docker/actions-toolkit's getInputList),
// checked line by line so that buildx never sees a malformed flag.
namespace berth::core {

// Parses the BuildKit inputs of `values` into `options`, adding one Error per
// malformed line to `errors`, each naming its input (and the line where the
// input has several). No error quotes anything of a `secrets` line.
void parse_build_options(const InputValues& values, BuildOptions& options,
                         ErrorCollector& errors);

// Returns the values of the `secrets` input, best effort, for masking before
// anything else is printed: the parsed values, or, when the input does not
// parse, its whole text (each line is masked on its own). Throws nothing.
std::vector<std::string> secret_values_to_mask(std::string_view secrets_input);

}  // namespace berth::core
