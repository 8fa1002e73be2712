// SPDX-License-Identifier: MIT
// Which registries a build logs in to, per event, over fakes: the
// Dockerfile's base images on a pull request (read only), each registry with
// its own credentials on a push, each password on stdin only.
#include "app/logins.hpp"

#include <gtest/gtest.h>

#include "app/build.hpp"
#include "app/registries.hpp"
#include "app/run.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "support/fake_services.hpp"
#include "support/fixtures.hpp"

namespace berth {
namespace {

const char* const k_host = "registry.test";
const char* const k_private = "private.test:5002";

struct Fake : testing::FakeServices {
  Fake(const std::string& event, const std::string& dockerfile)
      : testing::FakeServices(testing::load_event(event)) {
    env.set(io::input_variable("images"), std::string(k_host) + "/alice/bot");
    env.set(io::input_variable("username"), "alice");
    env.set(io::input_variable("password"), "s3cret-pw");
    env.set(io::input_variable("context"), "/ctx");
    env.set("RUNNER_TEMP", "/runner/temp");
    files.add_dir("/runner/temp");
    files.add_dir("/ctx");
    files.add_file("/ctx/Dockerfile", dockerfile);
    processes.answer("version", {0, {"28.0.1"}, false});
    processes.after_each([this](const testing::FakeProcessRunner::Call& call) {
      const auto& argv = call.argv;
      for (std::size_t i = 0; i + 1 < argv.size(); ++i) {
        if (argv[i] == "--iidfile") {
          files.add_file(argv[i + 1], "sha256:" + std::string(64, 'b'));
        }
      }
      if (argv.size() > 2 && argv[argv.size() - 2] == "push") {
        const std::string path = argv.back().substr(std::string(k_host).size() + 1);
        registries.at(k_host).seed(path.substr(0, path.find(':')), path.substr(path.find(':') + 1));
      }
    });
  }

  app::BuildRun build() {
    const app::RunContext rc = app::read_run_context(env);
    const core::Metadata m = core::compute_metadata(rc.inputs, rc.github, rc.clock);
    app::Services s = services();
    return app::run_build(rc.inputs, m, s);
  }

