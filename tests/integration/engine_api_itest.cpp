// SPDX-License-Identifier: MIT
// The Docker Engine API over its unix socket against real daemons: Debian 12's
// dockerd (DOCKER_HOST of tests/with-testenv.sh) and Engine 26 in both image
// stores (testenv/engine26.sh, BERTH_ENGINE26_*_HOST; skipped when not up).
// Its answers must equal the docker CLI's (version string, image store), the
// builder berth assumes when it skips `docker buildx inspect` must be the one
// buildx names, and a run that may skip the CLI starts no docker process
// before its plan.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdlib>

#include "core/builder_info.hpp"
#include "core/engine_endpoint.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "io/engine_api.hpp"
#include "support/fixtures.hpp"
#include "support/runner_files.hpp"
#include "support/spawn.hpp"
#include "support/testenv.hpp"

namespace berth {
namespace {

const char* const k_docker = "/usr/local/bin/docker";

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

// The daemons to compare on: "name=unix:///path" of each that is up.
std::vector<std::pair<std::string, std::string>> daemons() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const char* var : {"DOCKER_HOST", "BERTH_ENGINE26_CLASSIC_HOST",
                          "BERTH_ENGINE26_CONTAINERD_HOST"}) {
    if (!env_or_empty(var).empty()) {
      out.emplace_back(var, env_or_empty(var));
    }
  }
  return out;
}

std::string socket_of(const std::string& host) {
  return core::engine_socket_path({host, "", "", true});
}

// Runs the docker CLI against `host` with its own empty config; its trimmed stdout.
std::string cli(const std::string& host, const std::vector<std::string>& args,
                const std::string& config_dir, const std::string& buildx_config = {}) {
  io::Env env;
  env.set("PATH", "/usr/local/bin:/usr/bin:/bin");
  env.set("HOME", config_dir);
  env.set("DOCKER_HOST", host);
  env.set("DOCKER_CONFIG", config_dir);
  if (!buildx_config.empty()) {
    env.set("BUILDX_CONFIG", buildx_config);
  }
  std::vector<std::string> argv = {k_docker};
  argv.insert(argv.end(), args.begin(), args.end());
  const testing::RunResult r = testing::run(argv, env);
  EXPECT_EQ(r.status, 0) << core::join(argv, " ") << "\n" << r.out << r.err;
  return std::string(core::trim(r.out));
}

TEST(EngineApiTest, VersionAndImageStoreEqualTheCliAnswers) {
  testing::need_env("DOCKER_HOST");
  testing::TempDir config;
  for (const auto& [var, host] : daemons()) {
    const std::string socket = socket_of(host);
    ASSERT_FALSE(socket.empty()) << var << "=" << host << " is not a unix socket";
    const auto api = io::make_engine_api(socket, [] { return 0; });
    const io::EngineVersion version = api->version();
    EXPECT_EQ(version.version, cli(host, {"version", "--format", "{{.Server.Version}}"},
                                   config.path()))
        << var;
    EXPECT_EQ(version.os + "/" + version.arch,
              cli(host, {"version", "--format", "{{.Server.Os}}/{{.Server.Arch}}"}, config.path()))
        << var;
    const core::ImageStore store = core::image_store_of(api->info().driver_status);
    EXPECT_EQ(store, core::parse_image_store(cli(
                         host, {"info", "--format", core::k_driver_status_format}, config.path())))
        << var;
    EXPECT_NE(store, core::ImageStore::k_unknown) << var;
    if (var == "BERTH_ENGINE26_CONTAINERD_HOST") {
      EXPECT_EQ(store, core::ImageStore::k_containerd);
    } else if (var == "BERTH_ENGINE26_CLASSIC_HOST") {
      EXPECT_EQ(store, core::ImageStore::k_classic);
    }
  }
}

TEST(EngineApiTest, AbsentDaemonIsAnErrorNamingItsSocket) {
  testing::TempDir dir;
  const auto api = io::make_engine_api(dir.path() + "/no.sock", [] { return 0; });
  try {
    api->version();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unix://" + dir.path() + "/no.sock does not answer"),
              std::string::npos)
        << e.what();
  }
}

