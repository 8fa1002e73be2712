// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "io/files.hpp"

namespace berth::app {

// The run's private directory (DOCKER_CONFIG, iidfile), removed with the
// object whatever happens: credentials never outlive the step.
class PrivateDir {
 public:
  PrivateDir(io::Files& files, const std::string& base)
      : m_files(files), m_path(files.make_private_dir(base)) {}
  ~PrivateDir() { m_files.remove_all(m_path); }
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;
  const std::string& path() const { return m_path; }

 private:
  io::Files& m_files;
  std::string m_path;
};

}  // namespace berth::app
