// SPDX-License-Identifier: MIT
// The build-and-push command over fakes: its plan for each kind of run, the
// order of its writes, what it prints, and what a stop or a failure leaves.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/build.hpp"
#include "app/report.hpp"
#include "app/run.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "support/fake_services.hpp"
#include "support/fixtures.hpp"

namespace berth {
namespace {

const char* const k_host = "registry.test";

// A run of the action over fakes, on one of the event fixtures.
struct Fake : testing::FakeServices {
  explicit Fake(const std::string& event, std::map<std::string, std::string> inputs = {})
      : testing::FakeServices(testing::load_event(event)) {
    const std::map<std::string, std::string> defaults = {
        {"images", std::string(k_host) + "/alice/bot"},
        {"username", "alice"},
        {"password", "s3cret-pw"},
        {"context", "/ctx"},
        {"calver", "true"},
    };
    for (const auto& [name, value] : defaults) {
      env.set(io::input_variable(name), value);
    }
    for (const auto& [name, value] : inputs) {
      env.set(io::input_variable(name), value);
    }
    env.set("GITHUB_OUTPUT", "/runner/output");
    env.set("GITHUB_STEP_SUMMARY", "/runner/summary");
    env.set("RUNNER_TEMP", "/runner/temp");
    files.add_dir("/runner/temp");
    files.add_dir("/ctx");
    files.add_file("/ctx/Dockerfile");
    processes.answer("version", {0, {"28.0.1"}, false});
    // docker itself: a build writes its iidfile, a push lands in the registry.
    processes.after_each([this](const testing::FakeProcessRunner::Call& call) {
      const auto& argv = call.argv;
      for (std::size_t i = 0; i + 1 < argv.size(); ++i) {
        if (argv[i] == "--iidfile") {
          files.add_file(argv[i + 1], "sha256:" + std::string(64, 'b'));
        }
      }
      if (argv.size() > 2 && argv[argv.size() - 2] == "push") {
        const std::string ref = argv.back();
        const std::string path = ref.substr(std::string(k_host).size() + 1);
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

  int action() {
    const app::RunContext rc = app::read_run_context(env);
    app::Services s = services();
    return app::run_build_action(rc, s);
  }

  // Runs the action, expecting a stop; returns its exit status (0 if it was not stopped).
  int stopped_status() {
    try {
      action();
    } catch (const Cancelled& e) {
      return e.exit_status();
    }
    return 0;
  }

  const std::vector<std::string>& writes() { return registries.at(k_host).writes(); }
};

// Each step as the plan shows it: kind, argv, target, source; no outcome.
std::vector<std::string> shown(const core::Plan& plan) {
  std::vector<std::string> out;
  for (const core::Step& step : plan.steps) {
    out.push_back(std::string(core::step_kind_name(step.kind)) + " " +
                  core::join(core::shown_argv(plan, step.argv), " ") + " " +
                  step.target.str() + " <- " + step.source.str() +
                  (step.moving ? " moving" : ""));
  }
  return out;
}

TEST(BuildCommandTest, ReleasePushesPinnedTagsBeforeMovingOnes) {
  Fake fake("push_tag_semver");
  ASSERT_EQ(fake.action(), 0);
  // Classic builder: a bare build, one labelling step, the temporary tag dropped.
  EXPECT_EQ(fake.processes.subcommands(),
            (std::vector<std::string>{"version", "login", "build", "build", "image", "push"}));
  EXPECT_EQ(fake.processes.calls()[1].stdin_data, "s3cret-pw\n");
  EXPECT_EQ(fake.processes.calls()[5].argv.back(), "registry.test/alice/bot:1.2.3");
  EXPECT_EQ(fake.writes(), (std::vector<std::string>{"PUT alice/bot:2023.2-a1239a5",
                                                     "PUT alice/bot:1.2", "PUT alice/bot:1",
                                                     "PUT alice/bot:latest"}));
  EXPECT_EQ(fake.files.outputs().at("digest"),
            fake.registries.at(k_host).get_manifest("alice/bot", "1.2.3").digest);
  EXPECT_EQ(fake.files.outputs().at("imageid"), "sha256:" + std::string(64, 'b'));
  EXPECT_TRUE(fake.files.live_private_dirs().empty()) << "the private directory outlived the run";
  EXPECT_EQ(fake.log_text().find("s3cret-pw"), std::string::npos);
  const std::string json = fake.files.outputs().at("json");
  EXPECT_NE(json.find("\"status\": \"done\""), std::string::npos) << json;
  EXPECT_EQ(json.find("\"status\": \"planned\""), std::string::npos) << json;
}

TEST(BuildCommandTest, DryRunShowsTheSamePlanAndWritesNothing) {
  Fake dry("push_tag_semver", {{"dry-run", "true"}});
  Fake real("push_tag_semver");
  const app::BuildRun shown_dry = dry.build();
  const app::BuildRun done_real = real.build();
  EXPECT_EQ(shown(shown_dry.plan), shown(done_real.plan));
  EXPECT_EQ(shown_dry.plan.steps.size(), 9u);
  EXPECT_EQ(dry.processes.subcommands(), std::vector<std::string>{"version"});
  EXPECT_TRUE(dry.writes().empty());
  EXPECT_EQ(dry.files.private_dirs_made(), 0);
  for (const app::StepOutcome& o : shown_dry.execution.outcomes) {
    EXPECT_EQ(o.status, app::StepStatus::k_planned);
  }
  // The log shows each step, the placeholders for what only a real run has.
  EXPECT_NE(dry.log_text().find("--config '$BERTH_PRIVATE_DIR/docker'"), std::string::npos)
      << dry.log_text();
  EXPECT_NE(dry.log_text().find("berth-bare:$BERTH_RUN_ID"), std::string::npos);
  EXPECT_NE(dry.log_text().find("PUT registry.test/v2/alice/bot/manifests/latest"),
            std::string::npos);
}

TEST(BuildCommandTest, StopBetweenWritesLeavesMovingTagsAlone) {
  Fake fake("push_tag_semver");
  // SIGTERM arrives while the first moving tag is being written.
  fake.registries.at(k_host).before_put([&fake](const std::string& tag) {
    if (tag == "1.2") {
      fake.stop_signal = 15;
    }
  });
  EXPECT_EQ(fake.stopped_status(), 143);
  EXPECT_EQ(fake.writes(),
            (std::vector<std::string>{"PUT alice/bot:2023.2-a1239a5", "PUT alice/bot:1.2"}));
  EXPECT_TRUE(fake.files.live_private_dirs().empty()) << "credentials left behind";
  EXPECT_TRUE(fake.files.outputs().empty());
  EXPECT_NE(fake.log_text().find("written: registry.test/alice/bot:1.2.3, "
                                 "registry.test/alice/bot:2023.2-a1239a5, "
                                 "registry.test/alice/bot:1.2; not written: "
                                 "registry.test/alice/bot:1, registry.test/alice/bot:latest"),
            std::string::npos)
      << fake.log_text();
}

TEST(BuildCommandTest, StopDuringTheBuildWritesNothing) {
  Fake fake("push_tag_semver");
  // SIGINT arrives during the build: the runner reports the child interrupted.
  fake.processes.answer("build", {0, {}, true});
  fake.processes.after_each([&fake](const testing::FakeProcessRunner::Call& call) {
    if (std::find(call.argv.begin(), call.argv.end(), "build") != call.argv.end()) {
      fake.stop_signal = 2;
    }
  });
  EXPECT_EQ(fake.stopped_status(), 130);
  EXPECT_TRUE(fake.writes().empty());
  EXPECT_EQ(fake.processes.subcommands(), (std::vector<std::string>{"version", "login", "build"}));
}

TEST(BuildCommandTest, StopWhileProbingEndsWithTheSignalsStatus) {
  Fake fake("push_tag_semver");
  fake.processes.answer("version", {0, {}, true});
  fake.stop_signal = 15;
  EXPECT_EQ(fake.stopped_status(), 143);
  EXPECT_EQ(fake.processes.subcommands(), std::vector<std::string>{"version"});
  EXPECT_EQ(fake.files.private_dirs_made(), 0);
}

TEST(BuildCommandTest, FailedWriteSaysWhatLandedAndWhatNot) {
  Fake fake("push_tag_semver");
  fake.registries.at(k_host).fail_put("1");
  try {
    fake.action();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("; not written: registry.test/alice/bot:1, "
                                         "registry.test/alice/bot:latest (a re-run finishes the job)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(fake.files.live_private_dirs().empty());
}

TEST(BuildCommandTest, LatestStaysOnAHigherRelease) {
  Fake fake("push_tag_semver");
  fake.registries.at(k_host).seed("alice/bot", "2.0.1");
  ASSERT_EQ(fake.action(), 0);
  EXPECT_EQ(fake.writes(), (std::vector<std::string>{"PUT alice/bot:2023.2-a1239a5",
                                                     "PUT alice/bot:1.2", "PUT alice/bot:1"}));
  EXPECT_EQ(fake.files.outputs().at("latest"), "false");
  EXPECT_EQ(fake.files.outputs().at("tags").find(":latest"), std::string::npos);
  EXPECT_NE(fake.log_text().find("::notice::keeping latest where it is"), std::string::npos)
      << fake.log_text();
}

TEST(BuildCommandTest, PullRequestBuildsWithoutLoginOrPush) {
  Fake fake("pull_request");
  ASSERT_EQ(fake.action(), 0);
  EXPECT_EQ(fake.processes.subcommands(),
            (std::vector<std::string>{"version", "build", "build", "image"}));
  EXPECT_TRUE(fake.registries.at(k_host).events().empty());
  EXPECT_EQ(fake.files.outputs().at("push"), "false");
}

TEST(BuildCommandTest, WithheldPasswordMeansNoLoginAndTheUsersConfig) {
  Fake fake("push_tag_semver");
  fake.registries.withhold_password(k_host);
  ASSERT_EQ(fake.action(), 0);
  const auto& calls = fake.processes.calls();
  ASSERT_EQ(fake.processes.subcommands(),
            (std::vector<std::string>{"version", "build", "build", "image", "push"}));
  EXPECT_EQ(core::join(calls[4].argv, " "), "docker push registry.test/alice/bot:1.2.3");
}

TEST(BuildCommandTest, BadInputsStopBeforeAnyProcessOrRequest) {
  Fake fake("push_tag_semver");
  fake.files = testing::FakeFiles();  // no context, no Dockerfile
  fake.registries.without_credentials(k_host);
  try {
    fake.action();
    FAIL() << "no error";
  } catch (const Errors& e) {
    ASSERT_EQ(e.all().size(), 2u);
    EXPECT_EQ(e.all()[0].input(), "context");
    EXPECT_EQ(e.all()[1].input(), "file");
  }
  EXPECT_TRUE(fake.processes.calls().empty());
  EXPECT_TRUE(fake.registries.at(k_host).events().empty());
  EXPECT_TRUE(fake.files.outputs().empty());
}

TEST(BuildCommandTest, MissingCredentialsStopBeforeTheBuild) {
  Fake fake("push_tag_semver");
  fake.registries.without_credentials(k_host);
  try {
    fake.action();
    FAIL() << "no error";
  } catch (const Errors& e) {
    EXPECT_EQ(e.all()[0].input(), "password");
  }
  EXPECT_EQ(fake.processes.subcommands(), std::vector<std::string>{"version"});
}

}  // namespace
}  // namespace berth

namespace berth {
namespace {

TEST(BuildCommandTest, AMissingSecretFileStopsBeforeAnyProcess) {
  Fake fake("push_tag_semver", {{"secret-files", "npmrc=/ctx/.npmrc"}});
  try {
    fake.action();
    FAIL() << "no error";
  } catch (const Errors& e) {
    ASSERT_EQ(e.all().size(), 1u);
    EXPECT_EQ(e.all()[0].input(), "secret-files");
  }
  EXPECT_TRUE(fake.processes.calls().empty());
  EXPECT_TRUE(fake.registries.at(k_host).events().empty());
}

}  // namespace
}  // namespace berth
