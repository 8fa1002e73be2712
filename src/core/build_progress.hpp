// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

// The steps of a BuildKit build, read from `docker buildx build
// --progress=plain` as its lines arrive. BuildKit calls them vertexes: each
// Dockerfile instruction ("[build 2/4] RUN make"), and its own work
// ("[internal] load build definition from Dockerfile", "exporting to image").
// Pure: the caller says when each line arrived.
namespace berth::core {

// One vertex of a BuildKit build.
struct BuildStep {
  int id = 0;                    // the "#N" of the plain output
  std::string name;              // "[build 2/4] RUN make", "exporting to image"
  std::int64_t start_ns = 0;     // when its first line arrived
  std::int64_t last_ns = 0;      // when its latest line arrived
  std::int64_t end_ns = 0;       // when DONE, CACHED or ERROR arrived; 0 while it runs
  std::int64_t reported_ms = -1; // BuildKit's own time ("DONE 1.3s"), -1 when none
  bool cached = false;           // "CACHED": its result came from the build cache
  std::string error;             // the message of "ERROR: ...", "canceled" for CANCELED

  // Returns whether the step is an instruction of the Dockerfile: its name
  // starts with "[stage i/n] " or "[i/n] " (multi-platform: "[linux/arm64
  // build 2/4] ").
  bool dockerfile() const;
  // Returns whether DONE, CACHED, ERROR or CANCELED ended it.
  bool finished() const { return end_ns != 0; }
  // Returns how long it took: BuildKit's time when it gave one, else from
  // its first line to its end (or to its latest line when it never ended).
  std::int64_t ms() const;
  // Returns "done", "cached", "failed" or "unfinished".
  const char* status() const;
};

// Reads the plain progress of one build, line by line. Lines that are not
// progress ("#N ..." of a vertex: its name, logs, statuses, the end) are
// ignored, so the whole output of the build can be fed as it is.
class BuildProgress {
 public:
  // Reads one line of output (without its line break) that arrived at
  // `at_ns` (any clock; only differences matter).
  void add_line(std::string_view line, std::int64_t at_ns);

  // Returns every vertex seen, in the order of their first line.
  const std::vector<BuildStep>& steps() const { return m_steps; }

 private:
  std::vector<BuildStep> m_steps;
  std::map<int, std::size_t> m_index;  // id -> position in m_steps
};

// Parses BuildKit's "1.3s" ("DONE 1.3s", "%.1fs") as milliseconds; -1 when
// `text` is not a number of seconds.
std::int64_t parse_seconds_ms(std::string_view text);

}  // namespace berth::core
