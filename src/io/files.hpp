// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "io/file_commands.hpp"

namespace berth::io {

// The file system operations berth's commands use. Abstract so that the
// commands are tested in memory (src/testing/fake_files.hpp).
class Files {
 public:
  virtual ~Files() = default;
  virtual bool is_directory(const std::string& path) = 0;
  virtual bool is_regular_file(const std::string& path) = 0;
  // Returns whether `path` is a file this process may execute.
  virtual bool is_executable(const std::string& path) = 0;
  // Returns whether `path` is a directory holding anything (false when it is
  // empty or not there).
  virtual bool has_entries(const std::string& path) = 0;
  // Creates a directory under `base` that only this user can read (0700) and
  // returns its path. Throws Error when it cannot.
  virtual std::string make_private_dir(const std::string& base) = 0;
  // Creates `path` (and its parents) with mode 0700.
  virtual void make_dirs(const std::string& path) = 0;
  // Removes `path` and everything below it; never throws.
  virtual void remove_all(const std::string& path) noexcept = 0;
  // Returns the first line of `path` ("" when it cannot be read).
  virtual std::string read_first_line(const std::string& path) = 0;
  // Returns the whole file at `path` ("" when it cannot be read).
  virtual std::string read_text(const std::string& path) = 0;
  // Appends the step outputs to the GITHUB_OUTPUT file `path` (all or nothing).
  virtual void write_outputs(const std::string& path, const Outputs& outputs) = 0;
  // Appends `markdown` to the GITHUB_STEP_SUMMARY file `path`.
  virtual void write_summary(const std::string& path, const std::string& markdown) = 0;
  // Writes `content` to a new file at `path`, readable by its owner only
  // (0600), replacing any. Throws Error when it cannot.
  virtual void write_private_file(const std::string& path, const std::string& content) = 0;
};

// The real file system.
class RealFiles : public Files {
 public:
  bool is_directory(const std::string& path) override;
  bool is_regular_file(const std::string& path) override;
  bool is_executable(const std::string& path) override;
  bool has_entries(const std::string& path) override;
  std::string make_private_dir(const std::string& base) override;
  void make_dirs(const std::string& path) override;
  void remove_all(const std::string& path) noexcept override;
  std::string read_first_line(const std::string& path) override;
  std::string read_text(const std::string& path) override;
  void write_outputs(const std::string& path, const Outputs& outputs) override;
  void write_summary(const std::string& path, const std::string& markdown) override;
  void write_private_file(const std::string& path, const std::string& content) override;
};

}  // namespace berth::io
