// SPDX-License-Identifier: MIT
// The build-and-push command with buildx, over fakes: the probes, the build
// that pushes itself, the private builder removed even after a failure, and
// what reaches buildx's environment.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "app/build.hpp"
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

const char* const k_host = "registry.test";

Strings captured_lines(const std::string& name) {
  std::ifstream in(testing::testdata("buildx/" + name));
  Strings lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

// A run of the action with buildx (plugin in $DOCKER_CONFIG/cli-plugins) on
// the docker driver of the classic image store.
struct Fake : testing::FakeServices {
  explicit Fake(InputMap inputs = {})
      : testing::FakeServices(testing::load_event("push_tag_semver")) {
    const std::map<std::string, std::string> defaults = {
        {"images", std::string(k_host) + "/alice/bot"},
        {"username", "alice"},
        {"password", "s3cret-pw"},
        {"context", "/ctx"},
    };
    for (const auto& [name, value] : defaults) {
      env.set(io::input_variable(name), value);
    }
    for (const auto& [name, value] : inputs) {
      env.set(io::input_variable(name), value);
    }
    env.set("GITHUB_OUTPUT", "/runner/output");
    env.set("RUNNER_TEMP", "/runner/temp");
    env.set("DOCKER_CONFIG", "/cfg");
    files.add_dir("/runner/temp");
    files.add_dir("/ctx");
    files.add_file("/ctx/Dockerfile");
    files.add_executable("/cfg/cli-plugins/docker-buildx");
    processes.answer("version", {0, {"26.1.5"}, false});
    processes.answer("buildx inspect", {0, captured_lines("inspect-classic.txt"), false});
    processes.answer("info", {0, captured_lines("info-classic.txt"), false});
    // buildx --push lands each --tag in the registry and writes the
    // digest of what it pushed into the metadata file.
    processes.after_each([this](const testing::FakeProcessRunner::Call& call) {
      const auto& argv = call.argv;
      if (std::find(argv.begin(), argv.end(), "--push") == argv.end()) {
        return;
      }
      std::string digest;
      for (std::size_t i = 0; i + 1 < argv.size(); ++i) {
        if (argv[i] == "--tag") {
          const std::string path = argv[i + 1].substr(std::string(k_host).size() + 1);
          digest = registries.at(k_host)
                       .seed(path.substr(0, path.find(':')), path.substr(path.find(':') + 1))
                       .digest;
        }
      }
      const auto meta = std::find(argv.begin(), argv.end(), "--metadata-file");
      if (write_metadata && meta != argv.end()) {
        files.add_file(*(meta + 1), "{\n  \"containerimage.digest\": \"" + digest + "\"\n}\n");
      }
    });
  }

  int action() {
    const app::RunContext rc = app::read_run_context(env);
    app::Services s = services();
    return app::run_build_action(rc, s);
  }

  const Strings& writes() { return registries.at(k_host).writes(); }

  bool write_metadata = true;
};

TEST(BuildxCommandTest, TheBuildPushesItsPinnedTagAndTheRestArePuts) {
  Fake fake;
  ASSERT_EQ(fake.action(), 0) << fake.log_text();
  EXPECT_EQ(fake.processes.subcommands(),
            (Strings{"version", "info", "login", "buildx build"}));  // no builder named: no inspect
  const Strings& build = fake.processes.calls().back().argv;
  EXPECT_NE(std::find(build.begin(), build.end(), "--push"), build.end());
  EXPECT_EQ(std::find(build.begin(), build.end(), "--load"), build.end());
  EXPECT_EQ(std::count(build.begin(), build.end(), "--tag"), 1);
  // The pinned tag came with the build; the others are PUTs, moving ones last.
  EXPECT_EQ(fake.writes(), (Strings{"PUT alice/bot:1.2", "PUT alice/bot:1", "PUT alice/bot:latest"}));
  EXPECT_EQ(fake.files.outputs().at("digest"),
            fake.registries.at(k_host).get_manifest("alice/bot", "1.2.3").digest);
  // The pushed manifest was read by the digest buildx reported, not by tag.
  const auto& events = fake.registries.at(k_host).events();
  EXPECT_NE(std::find(events.begin(), events.end(),
                      "GET alice/bot:" + fake.files.outputs().at("digest")),
            events.end());
  // With --config, the CLI would not find buildx in $DOCKER_CONFIG/cli-plugins.
  EXPECT_EQ(fake.files.content("/runner/temp/berth-fake1/docker/config.json"),
            "{\"cliPluginsExtraDirs\":[\"/cfg/cli-plugins\"]}\n");
  EXPECT_EQ(fake.log_text().find("DEPRECATED"), std::string::npos);
}

TEST(BuildxCommandTest, PrivateBuilderIsRemovedAfterAFailedBuild) {
  Fake fake(InputMap{{"cache-to", "type=registry,ref=registry.test/alice/cache"}});
  fake.processes.answer("buildx build", {1, {"ERROR: failed to solve"}, false});
  EXPECT_THROW(fake.action(), Error);
  EXPECT_EQ(fake.processes.subcommands(),
            (Strings{"version", "info", "login", "buildx create", "buildx build", "buildx rm"}));
  const Strings& create = fake.processes.calls()[3].argv;
  const Strings& rm = fake.processes.calls().back().argv;
  ASSERT_GE(create.size(), 7u);
  EXPECT_EQ(create[5], "--name");
  EXPECT_EQ(rm, (Strings{"docker", "--config", "/runner/temp/berth-fake1/docker", "buildx", "rm",
                         create[6]}));
  EXPECT_EQ(create[6].rfind("berth-", 0), 0u);
  EXPECT_TRUE(fake.writes().empty());
  EXPECT_TRUE(fake.files.live_private_dirs().empty());
  // The builder's state is in the private directory, for each buildx step.
  const std::string buildx_config = "BUILDX_CONFIG=/runner/temp/berth-fake1/buildx";
  for (std::size_t i = 3; i < fake.processes.calls().size(); ++i) {
    const auto& env = fake.processes.calls()[i].env;
    EXPECT_EQ(std::count(env.begin(), env.end(), buildx_config), 1) << i;
  }
  const auto& login_env = fake.processes.calls()[2].env;
  EXPECT_EQ(std::count(login_env.begin(), login_env.end(), buildx_config), 0);
}

TEST(BuildxCommandTest, FailedBuilderRemovalOnlyWarns) {
  Fake fake(InputMap{{"cache-to", "type=registry,ref=registry.test/alice/cache"}});
  fake.processes.answer("buildx rm", {1, {"ERROR: no such container"}, false});
  ASSERT_EQ(fake.action(), 0) << fake.log_text();
  EXPECT_EQ(fake.processes.subcommands().back(), "buildx rm");
  EXPECT_NE(fake.log_text().find("could not remove the private builder berth-$BERTH_RUN_ID"),
            std::string::npos)
      << fake.log_text();
}

TEST(BuildxCommandTest, CacheServiceVariablesReachBuildx) {
  Fake fake(InputMap{{"cache-to", "type=gha,mode=max"}, {"cache-from", "type=gha"}});
  for (const char* name : {"ACTIONS_CACHE_URL", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_RESULTS_URL",
                           "ACTIONS_CACHE_SERVICE_V2"}) {
    fake.env.set(name, std::string("value-of-") + name);
  }
  ASSERT_EQ(fake.action(), 0) << fake.log_text();
  const auto& calls = fake.processes.calls();
  const auto build = std::find_if(calls.begin(), calls.end(), [](const auto& c) {
    return std::find(c.argv.begin(), c.argv.end(), "build") != c.argv.end();
  });
  ASSERT_NE(build, calls.end());
  for (const char* name : {"ACTIONS_CACHE_URL", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_RESULTS_URL",
                           "ACTIONS_CACHE_SERVICE_V2"}) {
    const std::string entry = std::string(name) + "=value-of-" + name;
    EXPECT_NE(std::find(build->env.begin(), build->env.end(), entry), build->env.end()) << name;
  }
  // The token is in the environment only, never in argv.
  EXPECT_EQ(core::join(build->argv, " ").find("value-of-"), std::string::npos);
}

TEST(BuildxCommandTest, GhaCacheWithoutTheServiceFailsBeforeLogin) {
  Fake fake(InputMap{{"cache-to", "type=gha"}});
  try {
    fake.action();
    FAIL() << "no error";
  } catch (const Errors& e) {
    ASSERT_EQ(e.all().size(), 1u);
    EXPECT_EQ(e.all()[0].input(), "cache-to");
  }
  EXPECT_EQ(fake.processes.subcommands(), (Strings{"version", "info"}));
}

TEST(BuildxCommandTest, ClassicStoreTwoPlatformsPlansAnIndexPerImage) {
  Fake fake(InputMap{{"platforms", "linux/amd64,linux/arm64"}, {"dry-run", "true"}});
  ASSERT_EQ(fake.action(), 0) << fake.log_text();
  const std::string log = fake.log_text();
  EXPECT_NE(log.find("--platform linux/arm64 --tag registry.test/alice/bot:1.2.3-linux-arm64"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("(an image index of registry.test/alice/bot:1.2.3-linux-amd64, "
                     "registry.test/alice/bot:1.2.3-linux-arm64)"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("platforms: builder \"default\" (docker driver, classic image store) does "
                     "not list linux/arm64"),
            std::string::npos);
}

TEST(BuildxCommandTest, UnknownBuilderFailsByNameBeforeLogin) {
  Fake fake;
  fake.processes.answer("buildx inspect", {1, {"ERROR: no builder \"nosuch\" found"}, false});
  const app::RunContext rc = app::read_run_context(fake.env);
  core::Inputs in = rc.inputs;
  in.build.builder = "nosuch";
  const core::Metadata m = core::compute_metadata(in, rc.github, rc.clock);
  app::Services s = fake.services();
  try {
    app::probe_build(in, m, s);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "builder");
    EXPECT_NE(std::string(e.what()).find("nosuch"), std::string::npos);
  }
  EXPECT_EQ(fake.processes.subcommands(), (Strings{"version", "buildx inspect"}));
  EXPECT_EQ(fake.processes.calls().back().argv.back(), "nosuch");
}

}  // namespace
}  // namespace berth

