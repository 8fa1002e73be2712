// SPDX-License-Identifier: MIT
#include "support/fixtures.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/text.hpp"

namespace berth::testing {

std::string testdata(const std::string& name) {
  return std::string(BERTH_TESTDATA) + "/" + name;
}

std::string project_file(const std::string& name) {
  std::ifstream in(std::string(BERTH_TESTDATA) + "/../" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

io::Env load_event(const std::string& name) {
  const std::string dir = testdata("events");
  std::ifstream file(dir + "/" + name + ".env");
  if (!file) {
    throw std::runtime_error("no fixture " + name);
  }
  io::Env env;
  std::string line;
  while (std::getline(file, line)) {
    const std::string_view l = core::trim(line);
    const auto eq = l.find('=');
    if (l.empty() || l[0] == '#' || eq == std::string_view::npos) {
      continue;
    }
    std::string key(l.substr(0, eq));
    std::string value(l.substr(eq + 1));
    if (key == "GITHUB_EVENT_PATH" && !value.empty() && value[0] != '/') {
      value = dir + "/" + value;
    }
    env.set(std::move(key), std::move(value));
  }
  return env;
}

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base != nullptr ? base : "/tmp") + "/berth-test-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  m_path = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
  const std::string full = m_path + "/" + name;
  std::ofstream(full, std::ios::binary) << content;
  return full;
}

std::string TempDir::read(const std::string& name) const {
  std::ifstream file(m_path + "/" + name, std::ios::binary);
  std::ostringstream out;
  out << file.rdbuf();
  return out.str();
}

}  // namespace berth::testing
