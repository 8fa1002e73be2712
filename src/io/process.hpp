// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace berth::io {

struct ProcessSpec {
  std::vector<std::string> argv;       // argv[0] is looked up in PATH
  std::vector<std::string> env;        // "NAME=value", the child's whole environment
  std::string stdin_data;              // written to the child's stdin, then closed
  long timeout_ms = 0;                 // 0 = none
  bool capture = false;                // keep stdout in ProcessResult::output
};

struct ProcessResult {
  int exit_code = -1;     // when it exited
  int signal = 0;         // when a signal ended it
  bool timed_out = false;
  bool interrupted = false;  // berth got SIGTERM/SIGINT and stopped it
  std::string output;     // stdout, when captured

  bool ok() const { return exit_code == 0 && signal == 0; }
  // Returns "exited with status 1", "was killed by signal 9", ...
  std::string describe() const;
};

// Runs programs. Abstract so tests can script it.
class ProcessRunner {
 public:
  using LineSink = std::function<void(const std::string&)>;
  virtual ~ProcessRunner() = default;
  // Runs `spec`, handing every line of stdout and stderr (unless captured)
  // to `on_line` as it arrives. Throws Error when the program cannot start.
  virtual ProcessResult run(const ProcessSpec& spec, const LineSink& on_line) = 0;
};

// A runner over posix_spawn: no shell, the child in its own process group,
// which is sent SIGTERM (then SIGKILL after a grace period) on a timeout or
// when berth itself is asked to stop.
class PosixProcessRunner : public ProcessRunner {
 public:
  ProcessResult run(const ProcessSpec& spec, const LineSink& on_line) override;
};

// Installs berth's SIGTERM/SIGINT handlers. As PID 1 in a container berth
// must: PID 1 ignores signals it has no handler for. The handlers only set a
// flag that running children and stop_requested() observe.
void install_stop_handlers();

// Returns whether SIGTERM or SIGINT arrived, and which (0 if none).
int stop_requested();

}  // namespace berth::io