// The builder berth assumes when nothing names one is buildx's own answer.
TEST(EngineApiTest, SkippedInspectAssumesTheBuilderBuildxNames) {
  const std::string plugins = env_or_empty("BERTH_ENGINE26_DOCKER_CONFIG");
  if (plugins.empty()) {
    GTEST_SKIP() << "Engine 26 is not up: eval \"$(testenv/engine26.sh up --store both)\"";
  }
  for (const char* var : {"BERTH_ENGINE26_CLASSIC_HOST", "BERTH_ENGINE26_CONTAINERD_HOST"}) {
    const std::string host = testing::need_env(var);
    testing::TempDir store;  // a fresh buildx store: nothing recorded
    const core::BuilderInfo info =
        core::parse_buildx_inspect(cli(host, {"buildx", "inspect"}, plugins, store.path()));
    EXPECT_EQ(info.name, core::DefaultBuilder{}.name) << var;
    EXPECT_EQ(info.driver, core::DefaultBuilder{}.driver) << var;
    // And the daemon's own platform is one the builder lists.
    const io::EngineVersion v = io::make_engine_api(socket_of(host), [] { return 0; })->version();
    const std::string native = v.os + "/" + v.arch;
    EXPECT_NE(std::find(info.platforms.begin(), info.platforms.end(), native),
              info.platforms.end())
        << var << ": " << core::join(info.platforms, ", ");
  }
}

// A dry run through the binary with a docker on PATH that records each call:
// no docker process before the plan, and the same builder line as the CLI's.
TEST(EngineApiTest, ActionAsksTheSocketNotTheCli) {
  const std::string plugins = env_or_empty("BERTH_ENGINE26_DOCKER_CONFIG");
  if (plugins.empty()) {
    GTEST_SKIP() << "Engine 26 is not up: eval \"$(testenv/engine26.sh up --store both)\"";
  }
  for (const auto& [var, store] : {std::pair<const char*, const char*>{
                                       "BERTH_ENGINE26_CLASSIC_HOST", "classic"},
                                   {"BERTH_ENGINE26_CONTAINERD_HOST", "containerd"}}) {
    testing::TempDir dir;
    dir.write("Dockerfile", "FROM scratch\n");
    const std::string bin = dir.path() + "/bin";
    ASSERT_EQ(mkdir(bin.c_str(), 0700), 0);
    const std::string calls = dir.path() + "/calls";
    const std::string wrapper =
        dir.write("bin/docker", "#!/bin/sh\necho \"$*\" >>'" + calls + "'\nexec " +
                                    std::string(k_docker) + " \"$@\"\n");
    ASSERT_EQ(chmod(wrapper.c_str(), 0700), 0);
    // buildx in this run's own config (a fresh buildx store: nothing recorded).
    const std::string config = dir.path() + "/docker";
    ASSERT_EQ(mkdir(config.c_str(), 0700), 0);
    ASSERT_EQ(mkdir((config + "/cli-plugins").c_str(), 0700), 0);
    ASSERT_EQ(symlink((plugins + "/cli-plugins/docker-buildx").c_str(),
                      (config + "/cli-plugins/docker-buildx").c_str()),
              0);
    io::Env env = testing::load_event("push_tag_semver");
    env.set("PATH", bin + ":/usr/local/bin:/usr/bin:/bin");
    env.set("HOME", dir.path());
    env.set("RUNNER_TEMP", dir.path());
    env.set("DOCKER_HOST", testing::need_env(var));
    env.set("DOCKER_CONFIG", config);
    env.set("GITHUB_OUTPUT", dir.write("output", ""));
    env.set("INPUT_IMAGES", "127.0.0.1:1/engine/app");
    env.set("INPUT_CONTEXT", dir.path());
    env.set("INPUT_DRY-RUN", "true");
    env.set("BERTH_RETRY_ATTEMPTS", "1");
    const testing::RunResult r = testing::run({testing::berth_binary()}, env);
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(dir.read("calls"), "") << var;  // a dry run runs nothing after its plan either
    const std::string version = cli(testing::need_env(var),
                                    {"version", "--format", "{{.Server.Version}}"}, config);
    EXPECT_NE(r.out.find("docker engine " + version + ", buildx builder default (docker driver, " +
                         store + " image store)"),
              std::string::npos)
        << r.out;
  }
}

}  // namespace
}  // namespace berth
