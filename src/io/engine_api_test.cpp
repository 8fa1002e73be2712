// SPDX-License-Identifier: MIT
// The Engine API's answers, captured from Docker Engine 26.1.5 of
// testenv/engine26.sh on both image stores (testdata/engine/), and the CLI's
// and buildx's files as they write them.
#include "io/engine_api.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "support/fixtures.hpp"

namespace berth::io {
namespace {

std::string captured(const std::string& name) {
  std::ifstream in(berth::testing::testdata("engine/" + name));
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_FALSE(text.str().empty()) << name;
  return text.str();
}

TEST(EngineVersion, ServerVersionOsAndArch) {
  const EngineVersion v = parse_engine_version(captured("version-classic.json"));
  EXPECT_EQ(v.version, "26.1.5+dfsg1");  // what `docker version --format {{.Server.Version}}` says
  EXPECT_EQ(v.os, "linux");
  EXPECT_EQ(v.arch, "amd64");
}

TEST(EngineVersion, NotTheEnginesAnswer) {
  EXPECT_THROW(parse_engine_version(""), Error);
  EXPECT_THROW(parse_engine_version("[]"), Error);
  EXPECT_THROW(parse_engine_version("{\"message\":\"page not found\"}"), Error);
  EXPECT_THROW(parse_engine_version("{\"Version\":1}"), Error);
}

TEST(EngineInfo, ImageStoreOfEachStoreAsDockerInfoShowsIt) {
  const EngineInfo classic = parse_engine_info(captured("info-classic.json"));
  EXPECT_EQ(classic.driver, "overlay2");
  EXPECT_EQ(classic.driver_status.size(), 5u);
  EXPECT_EQ(core::image_store_of(classic.driver_status), core::ImageStore::k_classic);
  const EngineInfo containerd = parse_engine_info(captured("info-containerd.json"));
  EXPECT_EQ(containerd.driver, "overlayfs");
  EXPECT_EQ(core::image_store_of(containerd.driver_status), core::ImageStore::k_containerd);
}

TEST(EngineInfo, SameStoreAsTheCliTextOfTheSameDaemon) {
  // testdata/buildx/info-*.txt: `docker info --format` of the same daemons.
  for (const char* store : {"classic", "containerd"}) {
    std::ifstream in(berth::testing::testdata(std::string("buildx/info-") + store + ".txt"));
    std::stringstream text;
    text << in.rdbuf();
    const EngineInfo info = parse_engine_info(captured(std::string("info-") + store + ".json"));
    EXPECT_EQ(core::image_store_of(info.driver_status), core::parse_image_store(text.str()))
        << store;
  }
}

TEST(EngineInfo, NoDriverStatusIsAnUnknownStore) {
  EXPECT_TRUE(parse_engine_info("{\"Driver\":\"vfs\",\"DriverStatus\":null}").driver_status.empty());
  EXPECT_TRUE(parse_engine_info("{\"Driver\":\"vfs\"}").driver_status.empty());
  EXPECT_THROW(parse_engine_info("{\"DriverStatus\":{}}"), Error);
  EXPECT_THROW(parse_engine_info("{\"DriverStatus\":[[\"a\"]]}"), Error);
  EXPECT_THROW(parse_engine_info("{\"DriverStatus\":[[\"a\",1]]}"), Error);
  EXPECT_THROW(parse_engine_info("not json"), Error);
}

TEST(DockerConfig, CurrentContext) {
  EXPECT_EQ(parse_current_context("{\"auths\":{}}"), "");
  EXPECT_EQ(parse_current_context("{\"currentContext\":\"desktop-linux\"}"), "desktop-linux");
  EXPECT_EQ(parse_current_context("{\"currentContext\":\"default\"}"), "default");
  EXPECT_EQ(parse_current_context("{\"currentContext\":7}"), std::nullopt);
  EXPECT_EQ(parse_current_context("{"), std::nullopt);
  EXPECT_EQ(parse_current_context(""), std::nullopt);
}

TEST(BuildxCurrent, TheRecordedBuilder) {
  // buildx's store: SetCurrent writes {"Key","Name","Global"}; its reset leaves Name "".
  EXPECT_EQ(parse_buildx_current(
                "{\"Key\":\"unix:///var/run/docker.sock\",\"Name\":\"\",\"Global\":false}"),
            "");
  EXPECT_EQ(parse_buildx_current(
                "{\"Key\":\"unix:///var/run/docker.sock\",\"Name\":\"ci\",\"Global\":false}"),
            "ci");
  EXPECT_EQ(parse_buildx_current("{\"Key\":\"k\"}"), "");
  EXPECT_EQ(parse_buildx_current("{\"Name\":null}"), std::nullopt);
  EXPECT_EQ(parse_buildx_current("garbage"), std::nullopt);
}

}  // namespace
}  // namespace berth::io
