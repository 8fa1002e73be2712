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
