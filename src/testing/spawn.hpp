// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "io/env.hpp"

namespace berth::testing {

struct RunResult {
  int status = -1;  // exit status, or 128 + signal
  std::string out;
  std::string err;
};

// Runs `argv` with exactly the environment `env` (nothing inherited), feeding
// `input` on stdin, and collects both output streams.
RunResult run(const std::vector<std::string>& argv, const io::Env& env,
              const std::string& input = {});

// Returns the path of the berth binary under test.
std::string berth_binary();

}  // namespace berth::testing
