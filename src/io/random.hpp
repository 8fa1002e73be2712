// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace berth::io {

// Returns 32 random hex digits from the kernel's CSPRNG (getrandom), for
// output delimiters and stop-commands tokens that no input can predict.
std::string random_token();

}  // namespace berth::io
