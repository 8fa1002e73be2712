// SPDX-License-Identifier: MIT
// Fuzzes the package lists an image prints (io::read_collector_output: the
// sections, dpkg lines, pip and conda JSON, pip freeze) and the version
// orders. Invariants: a manifest's JSON reads back equal; the summary's
// Markdown holds no '<' but berth's own tags and one table row per change;
// each version order is antisymmetric and reflexive.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "core/package_diff.hpp"
#include "core/version_order.hpp"
#include "fuzz/check.hpp"
#include "io/package_json.hpp"

using namespace berth;

namespace {

void check_orders(const std::string& a, const std::string& b) {
  const std::string detail = fuzz::printable(a) + " | " + fuzz::printable(b);
  const int d1 = core::compare_debian_versions(a, b);
  const int d2 = core::compare_debian_versions(b, a);
  BERTH_FUZZ_CHECK((d1 < 0) == (d2 > 0) && (d1 == 0) == (d2 == 0), "debian " + detail);
  BERTH_FUZZ_CHECK(core::compare_debian_versions(a, a) == 0, "debian " + detail);
  const int c1 = core::compare_conda_versions(a, b);
  const int c2 = core::compare_conda_versions(b, a);
  BERTH_FUZZ_CHECK((c1 < 0) == (c2 > 0) && (c1 == 0) == (c2 == 0), "conda " + detail);
  const auto p1 = core::compare_pep440_versions(a, b);
  const auto p2 = core::compare_pep440_versions(b, a);
  BERTH_FUZZ_CHECK(p1.has_value() == p2.has_value(), "pep440 " + detail);
  if (p1) {
    BERTH_FUZZ_CHECK(*p1 == -*p2, "pep440 " + detail);
  }
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) {
    ++n;
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto nl = text.find('\n');
  if (nl != std::string::npos && size < 512) {
    check_orders(text.substr(0, nl), text.substr(nl + 1));
  }
  io::CollectedPackages c;
  try {
    c = io::read_collector_output(text);
  } catch (const Error&) {
    return 0;  // a cut section
  }
  if (!c.manifest) {
    return 0;
  }
  const std::string json = core::package_manifest_json(*c.manifest);
  BERTH_FUZZ_CHECK(io::parse_package_manifest_json("m", json) == *c.manifest,
                   fuzz::printable(text));
  const core::PackageManifest empty;
  const std::string md = core::package_summary_markdown("x", *c.manifest, empty, 1000000);
  const std::size_t changes =
      core::diff_package_manifests(empty, *c.manifest).changes.size();
  BERTH_FUZZ_CHECK(count(md, "<") == 0, fuzz::printable(md));
  BERTH_FUZZ_CHECK(
      changes == 0 || count(md, "\n| ") == c.manifest->tools.size() + changes + 2,
      fuzz::printable(md));
  return 0;
}
