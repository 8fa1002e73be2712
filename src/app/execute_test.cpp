// SPDX-License-Identifier: MIT
// The executor's secret variables: a build step's secrets reach its docker
// process through that process's environment only, never argv or the log.
#include "app/execute.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/build_options.hpp"
#include "core/error.hpp"
#include "core/inputs.hpp"
#include "core/text.hpp"
#include "support/fake_services.hpp"

namespace berth::app {
namespace {

const char* const k_secret = "hunter2-top\nsecond-line-value";

struct SecretRun : testing::FakeServices {
  SecretRun()
      : testing::FakeServices(io::Env({{"PATH", "/usr/bin"},
                                       {"INPUT_SECRETS", "tok=hunter2-top"},
                                       {"BERTH_SECRET_0", "from-the-environment"}})) {}

  // A plan of one build step whose flags and variables come from `in`.
  core::Plan plan_of(const core::Inputs& in) {
    core::Plan plan;
    core::Step step;
    step.kind = core::StepKind::k_build;
    step.argv = {"docker", "buildx", "build"};
    for (const std::string& flag : core::buildkit_flags(in.build)) {
      step.argv.push_back(flag);
    }
    step.argv.emplace_back(".");
    step.secret_env = core::secret_vars(in.build);
    plan.steps.push_back(step);
    return plan;
  }

  // The values the way build.cpp hands them over.
  static std::map<std::string, std::string> secrets_of(const core::Inputs& in) {
    std::map<std::string, std::string> out = {{"password", "pw"}};
    for (const auto& [id, value] : in.build.secret_values) {
      out[secret_key("secrets", id)] = value;
    }
    return out;
  }
};

core::Inputs inputs_with_secrets() {
  return core::parse_inputs(
      {{"secrets", std::string("tok=hunter2-top\n\"multi=") + k_secret + "\"\n"}});
}

TEST(ExecuteSecretsTest, BuildProcessGetsEachVariableAndNothingElseDoes) {
  SecretRun run;
  // docker echoes what it got: the masker must hide it.
  run.processes.answer("buildx build", {0, {"using hunter2-top", "second-line-value ok"}, false});
  const core::Inputs in = inputs_with_secrets();
  const core::Plan plan = run.plan_of(in);
  app::Services s = run.services();
  Executor executor(plan, s, SecretRun::secrets_of(in));
  executor.run();

  ASSERT_EQ(run.processes.calls().size(), 1u);
  const auto& call = run.processes.calls()[0];
  const auto has = [&](const std::string& entry) {
    return std::count(call.env.begin(), call.env.end(), entry);
  };
  EXPECT_EQ(has("BERTH_SECRET_0=hunter2-top"), 1);
  EXPECT_EQ(has(std::string("BERTH_SECRET_1=") + k_secret), 1);
  EXPECT_EQ(has("BERTH_SECRET_0=from-the-environment"), 0) << "the step's value wins";
  EXPECT_EQ(has("PATH=/usr/bin"), 1);
  for (const std::string& e : call.env) {
    EXPECT_FALSE(core::starts_with(e, "INPUT_")) << e;
  }
  const std::string argv = core::join(call.argv, " ");
  EXPECT_NE(argv.find("--secret id=tok,env=BERTH_SECRET_0"), std::string::npos) << argv;
  for (const char* piece : {"hunter2", "second-line"}) {
    EXPECT_EQ(argv.find(piece), std::string::npos) << argv;
    EXPECT_EQ(run.log_text().find(piece), std::string::npos) << run.log_text();
  }
  EXPECT_NE(run.log_text().find("using ***"), std::string::npos) << run.log_text();
}

TEST(ExecuteSecretsTest, OtherStepsGetNoSecretVariable) {
  SecretRun run;
  core::Plan plan;
  core::Step push;
  push.kind = core::StepKind::k_label;
  push.argv = {"docker", "build", "-"};
  plan.steps.push_back(push);
  app::Services s = run.services();
  Executor executor(plan, s, SecretRun::secrets_of(inputs_with_secrets()));
  executor.run();
  ASSERT_EQ(run.processes.calls().size(), 1u);
  for (const std::string& e : run.processes.calls()[0].env) {
    EXPECT_EQ(e.find("hunter2"), std::string::npos) << e;
  }
}

TEST(ExecuteSecretsTest, AMissingValueFailsBeforeDockerRuns) {
  SecretRun run;
  const core::Plan plan = run.plan_of(inputs_with_secrets());
  app::Services s = run.services();
  Executor executor(plan, s, {{"password", "pw"}});
  try {
    executor.run();
    FAIL() << "ran without the secret's value";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no value for secret \"tok\" of secrets"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(run.processes.calls().empty());
  EXPECT_EQ(executor.execution().outcomes[0].status, StepStatus::k_failed);
}

}  // namespace
}  // namespace berth::app
