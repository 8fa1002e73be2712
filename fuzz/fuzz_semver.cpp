// SPDX-License-Identifier: MIT
// Fuzzes core::parse_semver and core::compare. Invariants: version() of a
// parsed version re-parses to an equal version (and with a "v" in front, and
// with its build metadata appended); compare is reflexive, antisymmetric and
// ignores build metadata; the sanitized tag of a version is a valid tag.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/semver.hpp"
#include "core/tag.hpp"
#include "core/text.hpp"
#include "fuzz/check.hpp"

using namespace berth;

namespace {

bool same(const core::SemVer& a, const core::SemVer& b) {
  return a.major == b.major && a.minor == b.minor && a.patch == b.patch &&
         a.prerelease == b.prerelease;
}

void check_one(const std::string& text, const core::SemVer& v) {
  const std::string detail = fuzz::printable(text);
  const std::string version = v.version();
  const auto again = core::parse_semver(version);
  BERTH_FUZZ_CHECK(again.has_value(), detail + " -> " + version);
  BERTH_FUZZ_CHECK(same(*again, v) && again->build.empty(), detail + " -> " + version);
  BERTH_FUZZ_CHECK(core::compare(*again, v) == 0 && core::compare(v, v) == 0, detail);
  BERTH_FUZZ_CHECK(again->version() == version, detail);
  const auto with_v = core::parse_semver("v" + version);
  BERTH_FUZZ_CHECK(with_v && same(*with_v, v), detail);
  if (!v.build.empty()) {
    const auto with_build = core::parse_semver(version + "+" + core::join(v.build, "."));
    BERTH_FUZZ_CHECK(with_build && same(*with_build, v) && with_build->build == v.build,
                     detail);
  }
  BERTH_FUZZ_CHECK(version.size() > 128 || core::is_valid_tag(version), detail);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (const auto v = core::parse_semver(text)) {
    check_one(text, *v);
  }
  // Two versions split at the first newline: precedence is antisymmetric.
  const auto nl = text.find('\n');
  if (nl == std::string::npos) {
    return 0;
  }
  const auto a = core::parse_semver(std::string_view(text).substr(0, nl));
  const auto b = core::parse_semver(std::string_view(text).substr(nl + 1));
  if (a && b) {
    const int ab = core::compare(*a, *b);
    const int ba = core::compare(*b, *a);
    BERTH_FUZZ_CHECK(ab == -ba && ab >= -1 && ab <= 1, fuzz::printable(text));
    BERTH_FUZZ_CHECK((ab == 0) == same(*a, *b), fuzz::printable(text));
  }
  return 0;
}
