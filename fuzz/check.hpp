// SPDX-License-Identifier: MIT
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

// Invariant checks for the fuzz targets: a broken invariant aborts, which
// libFuzzer reports as a crash and saves the input.
namespace berth::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* what,
                              const std::string& detail) {
  std::fprintf(stderr, "%s:%d: invariant broken: %s\n  %s\n", file, line, what,
               detail.c_str());
  std::abort();
}

// Returns `s` with control and non-ASCII bytes escaped, for messages.
inline std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7f || c == '\\') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace berth::fuzz

#define BERTH_FUZZ_CHECK(cond, detail)                             \
  do {                                                             \
    if (!(cond)) {                                                 \
      ::berth::fuzz::fail(__FILE__, __LINE__, #cond, (detail));    \
    }                                                              \
  } while (false)
