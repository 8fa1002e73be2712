// SPDX-License-Identifier: MIT
// BuildKit builds through the real binary against Docker Engine 26 in both
// image stores (testenv/engine26.sh: classic overlay2, as on a GitHub runner,
// and containerd) with buildx 0.13.1, pushing to the anonymous registry.
// Needs `eval "$(testenv/engine26.sh up --store both)"` besides testenv/up.sh;
// without BERTH_ENGINE26_* the tests skip and say so.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "core/text.hpp"
#include "io/http.hpp"
#include "io/registry.hpp"
#include "support/fixtures.hpp"
#include "support/runner_files.hpp"
#include "support/spawn.hpp"
#include "support/testenv.hpp"

namespace berth {
namespace {

const char* env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

class BuildxTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    if (*env_or_empty("BERTH_ENGINE26_DOCKER_CONFIG") == '\0') {
      GTEST_SKIP() << "Engine 26 is not up: eval \"$(testenv/engine26.sh up --store both)\"";
    }
    m_daemon = testing::need_env(GetParam());
    m_host = testing::need_env("BERTH_REG_PLAIN");
    m_repo = "buildx/app-" + std::to_string(std::random_device{}() % 1000000000);
    m_dir.write("Dockerfile", "FROM scratch\nCOPY hello /hello\n");
    m_dir.write("hello", "hello from " + m_repo + "\n");
    m_http = io::make_curl_client({});
    m_registry = std::make_unique<io::RegistryClient>(*m_http, io::RegistryOptions{m_host, {}});
  }

  // Runs the action on a v1.2.3 tag push with `inputs`; returns the run and
  // its outputs.
  std::pair<testing::RunResult, std::map<std::string, std::string>> action(
      const std::vector<std::pair<std::string, std::string>>& inputs) {
    io::Env env = testing::load_event("push_tag_semver");
    env.set("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.set("HOME", m_dir.path());
    env.set("RUNNER_TEMP", m_dir.path());
    env.set("DOCKER_HOST", m_daemon);
    // buildx is in this config's cli-plugins: a private --config finds it
    // only through cliPluginsExtraDirs.
    env.set("DOCKER_CONFIG", testing::need_env("BERTH_ENGINE26_DOCKER_CONFIG"));
    env.set("GITHUB_OUTPUT", m_dir.write("output", ""));
    env.set("INPUT_IMAGES", m_host + "/" + m_repo);
    env.set("INPUT_CONTEXT", m_dir.path());
    for (const auto& [k, v] : inputs) {
      env.set(k, v);
    }
    testing::RunResult r = testing::run({testing::berth_binary()}, env);
    return {r, testing::parse_runner_file(m_dir.read("output"))};
  }

  io::Manifest manifest(const std::string& tag) { return m_registry->get_manifest(m_repo, tag); }

  std::string m_daemon, m_host, m_repo;
  testing::TempDir m_dir;
  std::unique_ptr<io::HttpClient> m_http;
  std::unique_ptr<io::RegistryClient> m_registry;
};

TEST_P(BuildxTest, OneBuildPushesItsPinnedTagAndTheOthersArePuts) {
  const auto [r, out] = action({});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("buildx build --progress=plain"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--metadata-file '$BERTH_PRIVATE_DIR/build-metadata.json' --push"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("docker push"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("DEPRECATED"), std::string::npos) << r.out;
  const std::string digest = manifest("1.2.3").digest;
  EXPECT_EQ(out.at("digest"), digest);
  for (const char* tag : {"1.2", "1", "latest"}) {
    EXPECT_EQ(manifest(tag).digest, digest) << tag;
  }
  EXPECT_EQ(out.at("imageid").rfind("sha256:", 0), 0u) << out.at("imageid");
}

TEST_P(BuildxTest, TwoPlatformsMakeOneIndexUnderEveryTag) {
  // The containerd store builds both at once; the classic store one platform
  // at a time, then berth puts the index together (k_index).
  const auto [r, out] = action({{"INPUT_PLATFORMS", "linux/amd64,linux/arm64"}});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const io::Manifest index = manifest("1.2.3");
  EXPECT_EQ(out.at("digest"), index.digest);
  const bool is_index = index.media_type == "application/vnd.oci.image.index.v1+json" ||
                        index.media_type ==
                            "application/vnd.docker.distribution.manifest.list.v2+json";
  EXPECT_TRUE(is_index) << index.media_type;
  const std::size_t amd64 = index.bytes.find("\"amd64\"");
  const std::size_t arm64 = index.bytes.find("\"arm64\"");
  EXPECT_NE(amd64, std::string::npos) << index.bytes;
  EXPECT_NE(arm64, std::string::npos) << index.bytes;
  EXPECT_LT(amd64, arm64) << "platform order";
  EXPECT_EQ(manifest("latest").digest, index.digest);
}

TEST_P(BuildxTest, WithoutPushTheImageIsLoadedIntoTheDaemon) {
  const auto [r, out] = action({{"INPUT_PUSH", "false"}});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(" --load "), std::string::npos) << r.out;
  io::Env env;
  env.set("DOCKER_HOST", m_daemon);
  const testing::RunResult inspect = testing::run(
      {"/usr/local/bin/docker", "image", "inspect", "--format", "{{.Id}}",
       m_host + "/" + m_repo + ":1.2.3"},
      env);
  EXPECT_EQ(inspect.status, 0) << inspect.err;
}

INSTANTIATE_TEST_SUITE_P(Engine26, BuildxTest,
                         ::testing::Values(testing::k_engine26_classic,
                                           testing::k_engine26_containerd),
                         testing::engine26_store_name);

}  // namespace
}  // namespace berth
