// SPDX-License-Identifier: MIT
#include "core/package_diff.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/fixtures.hpp"

namespace berth::core {
namespace {

using Kind = PackageChangeKind;

PackageManifest dpkg_of(const std::string& file) {
  std::ifstream in(berth::testing::testdata("packages/" + file));
  std::stringstream s;
  s << in.rdbuf();
  PackageManifest m;
  m.tools["dpkg"] = parse_dpkg_list((*split_collector_output(s.str()))[0].body);
  return m;
}

TEST(PackageDiffTest, RealBaseAgainstTheImageWithPip) {
  // The two captured images: the pip image adds 37 Debian packages to the base.
  const PackageManifest base = dpkg_of("debian-bookworm-slim.out");
  const PackageManifest pip = dpkg_of("debian-python3-pip.out");
  const PackageDiff d = diff_package_manifests(base, pip);
  EXPECT_EQ(d.count(Kind::k_added), 37u);
  EXPECT_EQ(d.count(Kind::k_removed), 0u);
  EXPECT_EQ(d.count(Kind::k_upgraded), 0u);
  const PackageDiff back = diff_package_manifests(pip, base);
  EXPECT_EQ(back.count(Kind::k_removed), 37u);
  EXPECT_TRUE(diff_package_manifests(base, base).changes.empty());
}

TEST(PackageDiffTest, UpgradesAndDowngradesByEachToolsOrder) {
  PackageManifest before;
  before.tools["dpkg"] = {
      {"libc6", "2.36-9"}, {"old", "1"}, {"tzdata", "2024a-0+deb12u1"}};
  before.tools["pip"] = {{"pip", "23.0.1"}, {"weird", "x.y"}};
  before.tools["conda"] = {{"numpy", "1.26.4"}};
  PackageManifest after;
  after.tools["dpkg"] = {
      {"libc6", "2.36-9+deb12u1"}, {"new", "2"}, {"tzdata", "2023c-5"}};
  after.tools["pip"] = {{"pip", "23.0.1.post1"}, {"weird", "x.z"}};
  // conda gone: its packages removed
  const PackageDiff d = diff_package_manifests(before, after);
  ASSERT_EQ(d.changes.size(), 7u);
  // dpkg first, then pip, then conda; names in order within a tool
  const std::vector<std::tuple<std::string, std::string, Kind>> want = {
      {"dpkg", "libc6", Kind::k_upgraded}, {"dpkg", "new", Kind::k_added},
      {"dpkg", "old", Kind::k_removed},    {"dpkg", "tzdata", Kind::k_downgraded},
      {"pip", "pip", Kind::k_upgraded},    {"pip", "weird", Kind::k_changed},
      {"conda", "numpy", Kind::k_removed},
  };
  std::vector<std::tuple<std::string, std::string, Kind>> got;
  for (const auto& c : d.changes) {
    got.emplace_back(c.tool, c.name, c.kind);
  }
  EXPECT_EQ(got, want);
  EXPECT_EQ(d.count(Kind::k_upgraded, "dpkg"), 1u);
  EXPECT_EQ(package_diff_text(d).substr(0, 45),
            "dpkg  upgraded  libc6  2.36-9 -> 2.36-9+deb12");
}

TEST(PackageDiffTest, MarkdownShowsCountsAndFoldsLongLists) {
  PackageManifest before;
  before.tools["dpkg"] = {{"a", "1"}, {"b|<x>", "1"}};
  PackageManifest after;
  after.tools["dpkg"] = {{"a", "2"}, {"c", "1"}};
  after.tools["pip"] = {{"requests", "2.0"}};
  const std::string md = package_summary_markdown("base", after, before);
  EXPECT_NE(md.find("#### Packages of base"), std::string::npos);
  EXPECT_NE(md.find("| dpkg | 2 | 1 | 1 | 1 | 0 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| pip | 1 | 1 | 0 | 0 | 0 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| dpkg | b\\|&lt;x&gt; | removed | 1 |  |"), std::string::npos)
      << md;
  EXPECT_EQ(md.find("<details>"), std::string::npos);
  const std::string folded = package_summary_markdown("base", after, before, 2);
  EXPECT_NE(
      folded.find("<details><summary>4 packages changed (2 added, 1 removed, 1 upgraded)"
                  "</summary>"),
      std::string::npos)
      << folded;
  EXPECT_NE(folded.find("</details>"), std::string::npos);
}

TEST(PackageDiffTest, MarkdownWithoutPreviousOrTools) {
  PackageManifest after;
  after.tools["dpkg"] = {{"a", "1"}};
  const std::string md = package_summary_markdown("base", after, std::nullopt);
  EXPECT_NE(md.find("No manifest of a previous build"), std::string::npos);
  EXPECT_NE(md.find("| dpkg | 1 | — | — | — | — |"), std::string::npos) << md;
  EXPECT_NE(package_summary_markdown("x", {}, std::nullopt).find("No package tool found"),
            std::string::npos);
  EXPECT_NE(package_summary_markdown("x", after, after).find("No package changed"),
            std::string::npos);
}

}  // namespace
}  // namespace berth::core
