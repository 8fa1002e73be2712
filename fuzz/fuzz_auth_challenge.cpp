// SPDX-License-Identifier: MIT
// Fuzzes core::parse_www_authenticate. Invariants: schemes and parameter
// names are non-empty and lowercase; the challenges written back in canonical
// form (scheme name="value", ... with '"' and '\' escaped) parse to the same
// challenges.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/auth_challenge.hpp"
#include "core/text.hpp"
#include "fuzz/check.hpp"

using namespace berth;

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

std::string written_back(const std::vector<core::Challenge>& challenges) {
  std::string out;
  for (const core::Challenge& c : challenges) {
    if (!out.empty()) {
      out += ", ";
    }
    out += c.scheme;
    bool first = true;
    for (const auto& [name, value] : c.params) {
      out += first ? " " : ", ";
      out += name + "=" + quoted(value);
      first = false;
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto challenges = core::parse_www_authenticate(text);
  const std::string detail = fuzz::printable(text);
  for (const core::Challenge& c : challenges) {
    BERTH_FUZZ_CHECK(!c.scheme.empty() && core::to_lower(c.scheme) == c.scheme, detail);
    for (const auto& [name, value] : c.params) {
      BERTH_FUZZ_CHECK(!name.empty() && core::to_lower(name) == name, detail);
    }
  }
  const std::string canonical = written_back(challenges);
  const auto again = core::parse_www_authenticate(canonical);
  BERTH_FUZZ_CHECK(again.size() == challenges.size(),
                   detail + " -> " + fuzz::printable(canonical));
  for (std::size_t i = 0; i < again.size(); ++i) {
    BERTH_FUZZ_CHECK(again[i].scheme == challenges[i].scheme &&
                         again[i].params == challenges[i].params,
                     detail + " -> " + fuzz::printable(canonical));
  }
  return 0;
}