  // The calls of `subcommand` ("login"), as "argv | stdin".
  std::vector<std::string> calls_of(const std::string& subcommand) {
    std::vector<std::string> out;
    for (const auto& call : processes.calls()) {
      if (std::find(call.argv.begin(), call.argv.end(), subcommand) != call.argv.end()) {
        out.push_back(core::join(call.argv, " ") + " | " + call.stdin_data);
      }
    }
    return out;
  }
};

app::LoginCredentials auth_line(const std::string& host, const std::string& user,
                                const std::string& password, int line) {
  return {app::LoginCredentials::Kind::k_registry_auth,
          {host, user, "registry-auth line " + std::to_string(line)},
          password};
}

TEST(BuildLoginsTest, APullRequestLogsInWhereItsBaseImageIsAndPushesNothing) {
  Fake fake("pull_request", std::string("FROM ") + k_private + "/base/app:1\n");
  fake.registries.give_login(k_private, auth_line(k_private, "reader", "pull-secret", 1));
  const app::BuildRun run = fake.build();
  const auto logins = fake.calls_of("login");
  ASSERT_EQ(logins.size(), 1u);
  EXPECT_NE(logins[0].find("login --username reader --password-stdin private.test:5002 | "
                           "pull-secret\n"),
            std::string::npos)
      << logins[0];
  EXPECT_TRUE(fake.calls_of("push").empty());
  EXPECT_TRUE(fake.registries.at(k_host).events().empty());
  // The password is on stdin only: in no argv, no environment, no log line.
  for (const auto& call : fake.processes.calls()) {
    EXPECT_EQ(core::join(call.argv, " ").find("pull-secret"), std::string::npos);
    EXPECT_EQ(core::join(call.env, " ").find("pull-secret"), std::string::npos);
  }
  EXPECT_EQ(fake.log_text().find("pull-secret"), std::string::npos);
}

TEST(BuildLoginsTest, APullRequestWithoutCredentialsForItsBaseDoesNotLogIn) {
  Fake fake("pull_request", std::string("FROM ") + k_private + "/base/app:1\n");
  fake.registries.withhold_password(k_private);
  fake.build();
  EXPECT_TRUE(fake.calls_of("login").empty());
}

TEST(BuildLoginsTest, APullRequestDoesNotLogInWhereItWouldOnlyPush) {
  Fake fake("pull_request", "FROM scratch\n");
  fake.build();
  EXPECT_TRUE(fake.calls_of("login").empty());
}

TEST(BuildLoginsTest, APushLogsInToEachRegistryWithItsOwnCredentials) {
  Fake fake("push_tag_semver", std::string("FROM ") + k_private + "/base/app:1\n");
  fake.registries.give_login(k_private, auth_line(k_private, "reader", "pull-secret", 2));
  fake.build();
  const auto logins = fake.calls_of("login");
  ASSERT_EQ(logins.size(), 2u);
  EXPECT_NE(logins[0].find("login --username alice --password-stdin registry.test | s3cret-pw\n"),
            std::string::npos)
      << logins[0];
  EXPECT_NE(logins[1].find("login --username reader --password-stdin private.test:5002 | "
                           "pull-secret\n"),
            std::string::npos)
      << logins[1];
}

TEST(BuildLoginsTest, PullHostsComeFromTheDockerfileCachesAndContexts) {
  Fake fake("push_tag_semver", "ARG BASE=a.io/x\nFROM ${BASE}\nFROM ${OTHER}\n");
  fake.env.set(io::input_variable("cache-from"), "type=registry,ref=b.io/c:cache\nc.io/d:cache\ntype=gha");
  fake.env.set(io::input_variable("build-contexts"), "tool=docker-image://d.io/tool:1\nsrc=./src");
  const app::RunContext rc = app::read_run_context(fake.env);
  app::Services s = fake.services();
  EXPECT_EQ(app::pull_hosts(rc.inputs, s),
            (std::vector<std::string>{"a.io", "b.io", "c.io", "d.io"}));
  EXPECT_NE(fake.log_text().find("cannot tell the registry of ${OTHER}"), std::string::npos)
      << fake.log_text();
}

// The live registries: which credentials each host gets, from which input.
TEST(RegistriesCredentialsTest, ARegistryAuthLineWinsOverThePasswordForItsHost) {
  io::Env env;
  env.set("GITHUB_SERVER_URL", "https://github.com");
  core::Inputs in = core::parse_inputs(
      {{"username", "alice"},
       {"password", "ghs_" + std::string(36, 'a')},
       {"registry-auth", "registry=docker.io,username=hub,password=hub-secret\n"
                         "registry=ghcr.io,username=bot,password=ghcr-pat\n"
                         "registry=quay.io,username=q,password="}});
  std::vector<std::string> lines;
  io::Console console([&lines](const std::string& line) { lines.push_back(line); });
  app::Registries r(env, in, console);
  const auto hub = r.login_credentials("docker.io");
  ASSERT_TRUE(hub.has_value());
  EXPECT_EQ(hub->kind, app::LoginCredentials::Kind::k_registry_auth);
  EXPECT_EQ(hub->login.username, "hub");
  EXPECT_EQ(hub->login.secret, "registry-auth line 1");
  EXPECT_EQ(hub->password, "hub-secret");
  EXPECT_EQ(r.credentials("docker.io").password, "hub-secret");
  // ghcr.io: its line, not the GitHub token of the password input.
  EXPECT_FALSE(r.sends_password("ghcr.io"));
  EXPECT_EQ(r.login_credentials("ghcr.io")->password, "ghcr-pat");
  // GitHub's other registry still gets the token; quay.io's empty line is skipped.
  EXPECT_EQ(r.login_credentials("docker.pkg.github.com")->login.secret, "password");
  EXPECT_FALSE(r.login_credentials("quay.io").has_value());
  EXPECT_NE(core::join(lines, "\n").find("registry-auth: line 3: the password is empty"), std::string::npos);
  EXPECT_FALSE(r.login_credentials("example.com").has_value());
}

TEST(RegistriesCredentialsTest, AGitHubTokenInARegistryAuthLineForAnotherHostIsAnError) {
  io::Env env;
  core::Inputs in = core::parse_inputs(
      {{"registry-auth", "registry=docker.io,username=u,password=ghp_" + std::string(36, 'b')}});
  std::vector<std::string> lines;
  io::Console console([&lines](const std::string& line) { lines.push_back(line); });
  try {
    app::Registries r(env, in, console);
    FAIL() << "no error";
  } catch (const Errors& e) {
    EXPECT_EQ(e.all()[0].input(), "registry-auth");
    EXPECT_EQ(std::string(e.all()[0].what()).find("ghp_"), std::string::npos);
  }
}

}  // namespace
}  // namespace berth

namespace berth {
namespace {

TEST(BuildLoginsTest, ThePasswordInputDoesNotFollowABaseImageToAnotherRegistry) {
  // private.test would take the password (no GitHub token), but it is not the run's registry.
  Fake fake("pull_request", std::string("FROM ") + k_private + "/base/app:1\n");
  fake.build();
  EXPECT_TRUE(fake.calls_of("login").empty());
  EXPECT_NE(fake.log_text().find("no login for private.test:5002, which the build pulls from"),
            std::string::npos)
      << fake.log_text();
}

TEST(BuildLoginsTest, APullRequestReadsItsOwnRegistryWithThePassword) {
  Fake fake("pull_request", std::string("FROM ") + k_host + "/alice/base:1\n");
  fake.build();
  const auto logins = fake.calls_of("login");
  ASSERT_EQ(logins.size(), 1u);
  EXPECT_NE(logins[0].find("--password-stdin registry.test | s3cret-pw\n"), std::string::npos);
  EXPECT_TRUE(fake.calls_of("push").empty());
}

}  // namespace
}  // namespace berth
