// SPDX-License-Identifier: MIT
// The action's build and push, through the real binary, against a real Docker
// daemon (testenv/dockerd.sh: Debian's dockerd on a private socket) and the
// real TLS registry with basic auth.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/base64.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "io/registry.hpp"
#include "support/fixtures.hpp"
#include "support/runner_files.hpp"
#include "support/spawn.hpp"
#include "support/step_env.hpp"
#include "support/testenv.hpp"

namespace berth {
namespace {

class BuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_repo = "build/app-" + std::to_string(std::random_device{}() % 1000000000);
    m_image = testing::need_env("BERTH_REG_TLS") + "/" + m_repo;
    m_dir.write("Dockerfile", "FROM scratch\nCOPY hello /hello\n");
    m_dir.write("hello", "hello from " + m_repo + "\n");
    io::HttpOptions options;
    options.ca_file = testing::need_env("BERTH_CA_CERT");
    m_http = io::make_curl_client(options);
    m_registry = std::make_unique<io::RegistryClient>(
        *m_http, io::RegistryOptions{testing::need_env("BERTH_REG_TLS"), {testing::need_env("BERTH_USER"), testing::test_password()}});
  }

  // The step's environment as the runner gives it for `fixture`, pushing
  // m_image from m_dir with the test registry's credentials.
  io::Env action_env(const std::string& fixture) {
    return testing::push_step_env(fixture, m_image, m_dir.path(), m_dir, m_dir.path(),
                                  testing::test_password());
  }

  // Runs the action on `fixture` with `inputs`; returns the run and its outputs.
  std::pair<testing::RunResult, std::map<std::string, std::string>> action(
      const std::string& fixture, const std::vector<std::pair<std::string, std::string>>& inputs) {
    io::Env env = action_env(fixture);
    for (const auto& [k, v] : inputs) {
      env.set(k, v);
    }
    testing::RunResult r = testing::run({testing::berth_binary()}, env);
    return {r, testing::parse_runner_file(m_dir.read("output"))};
  }

  std::vector<std::string> docker(const std::vector<std::string>& args) {
    io::Env env;
    env.set("DOCKER_HOST", testing::need_env("DOCKER_HOST"));
    std::vector<std::string> argv = {"/usr/local/bin/docker"};
    argv.insert(argv.end(), args.begin(), args.end());
    return core::input_lines(testing::run(argv, env).out);
  }

  testing::TempDir m_dir;
  std::string m_repo, m_image;
  std::unique_ptr<io::HttpClient> m_http;
  std::unique_ptr<io::RegistryClient> m_registry;
};

TEST_F(BuildTest, PushesEveryTagWithOneDigest) {
  const auto [r, out] = action("push_tag_semver", {{"INPUT_CALVER", "true"}});
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "::add-mask::" + testing::test_password());
  const std::string digest = out.at("digest");
  ASSERT_EQ(digest.rfind("sha256:", 0), 0u) << digest;
  auto tags = m_registry->list_tags(m_repo);
  std::sort(tags.begin(), tags.end());
  EXPECT_EQ(tags, (std::vector<std::string>{"1", "1.2", "1.2.3", "2023.2-a1239a5", "latest"}));
  for (const std::string& t : tags) {
    EXPECT_EQ(m_registry->head_manifest(m_repo, t), digest) << t;
  }
  EXPECT_EQ(out.at("tags"), m_image + ":1.2.3\n" + m_image + ":1.2\n" + m_image + ":1\n" +
                                m_image + ":2023.2-a1239a5\n" + m_image + ":latest");
  // The image carries the OCI labels.
  const auto labels = docker({"image", "inspect", "-f",
                              "{{index .Config.Labels \"org.opencontainers.image.version\"}}",
                              m_image + ":1.2.3"});
  ASSERT_EQ(labels.size(), 1u);
  EXPECT_EQ(labels[0], "1.2.3");
  // The classic builder's labels came in one step, and its temporary tag is gone.
  EXPECT_NE(r.out.find("docker build: labels and tags"), std::string::npos) << r.out;
  EXPECT_TRUE(docker({"image", "ls", "-q", "berth-bare"}).empty());
  // No credentials were left behind: the private DOCKER_CONFIG is gone.
  for (const auto& entry : std::filesystem::directory_iterator(m_dir.path())) {
    EXPECT_EQ(entry.path().filename().string().rfind("berth-", 0), std::string::npos)
        << entry.path();
  }
  EXPECT_EQ(r.out.find(testing::test_password(), r.out.find('\n')), std::string::npos);
}

