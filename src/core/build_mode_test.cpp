// SPDX-License-Identifier: MIT
// choose_build as a table: the way each builder builds, and every request a
// builder cannot serve failing by its input's name.
#include "core/build_mode.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace berth::core {
namespace {

using Strings = std::vector<std::string>;

DockerCapabilities builder(const std::string& driver, ImageStore store) {
  DockerCapabilities caps;
  caps.buildx = !driver.empty();
  if (caps.buildx) {
    caps.builder = {"b", driver, {"linux/amd64"}};
  }
  caps.store = store;
  return caps;
}

// Returns the inputs named by the Errors choose_build throws ("" when none).
Strings failing_inputs(const Inputs& in, const DockerCapabilities& caps, bool push) {
  try {
    choose_build(in, caps, push);
  } catch (const Errors& e) {
    Strings names;
    for (const Error& one : e.all()) {
      names.push_back(one.input());
    }
    return names;
  }
  return {};
}

const auto k_classic = ImageStore::k_classic;
const auto k_containerd = ImageStore::k_containerd;

TEST(ChooseBuild, Modes) {
  const Strings two = {"linux/amd64", "linux/arm64"};
  const struct {
    const char* name;
    DockerCapabilities caps;
    Strings platforms;
    Strings cache_to;
    bool push;
    BuildMode mode;
    bool private_builder;
    bool load;
  } cases[] = {
      {"no buildx", builder("", k_classic), {}, {}, true, BuildMode::k_classic, false, false},
      {"docker, push", builder("docker", k_classic), {}, {}, true, BuildMode::k_buildx, false, false},
      {"docker, no push", builder("docker", k_classic), {}, {}, false, BuildMode::k_buildx, false,
       true},
      {"classic store, 2 platforms", builder("docker", k_classic), two, {}, true,
       BuildMode::k_per_platform, false, false},
      {"classic store, 2 platforms, no push", builder("docker", k_classic), two, {}, false,
       BuildMode::k_per_platform, false, true},
      {"unknown store counts as classic", builder("docker", ImageStore::k_unknown), two, {}, true,
       BuildMode::k_per_platform, false, false},
      {"containerd store, 2 platforms", builder("docker", k_containerd), two, {}, true,
       BuildMode::k_buildx, false, false},
      {"containerd store, 2 platforms, no push", builder("docker", k_containerd), two, {}, false,
       BuildMode::k_buildx, false, true},
      {"classic store, registry cache", builder("docker", k_classic), {}, {"type=registry,ref=r/c"},
       true, BuildMode::k_buildx, true, false},
      {"classic store, bare cache ref", builder("docker", k_classic), {}, {"r/c:cache"}, true,
       BuildMode::k_buildx, true, false},
      {"classic store, local cache, 2 platforms", builder("docker", k_classic), two,
       {"type=local,dest=/c"}, true, BuildMode::k_buildx, true, false},
      {"classic store, inline cache", builder("docker", k_classic), {}, {"type=inline"}, true,
       BuildMode::k_buildx, false, false},
      {"containerd store, registry cache", builder("docker", k_containerd), {},
       {"type=registry,ref=r/c"}, true, BuildMode::k_buildx, false, false},
      {"docker-container, 2 platforms", builder("docker-container", k_classic), two,
       {"type=local,dest=/c"}, true, BuildMode::k_buildx, false, false},
      {"docker-container, 2 platforms, no push", builder("docker-container", k_classic), two, {},
       false, BuildMode::k_buildx, false, false},
  };
  for (const auto& c : cases) {
    Inputs in;
    in.platforms = c.platforms;
    in.cache_to = c.cache_to;
    const BuildChoice choice = choose_build(in, c.caps, c.push);
    EXPECT_EQ(choice.mode, c.mode) << c.name;
    EXPECT_EQ(choice.private_builder, c.private_builder) << c.name;
    EXPECT_EQ(choice.load, c.load) << c.name;
  }
}

TEST(ChooseBuild, ClassicBuilderGivesOneNotice) {
  const BuildChoice choice = choose_build(Inputs{}, DockerCapabilities{}, true);
  EXPECT_NE(choice.notice.find("classic builder"), std::string::npos);
  EXPECT_TRUE(choose_build(Inputs{}, builder("docker", k_classic), true).notice.empty());
}

TEST(ChooseBuild, RefusalsNameTheirInput) {
  const auto gha_ok = [] {
    DockerCapabilities caps = builder("docker", k_containerd);
    caps.gha_cache_service = true;
    return caps;
  }();
  const struct {
    const char* name;
    DockerCapabilities caps;
    Strings cache_from;
    Strings cache_to;
    std::string builder_input;
    Strings annotations;
    Strings want;
  } cases[] = {
      {"no buildx: cache export, typed source, builder", builder("", k_classic),
       {"type=registry,ref=r/c"}, {"type=inline"}, "ci", {},
       {"cache-to", "cache-from", "builder"}},
      {"named docker builder cannot export", builder("docker", k_classic), {},
       {"type=gha,url=http://c/", "type=inline"}, "default", {}, {"cache-to"}},
      {"gha without the service", builder("docker", k_containerd), {"type=gha"}, {"type=gha"}, "",
       {}, {"cache-from", "cache-to"}},
      {"gha with a url", builder("docker", k_containerd), {"type=gha,url=http://c/"}, {}, "", {},
       {}},
      {"gha with the runner's service", gha_ok, {"type=gha"}, {"type=gha,mode=max"}, "", {}, {}},
      {"annotations on the classic store", builder("docker", k_classic), {}, {}, "",
       {"index:org.opencontainers.image.title=x"}, {"annotations"}},
      {"annotations on the containerd store", builder("docker", k_containerd), {}, {}, "",
       {"org.opencontainers.image.title=x"}, {}},
      {"annotations on a private builder", builder("docker", k_classic), {},
       {"type=registry,ref=r/c"}, "", {"org.opencontainers.image.title=x"}, {}},
  };
  for (const auto& c : cases) {
    Inputs in;
    in.cache_from = c.cache_from;
    in.cache_to = c.cache_to;
    in.build.builder = c.builder_input;
    in.build.annotations = c.annotations;
    EXPECT_EQ(failing_inputs(in, c.caps, true), c.want) << c.name;
  }
}

TEST(ChooseBuild, UnlistedPlatformWarnsByName) {
  Inputs in;
  in.platforms = {"linux/amd64", "linux/arm64"};
  const BuildChoice choice = choose_build(in, builder("docker", k_containerd), true);
  ASSERT_EQ(choice.warnings.size(), 1u);
  EXPECT_EQ(choice.warnings[0].rfind("platforms: ", 0), 0u) << choice.warnings[0];
  EXPECT_NE(choice.warnings[0].find("linux/arm64"), std::string::npos);
}

TEST(ChooseBuild, MultiPlatformNoPushOnAContainerBuilderWarns) {
  Inputs in;
  in.platforms = {"linux/amd64", "linux/arm64"};
  DockerCapabilities caps = builder("docker-container", k_classic);
  caps.builder.platforms = {"linux/amd64", "linux/arm64"};
  const BuildChoice choice = choose_build(in, caps, false);
  ASSERT_EQ(choice.warnings.size(), 1u);
  EXPECT_NE(choice.warnings[0].find("build cache"), std::string::npos);
}

TEST(CacheType, DefaultsToRegistry) {
  EXPECT_EQ(cache_type("type=gha,scope=x"), "gha");
  EXPECT_EQ(cache_type("mode=max, type=local"), "local");
  EXPECT_EQ(cache_type("user/app:cache"), "registry");
}

}  // namespace
}  // namespace berth::core
