// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "io/env.hpp"

// Test helpers: event fixtures in the runner's format, and scratch files.
namespace berth::testing {

// Returns the path of `name` under testdata/.
std::string testdata(const std::string& name);

// Returns the content of the project's own file `name` (relative to the
// source tree's root, e.g. "action.yml"); "" when it cannot be read.
std::string project_file(const std::string& name);

// Loads testdata/events/<name>.env: KEY=VALUE lines as the runner sets them
// ('#' comments allowed). A relative GITHUB_EVENT_PATH is made absolute,
// relative to testdata/events/.
io::Env load_event(const std::string& name);

// A directory under $TMPDIR that is removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return m_path; }
  // Writes `content` to path()/name and returns the full path.
  std::string write(const std::string& name, const std::string& content) const;
  // Returns the content of path()/name ("" if missing).
  std::string read(const std::string& name) const;

 private:
  std::string m_path;
};

}  // namespace berth::testing
