// SPDX-License-Identifier: MIT
#include "io/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/error.hpp"

namespace berth::io {

namespace fs = std::filesystem;

bool RealFiles::is_directory(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

bool RealFiles::is_regular_file(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

bool RealFiles::is_executable(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

bool RealFiles::has_entries(const std::string& path) {
  std::error_code ec;
  const fs::directory_iterator it(path, ec);
  return !ec && it != fs::directory_iterator();
}

std::string RealFiles::make_private_dir(const std::string& base) {
  std::string tmpl = base + "/berth-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) {
    throw Error("cannot create a private directory under " + base);
  }
  chmod(tmpl.c_str(), 0700);
  return tmpl;
}

void RealFiles::make_dirs(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec || chmod(path.c_str(), 0700) != 0) {
    throw Error("cannot create the directory " + path);
  }
}

void RealFiles::remove_all(const std::string& path) noexcept {
  std::error_code ec;
  fs::remove_all(path, ec);
}

std::string RealFiles::read_first_line(const std::string& path) {
  std::string line;
  std::ifstream in(path);
  std::getline(in, line);
  return line;
}

std::string RealFiles::read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void RealFiles::write_outputs(const std::string& path, const Outputs& outputs) {
  io::write_outputs(path, outputs);
}

void RealFiles::write_private_file(const std::string& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  bool ok = fd >= 0 && fchmod(fd, 0600) == 0;
  std::size_t done = 0;
  while (ok && done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    ok = n > 0;
    done += ok ? static_cast<std::size_t>(n) : 0;
  }
  if (fd >= 0 && ::close(fd) != 0) {
    ok = false;
  }
  if (!ok) {
    throw Error("cannot write " + path);
  }
}

void RealFiles::write_summary(const std::string& path, const std::string& markdown) {
  io::write_summary(path, markdown);
}

}  // namespace berth::io
