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

// A program started in the background, its stdout and stderr going to files.
class Background {
 public:
  Background(const std::vector<std::string>& argv, const io::Env& env, const std::string& log);
  ~Background();  // kills it (SIGKILL) if still running
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  int pid() const { return m_pid; }
  // Waits up to `timeout_ms` for it to exit; returns its status as run()
  // does, or -1 if it is still running.
  int wait(long timeout_ms);

 private:
  int m_pid = -1;
  int m_status = -1;
};

// Returns the path of the berth binary under test.
std::string berth_binary();

}  // namespace berth::testing
