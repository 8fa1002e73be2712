// SPDX-License-Identifier: MIT
// The builder and image store parsers, on output captured from buildx 0.13.1
// and Docker Engine 26.1.5 (testdata/buildx/, see its README).
#include "core/builder_info.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/fixtures.hpp"

namespace berth::core {
namespace {

std::string captured(const std::string& name) {
  std::ifstream in(berth::testing::testdata("buildx/" + name));
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_FALSE(text.str().empty()) << name;
  return text.str();
}

using Platforms = std::vector<std::string>;

TEST(BuildxInspect, DockerDriverOfEachStore) {
  const BuilderInfo classic = parse_buildx_inspect(captured("inspect-classic.txt"));
  EXPECT_EQ(classic.name, "default");
  EXPECT_EQ(classic.driver, "docker");
  EXPECT_EQ(classic.platforms, (Platforms{"linux/amd64", "linux/amd64/v2", "linux/amd64/v3",
                                          "linux/amd64/v4", "linux/386"}));
  const BuilderInfo containerd = parse_buildx_inspect(captured("inspect-containerd.txt"));
  EXPECT_EQ(containerd.driver, "docker");
  EXPECT_EQ(containerd.platforms.size(), 4u);
}

TEST(BuildxInspect, InactiveContainerBuilderListsNoPlatforms) {
  const BuilderInfo info = parse_buildx_inspect(captured("inspect-container.txt"));
  EXPECT_EQ(info.name, "berth-probe");  // the builder's, not its node's "berth-probe0"
  EXPECT_EQ(info.driver, "docker-container");
  EXPECT_TRUE(info.platforms.empty());
}

TEST(BuildxInspect, NodesJoinedWithoutDuplicatesAndUserStarsDropped) {
  const BuilderInfo info = parse_buildx_inspect(
      "Name:   multi\nDriver: remote\n\nNodes:\nName: a\nPlatforms: linux/arm64*, linux/amd64\n"
      "Name: b\nPlatforms: linux/amd64, linux/riscv64\n");
  EXPECT_EQ(info.platforms, (Platforms{"linux/arm64", "linux/amd64", "linux/riscv64"}));
}

TEST(BuildxInspect, ErrorTextIsNoBuilder) {
  EXPECT_TRUE(parse_buildx_inspect("ERROR: no builder \"nosuch\" found").name.empty());
  EXPECT_TRUE(parse_buildx_inspect("").name.empty());
}

TEST(ImageStore, FromDriverStatus) {
  const struct {
    std::string text;
    ImageStore want;
  } cases[] = {
      {captured("info-classic.txt"), ImageStore::k_classic},
      {captured("info-containerd.txt"), ImageStore::k_containerd},
      {"", ImageStore::k_unknown},
      {"\n", ImageStore::k_unknown},
      {"driver-type: io.containerd.snapshotter.v2\n", ImageStore::k_classic},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(parse_image_store(c.text), c.want) << c.text;
  }
}

TEST(ImageStore, FromDriverStatusEntries) {
  EXPECT_EQ(image_store_of({{"driver-type", "io.containerd.snapshotter.v1"}}),
            ImageStore::k_containerd);
  EXPECT_EQ(image_store_of({{"Backing Filesystem", "extfs"}, {"Supports d_type", "true"}}),
            ImageStore::k_classic);
  EXPECT_EQ(image_store_of({}), ImageStore::k_unknown);
  EXPECT_EQ(image_store_of({{"Driver-Type", "io.containerd.snapshotter.v1"}}),
            ImageStore::k_classic);
}

}  // namespace
}  // namespace berth::core
