// SPDX-License-Identifier: MIT
// The docker probes over fakes: the daemon's API asked instead of the docker
// CLI when the CLI would reach that socket, `docker buildx inspect` skipped
// when its answer cannot change the plan, and the CLI asked as before
// whenever berth cannot be sure.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/probe.hpp"
#include "app/run.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "support/fake_services.hpp"
#include "support/fixtures.hpp"

namespace berth {
namespace {

using Strings = std::vector<std::string>;
using InputMap = std::map<std::string, std::string>;

std::string captured(const std::string& name) {
  std::ifstream in(testing::testdata(name));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Strings captured_lines(const std::string& name) {
  std::ifstream in(testing::testdata(name));
  Strings lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

// A daemon's API answering from captured JSON (testdata/engine/), or failing.
class FakeEngineApi : public io::EngineApi {
 public:
  explicit FakeEngineApi(Strings& asked, const std::string& store, bool fails)
      : m_asked(asked), m_store(store), m_fails(fails) {}
  io::EngineVersion version() override {
    m_asked.push_back("GET /version");
    if (m_fails) {
      throw Error("the docker daemon at unix:///run/engine.sock does not answer: refused");
    }
    return io::parse_engine_version(captured("engine/version-classic.json"));
  }
  io::EngineInfo info() override {
    m_asked.push_back("GET /info");
    return io::parse_engine_info(captured("engine/info-" + m_store + ".json"));
  }

 private:
  Strings& m_asked;
  std::string m_store;
  bool m_fails;
};

// A push of the action with buildx in $DOCKER_CONFIG/cli-plugins, the docker
// CLI on PATH, DOCKER_HOST a unix socket; the CLI answers as Engine 26 does.
struct Fake : testing::FakeServices {
  explicit Fake(InputMap inputs = {}, std::string store_name = "classic")
      : testing::FakeServices(testing::load_event("push_tag_semver")),
        store(std::move(store_name)) {
    const InputMap defaults = {{"images", "registry.test/alice/bot"},
                               {"username", "alice"},
                               {"password", "s3cret-pw"},
                               {"context", "/ctx"}};
    for (const auto& [name, value] : defaults) {
      env.set(io::input_variable(name), value);
    }
    for (const auto& [name, value] : inputs) {
      env.set(io::input_variable(name), value);
    }
    env.set("DOCKER_CONFIG", "/cfg");
    env.set("DOCKER_HOST", "unix:///run/engine.sock");
    env.set("PATH", "/usr/local/bin:/usr/bin");
    files.add_dir("/ctx");
    files.add_file("/ctx/Dockerfile");
    files.add_executable("/usr/bin/docker");
    files.add_executable("/cfg/cli-plugins/docker-buildx");
    processes.answer("version", {0, {"26.1.5+dfsg1"}, false});
    processes.answer("buildx inspect",
                     {0, captured_lines("buildx/inspect-" + this->store + ".txt"), false});
    processes.answer("info", {0, captured_lines("buildx/info-" + this->store + ".txt"), false});
  }

  // Probes with the daemon's API (or, with `api` false, without one).
  core::BuildFacts probe(bool api = true) {
    const app::RunContext rc = app::read_run_context(env);
    const core::Metadata m = core::compute_metadata(rc.inputs, rc.github, rc.clock);
    app::Services s = services();
    if (api) {
      s.engine_api = [this](const std::string& socket) {
        sockets.push_back(socket);
        return std::make_unique<FakeEngineApi>(asked, store, api_fails);
      };
    }
    return app::probe_build(rc.inputs, m, s);
  }

  std::string store;
  bool api_fails = false;
  Strings sockets;  // the sockets the API was opened on
  Strings asked;    // the API's requests
};

void expect_same_caps(const core::DockerCapabilities& a, const core::DockerCapabilities& b) {
  EXPECT_EQ(a.buildx, b.buildx);
  EXPECT_EQ(a.builder.name, b.builder.name);
  EXPECT_EQ(a.builder.driver, b.builder.driver);
  EXPECT_EQ(a.store, b.store);
}

TEST(ProbeEngineTest, TheApiAnswersForTheCliAndInspectIsSkipped) {
  for (const std::string store : {"classic", "containerd"}) {
    Fake fake({}, store);
    const core::BuildFacts facts = fake.probe();
    EXPECT_TRUE(fake.processes.subcommands().empty())  // no docker process at all
        << store << ": " << core::join(fake.processes.subcommands(), ", ");
    EXPECT_EQ(fake.sockets, Strings{"/run/engine.sock"});
    EXPECT_EQ(fake.asked, (Strings{"GET /version", "GET /info"}));
    EXPECT_NE(fake.log_text().find("docker engine 26.1.5+dfsg1, buildx builder default (docker "
                                   "driver, " + store + " image store)"),
              std::string::npos)
        << fake.log_text();
    // The same facts as the CLI's answers give (docker version, buildx inspect, docker info).
    Fake cli({}, store);
    cli.files.add_file("/cfg/buildx/current", "{\"Key\":\"k\",\"Name\":\"default\"}");
    const core::BuildFacts by_cli = cli.probe(false);
    EXPECT_EQ(cli.processes.subcommands(), (Strings{"version", "buildx inspect", "info"}));
    expect_same_caps(facts.caps, by_cli.caps);
    EXPECT_EQ(facts.cli_plugin_dirs, by_cli.cli_plugin_dirs);
  }
}

TEST(ProbeEngineTest, InspectWhenSomethingMayNameAnotherBuilder) {
  const struct {
    const char* why;
    InputMap inputs;
    std::map<std::string, std::string> env;
    std::map<std::string, std::string> files;
  } cases[] = {
      {"builder input", {{"builder", "default"}}, {}, {}},
      {"BUILDX_BUILDER", {}, {{"BUILDX_BUILDER", "ci"}}, {}},
      {"buildx use", {}, {}, {{"/cfg/buildx/current", "{\"Key\":\"k\",\"Name\":\"ci\"}"}}},
      {"buildx use --default", {}, {}, {{"/cfg/buildx/defaults/0123abcd", "ci"}}},
      {"an unreadable current file", {}, {}, {{"/cfg/buildx/current", "{"}}},
      {"BUILDX_CONFIG's store", {}, {{"BUILDX_CONFIG", "/bx"}},
       {{"/bx/current", "{\"Key\":\"k\",\"Name\":\"ci\"}"}}},
      {"a foreign platform", {{"platforms", "linux/arm64"}}, {}, {}},
      {"two platforms", {{"platforms", "linux/amd64,linux/arm64"}}, {}, {}},
  };
  for (const auto& c : cases) {
    Fake fake(c.inputs);
    for (const auto& [name, value] : c.env) {
      fake.env.set(name, value);
    }
    for (const auto& [path, content] : c.files) {
      fake.files.add_file(path, content);
    }
    fake.probe();
    EXPECT_EQ(fake.processes.subcommands(), Strings{"buildx inspect"}) << c.why;
    EXPECT_EQ(fake.asked, (Strings{"GET /version", "GET /info"})) << c.why;
  }
}

TEST(ProbeEngineTest, NoInspectWhenBuildxOnlyResetItsRecordOrForTheNativePlatform) {
  Fake fake(InputMap{{"platforms", "linux/amd64"}});
  // What buildx leaves after a build on the default builder: a reset record, an empty defaults/.
  fake.files.add_file("/cfg/buildx/current",
                      "{\"Key\":\"unix:///run/engine.sock\",\"Name\":\"\",\"Global\":false}");
  fake.files.add_dir("/cfg/buildx/defaults");
  fake.probe();
  EXPECT_TRUE(fake.processes.subcommands().empty());
}

TEST(ProbeEngineTest, TheCliIsAskedWhenItMayReachAnotherDaemon) {
  const struct {
    const char* why;
    std::map<std::string, std::string> env;
    std::map<std::string, std::string> files;
  } cases[] = {
      {"tcp", {{"DOCKER_HOST", "tcp://127.0.0.1:2375"}}, {}},
      {"ssh", {{"DOCKER_HOST", "ssh://me@builder"}}, {}},
      {"DOCKER_CONTEXT", {{"DOCKER_CONTEXT", "remote"}}, {}},
      {"config.json's context", {{"DOCKER_HOST", ""}},
       {{"/cfg/config.json", "{\"currentContext\":\"remote\"}"}}},
      {"an unreadable config.json", {{"DOCKER_HOST", ""}}, {{"/cfg/config.json", "{"}}},
      {"BERTH_DOCKER", {{"BERTH_DOCKER", "/opt/docker"}}, {}},
      {"no docker on PATH", {{"PATH", "/nowhere"}}, {}},
  };
  for (const auto& c : cases) {
    Fake fake;
    for (const auto& [name, value] : c.env) {
      fake.env.set(name, value);
    }
    for (const auto& [path, content] : c.files) {
      fake.files.add_file(path, content);
    }
    fake.files.add_executable("/opt/docker");
    fake.probe();
    EXPECT_TRUE(fake.sockets.empty()) << c.why;
    ASSERT_FALSE(fake.processes.subcommands().empty()) << c.why;
    EXPECT_EQ(fake.processes.subcommands().front(), "version") << c.why;
  }
}

TEST(ProbeEngineTest, DefaultSocketWithoutDockerHost) {
  Fake fake;
  fake.env.set("DOCKER_HOST", "");
  fake.files.add_file("/cfg/config.json", "{\"auths\":{},\"currentContext\":\"default\"}");
  fake.probe();
  EXPECT_EQ(fake.sockets, Strings{"/var/run/docker.sock"});
  EXPECT_TRUE(fake.processes.subcommands().empty());
}

TEST(ProbeEngineTest, AnUnansweredApiLeavesTheCliToSayWhy) {
  Fake fake;
  fake.api_fails = true;
  fake.processes.answer("version", {1, {"Cannot connect to the Docker daemon at "
                                        "unix:///run/engine.sock. Is the docker daemon running?"},
                                    false});
  try {
    fake.probe();
    FAIL() << "no error";
  } catch (const Error& e) {
    // Today's message, from the CLI's own run (its stderr, in a real run).
    EXPECT_EQ(std::string(e.what()).rfind("the docker CLI (docker) or its daemon does not answer", 0),
              0u)
        << e.what();
  }
  EXPECT_EQ(fake.asked, Strings{"GET /version"});
  EXPECT_EQ(fake.processes.subcommands(), Strings{"version"});
}

TEST(ProbeEngineTest, DryRunWithoutADaemonStillAssumesAGitHubRunner) {
  Fake fake(InputMap{{"dry-run", "true"}});
  fake.api_fails = true;
  fake.processes.answer("version", {1, {"Cannot connect to the Docker daemon"}, false});
  const core::BuildFacts facts = fake.probe();
  EXPECT_TRUE(facts.caps.buildx);
  EXPECT_EQ(facts.caps.builder.driver, "docker");
  EXPECT_EQ(facts.caps.store, core::ImageStore::k_classic);
  EXPECT_NE(fake.log_text().find("as on a GitHub runner"), std::string::npos) << fake.log_text();
}

TEST(ProbeEngineTest, TheCliPathSkipsInspectToo) {
  // No API (BERTH_DOCKER names the CLI), the default context, nothing names a builder.
  Fake fake;
  fake.env.set("BERTH_DOCKER", "/opt/docker");
  fake.files.add_executable("/opt/docker");
  const core::BuildFacts facts = fake.probe();
  EXPECT_EQ(fake.processes.subcommands(), (Strings{"version", "info"}));
  EXPECT_EQ(facts.caps.builder.name, "default");
  EXPECT_EQ(facts.caps.store, core::ImageStore::k_classic);
}

}  // namespace
}  // namespace berth