namespace berth {
namespace {

Strings described(const core::Plan& plan) {
  Strings out;
  for (const core::Step& step : plan.steps) {
    out.push_back(core::describe(plan, step));
  }
  return out;
}

app::BuildRun build_of(Fake& fake) {
  const app::RunContext rc = app::read_run_context(fake.env);
  const core::Metadata m = core::compute_metadata(rc.inputs, rc.github, rc.clock);
  app::Services s = fake.services();
  return app::run_build(rc.inputs, m, s);
}

TEST(BuildxCommandTest, DryRunShowsThePlanARealRunCarriesOut) {
  const InputMap inputs = {{"cache-to", "type=registry,ref=registry.test/alice/cache"},
                           {"platforms", "linux/amd64,linux/arm64"}};
  InputMap dry_inputs = inputs;
  dry_inputs["dry-run"] = "true";
  Fake dry(dry_inputs);
  Fake real(inputs);
  const app::BuildRun shown_dry = build_of(dry);
  const app::BuildRun done_real = build_of(real);
  EXPECT_EQ(described(shown_dry.plan), described(done_real.plan));
  // Both show the builder's placeholder name and its private state.
  EXPECT_NE(core::join(described(done_real.plan), "\n")
                .find("BUILDX_CONFIG='$BERTH_PRIVATE_DIR/buildx' docker --config "
                      "'$BERTH_PRIVATE_DIR/docker' buildx create --name 'berth-$BERTH_RUN_ID'"),
            std::string::npos)
      << core::join(described(done_real.plan), "\n");
  EXPECT_EQ(dry.processes.subcommands(), (Strings{"version", "buildx inspect", "info"}));
}

TEST(BuildxCommandTest, SecretValuesReachNoArgvAndNoLogLine) {
  Fake fake(InputMap{{"secrets", "tok=hunter2-abc\n\"key=line-one\nline-two\""}});
  fake.processes.answer("buildx build", {0, {"echo hunter2-abc line-two"}, false});
  ASSERT_EQ(fake.action(), 0) << fake.log_text();
  ASSERT_FALSE(fake.processes.calls().empty());
  for (const auto& call : fake.processes.calls()) {
    const std::string argv = core::join(call.argv, " ") + call.stdin_data;
    for (const char* secret : {"hunter2", "line-one", "line-two"}) {
      EXPECT_EQ(argv.find(secret), std::string::npos) << argv;
    }
  }
  for (const char* secret : {"hunter2", "line-one", "line-two"}) {
    EXPECT_EQ(fake.log_text().find(secret), std::string::npos) << fake.log_text();
  }
  // The build's output was logged, masked.
  EXPECT_NE(fake.log_text().find("echo *** ***"), std::string::npos) << fake.log_text();
}

}  // namespace
}  // namespace berth
