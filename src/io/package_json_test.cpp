// SPDX-License-Identifier: MIT
#include "io/package_json.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "support/fixtures.hpp"

namespace berth::io {
namespace {

std::string captured(const std::string& name) {
  std::ifstream in(berth::testing::testdata("packages/" + name));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(PackageJsonTest, ReadsTheCapturedPipImage) {
  const auto c = read_collector_output(captured("debian-python3-pip.out"));
  ASSERT_TRUE(c.manifest);
  EXPECT_TRUE(c.warnings.empty());
  ASSERT_EQ(c.manifest->tools.size(), 2u);
  const auto& pip = c.manifest->tools.at("pip");
  ASSERT_EQ(pip.size(), 10u);
  EXPECT_EQ(pip[0], (core::Package{"certifi", "2022.9.24"}));
  EXPECT_EQ(pip[4], (core::Package{"pip", "23.0.1"}));
  EXPECT_EQ(c.manifest->tools.at("dpkg").size(), 125u);
}

TEST(PackageJsonTest, BusyboxGivesAnEmptyManifestAndNoShellNone) {
  const auto bb = read_collector_output(captured("busybox.out"));
  ASSERT_TRUE(bb.manifest);
  EXPECT_TRUE(bb.manifest->tools.empty());
  EXPECT_FALSE(read_collector_output("").manifest);
}

TEST(PackageJsonTest, CondaJsonFromItsDocumentedFormat) {
  const auto list = parse_conda_json(captured("conda-list.json"));
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0], (core::Package{"bzip2", "1.0.8"}));
  EXPECT_EQ(list[3], (core::Package{"requests", "2.31.0"}));
  const auto c = read_collector_output("#berth-packages 1\n#section conda\n" +
                                       captured("conda-list.json") + "#end 0\n");
  ASSERT_TRUE(c.manifest);
  EXPECT_EQ(c.manifest->tools.at("conda"), list);
}

TEST(PackageJsonTest, AFailedOrUnreadableToolIsLeftOutWithAWarning) {
  const auto c = read_collector_output(
      "#berth-packages 1\n#section dpkg\n#end 1\n#section pip\nnot json\n#end 0\n"
      "#section pip-freeze\nx==1\n#end 0\n");
  ASSERT_TRUE(c.manifest);
  ASSERT_EQ(c.warnings.size(), 2u);
  EXPECT_EQ(c.warnings[0], "dpkg exited with status 1; its packages are left out");
  EXPECT_EQ(c.warnings[1], "the pip package list: not JSON; its packages are left out");
  EXPECT_EQ(c.manifest->tools.at("pip"), (std::vector<core::Package>{{"x", "1"}}));
  EXPECT_EQ(c.manifest->tools.count("dpkg"), 0u);
}

TEST(PackageJsonTest, ManifestJsonRoundTrip) {
  const auto c = read_collector_output(captured("debian-python3-pip.out"));
  const std::string json = core::package_manifest_json(*c.manifest);
  EXPECT_EQ(parse_package_manifest_json("m", json), *c.manifest);
  EXPECT_THROW(parse_package_manifest_json("m", "{\"berthPackages\":2,\"tools\":{}}"),
               Error);
  EXPECT_THROW(
      parse_package_manifest_json("m", "{\"berthPackages\":1,\"tools\":{\"a\":[[1]]}}"),
      Error);
  EXPECT_THROW(parse_package_manifest_json("m", "[]"), Error);
}

}  // namespace
}  // namespace berth::io
