// SPDX-License-Identifier: MIT
#include "app/services.hpp"

#include <gtest/gtest.h>

namespace berth::app {
namespace {

TEST(ChildEnvTest, KeepsTheRunnersVariablesAndDropsInputsAndTraceSettings) {
  const io::Env env({{"GITHUB_SHA", "a1239a5"},
                     {"INPUT_PASSWORD", "hunter2"},
                     {"INPUT_DRY-RUN", "true"},
                     {"OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"},
                     {"OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=secret"},
                     {"PATH", "/usr/bin"},
                     {"TRACEPARENT_NOT_OTEL", "kept"}});
  EXPECT_EQ(child_env(env), (std::vector<std::string>{"GITHUB_SHA=a1239a5", "PATH=/usr/bin",
                                                      "TRACEPARENT_NOT_OTEL=kept"}));
}

}  // namespace
}  // namespace berth::app

namespace berth::app {
namespace {

TEST(RunnerHostPathTest, APathUnderAContainersRunnerTempIsTheRunnersTemp) {
  io::Env env;
  env.set("RUNNER_TEMP", "/github/runner_temp");
  env.set("RUNNER_WORKSPACE", "/home/runner/work/app");
  EXPECT_EQ(runner_host_path(env, "/github/runner_temp/berth-junit-2026.4-abc1234"),
            "/home/runner/work/_temp/berth-junit-2026.4-abc1234");
  EXPECT_EQ(runner_host_path(env, "/github/runner_temp"), "/home/runner/work/_temp");
  EXPECT_EQ(runner_host_path(env, "/github/runner_tempx/a"), "/github/runner_tempx/a");
  EXPECT_EQ(runner_host_path(env, "/tmp/a"), "/tmp/a");
}

TEST(RunnerHostPathTest, OutsideAContainerActionPathsStayAsTheyAre) {
  io::Env env;
  env.set("RUNNER_TEMP", "/home/runner/work/_temp");  // a step on the runner itself
  env.set("RUNNER_WORKSPACE", "/home/runner/work/app");
  EXPECT_EQ(runner_host_path(env, "/home/runner/work/_temp/x"), "/home/runner/work/_temp/x");
  io::Env unknown;
  unknown.set("RUNNER_TEMP", "/github/runner_temp");  // no RUNNER_WORKSPACE: no way to tell
  EXPECT_EQ(runner_host_path(unknown, "/github/runner_temp/x"), "/github/runner_temp/x");
}

}  // namespace
}  // namespace berth::app