TEST_F(BuildTest, BuildKitTakesTheLabelsInTheBuild) {
  // Debian's 20.10 client drives the daemon's BuildKit when DOCKER_BUILDKIT=1.
  if (access("/usr/bin/docker", X_OK) != 0) {
    GTEST_SKIP() << "no /usr/bin/docker (Debian's docker.io client)";
  }
  const auto [r, out] = action("push_tag_semver", {{"BERTH_DOCKER", "/usr/bin/docker"},
                                                   {"DOCKER_BUILDKIT", "1"}});
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.find("labels and tags"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--label org.opencontainers.image.version=1.2.3"), std::string::npos);
  const auto labels = docker({"image", "inspect", "-f",
                              "{{index .Config.Labels \"org.opencontainers.image.version\"}}",
                              m_image + ":1.2.3"});
  ASSERT_EQ(labels.size(), 1u);
  EXPECT_EQ(labels[0], "1.2.3");
  EXPECT_EQ(m_registry->head_manifest(m_repo, "1.2.3"), out.at("digest"));
}

TEST_F(BuildTest, KeepsLatestOnTheHighestRelease) {
  // v2.0.1 first, then v1.9.1: latest stays on 2.0.1; 1 and 1.9 move.
  const auto [first, out1] = action("push_tag_semver", {{"GITHUB_REF", "refs/tags/v2.0.1"}});
  ASSERT_EQ(first.status, 0) << first.out;
  m_dir.write("hello", "the older line\n");
  const auto [second, out2] = action("push_tag_semver", {{"GITHUB_REF", "refs/tags/v1.9.1"}});
  ASSERT_EQ(second.status, 0) << second.out;
  EXPECT_EQ(out2.at("tag-names"), "1.9.1\n1.9\n1");
  EXPECT_NE(out2.at("json").find("\"because\": \"2.0.1 is a higher release\""), std::string::npos)
      << out2.at("json");
  EXPECT_EQ(m_registry->head_manifest(m_repo, "latest"), out1.at("digest"));
  EXPECT_EQ(m_registry->head_manifest(m_repo, "1"), out2.at("digest"));
  EXPECT_NE(out1.at("digest"), out2.at("digest"));
}

TEST_F(BuildTest, PullRequestsBuildButDoNotPush) {
  const auto [r, out] = action("pull_request", {});
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(out.at("push"), "false");
  EXPECT_EQ(out.at("digest"), "");
  EXPECT_TRUE(m_registry->list_tags(m_repo).empty());
  EXPECT_EQ(docker({"image", "ls", "-q", m_image + ":pr-42"}).size(), 1u);
  EXPECT_EQ(r.out.find("docker login"), std::string::npos) << "logged in without a push";
}

TEST_F(BuildTest, DryRunBuildsAndPushesNothing) {
  const auto [r, out] = action("push_default", {{"INPUT_DRY-RUN", "true"}});
  ASSERT_EQ(r.status, 0) << r.out;
  // The classic builder: a bare build, then the labels and tags in one step.
  EXPECT_NE(r.out.find("one LABEL instruction"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("--label"), std::string::npos) << r.out;
  EXPECT_TRUE(m_registry->list_tags(m_repo).empty());
  EXPECT_TRUE(docker({"image", "ls", "-q", m_image}).empty());
  EXPECT_EQ(out.at("tags"), m_image + ":sha-a1239a5\n" + m_image + ":latest");
}

TEST_F(BuildTest, BadInputsStopBeforeAnyWork) {
  const std::vector<std::pair<std::vector<std::pair<std::string, std::string>>, std::string>>
      cases = {
          {{{"INPUT_CONTEXT", "/nonexistent/context"}}, "context"},
          {{{"INPUT_FILE", "/nonexistent/Dockerfile"}}, "file"},
          {{{"INPUT_PLATFORMS", "linux/amd64,linux/arm64"}}, "platforms"},
          {{{"INPUT_CACHE-TO", "type=gha"}}, "cache-to"},
          {{{"INPUT_PASSWORD", "wrong-password"}}, ""},
      };
  for (const auto& [inputs, name] : cases) {
    SCOPED_TRACE(name);
    const auto [r, out] = action("push_default", inputs);
    EXPECT_EQ(r.status, 1) << r.out;
    if (!name.empty()) {
      EXPECT_NE(r.out.find("::error title=Invalid input '" + name + "'::"), std::string::npos)
          << r.out;
      EXPECT_EQ(r.out.find("::group::docker"), std::string::npos) << "ran docker: " << r.out;
    }
    EXPECT_TRUE(out.empty());
    EXPECT_TRUE(m_registry->list_tags(m_repo).empty());
    EXPECT_TRUE(docker({"image", "ls", "-q", m_image}).empty());
  }
}

TEST_F(BuildTest, AGitHubTokenGoesOnlyToGitHubRegistries) {
  // The action's default password is github.token. Pushing elsewhere, berth
  // keeps it to itself and uses the credentials the runner has configured
  // (here: $HOME/.docker/config.json): it logs in with them, into its
  // private config, the plan naming where they come from.
  const std::string host = testing::need_env("BERTH_REG_TLS");
  const std::string token = "ghs_" + std::to_string(std::random_device{}()) + "x0Z";
  std::filesystem::create_directories(m_dir.path() + "/.docker");
  m_dir.write(".docker/config.json",
              "{\"auths\": {\"" + host + "\": {\"auth\": \"" +
                  core::base64_encode(testing::need_env("BERTH_USER") + ":" +
                                      testing::test_password()) +
                  "\"}}}");
  const auto [r, out] = action("push_default", {{"INPUT_PASSWORD", token}});
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("password: not sent to " + host), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("login --username " + testing::need_env("BERTH_USER") +
                       " --password-stdin " + host + "   (the docker config's " + host +
                       " entry on stdin)"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find(token, r.out.find('\n')), std::string::npos);
  EXPECT_EQ(r.out.find(testing::test_password()), std::string::npos);
  EXPECT_EQ(m_registry->head_manifest(m_repo, "latest"), out.at("digest"));
}

// A TCP listener on loopback that accepts connections and never answers: a
// build that ADDs a URL from it hangs until stopped.
class SilentServer {
 public:
  SilentServer() {
    m_fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(m_fd, 8);
    socklen_t len = sizeof addr;
    getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
  }
  ~SilentServer() { close(m_fd); }
  int port() const { return m_port; }

 private:
  int m_fd = -1;
  int m_port = 0;
};

TEST_F(BuildTest, SigtermStopsTheBuildAndLeavesNoCredentials) {
  SilentServer server;
  m_dir.write("Dockerfile", "FROM scratch\nADD http://127.0.0.1:" + std::to_string(server.port()) +
                                "/never /never\n");
  const io::Env env = action_env("push_default");
  const std::string log = m_dir.path() + "/berth.log";
  testing::Background berth({testing::berth_binary()}, env, log);
  // Wait until the build is under way, then ask berth to stop.
  for (int i = 0; i < 600 && m_dir.read("berth.log").find("Step 2/") == std::string::npos; ++i) {
    usleep(50'000);
  }
  ASSERT_NE(m_dir.read("berth.log").find("Step 2/"), std::string::npos) << m_dir.read("berth.log");
  const auto start = std::chrono::steady_clock::now();
  kill(berth.pid(), SIGTERM);
  const int status = berth.wait(20'000);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(status, 143) << m_dir.read("berth.log");
  EXPECT_LT(seconds, 12.0);
  std::printf("berth stopped %.2f s after SIGTERM\n", seconds);
  const std::string out = m_dir.read("berth.log");
  EXPECT_NE(out.find("stopped by signal 15 while running docker build"), std::string::npos) << out;
  EXPECT_NE(out.find("written: none; not written: "), std::string::npos) << out;
  // The private DOCKER_CONFIG with the login is gone; nothing was pushed.
  for (const auto& entry : std::filesystem::directory_iterator(m_dir.path())) {
    EXPECT_NE(entry.path().filename().string().rfind("berth-", 0), 0u) << entry.path();
  }
  EXPECT_TRUE(m_registry->list_tags(m_repo).empty());
}

}  // namespace
}  // namespace berth
