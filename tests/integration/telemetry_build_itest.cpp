// SPDX-License-Identifier: MIT
// Traces and timings of a real build and push (testenv's Docker daemon and
// TLS registry), through the binary, decoded by the OTLP test receiver; and
// the terminal view of a run outside Actions.
#include <gtest/gtest.h>

#include <random>

#include "core/media_types.hpp"
#include "io/registry.hpp"
#include "support/fixtures.hpp"
#include "support/otlp_receiver.hpp"
#include "support/runner_files.hpp"
#include "support/seed.hpp"
#include "support/spawn.hpp"
#include "support/step_env.hpp"
#include "support/testenv.hpp"

namespace berth {
namespace {

using testing::Span;

TEST(TelemetryBuildTest, ABuildAndPushSendsASpanPerStepInOrder) {
  testing::TempDir dir;
  const std::string repo = "trace/build-" + std::to_string(std::random_device{}() % 1000000000);
  const std::string image = testing::need_env("BERTH_REG_TLS") + "/" + repo;
  dir.write("Dockerfile", "FROM scratch\nCOPY hello /hello\n");
  dir.write("hello", "hello from " + repo + "\n");
  testing::OtlpReceiver receiver;
  io::Env env = testing::push_step_env("push_tag_semver", image, dir.path(), dir, dir.path(),
                                       testing::test_password());
  env.set("GITHUB_ACTIONS", "true");
  env.set("GITHUB_RUN_ID", "9100");
  env.set("GITHUB_JOB", "build");
  env.set("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
  const testing::RunResult r = testing::run({testing::berth_binary()}, env);
  ASSERT_EQ(r.status, 0) << r.out;
  const auto out = testing::parse_runner_file(dir.read("output"));

  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::vector<Span> spans = testing::spans_of(*requests[0]);
  ASSERT_GE(spans.size(), 2u);
  const Span& root = spans[0];
  EXPECT_EQ(root.name, "berth build");
  EXPECT_EQ(root.parent, "");
  EXPECT_EQ(root.attrs.at("berth.digest"), out.at("digest"));
  EXPECT_EQ(root.attrs.at("berth.images"), image);
  std::vector<std::string> names;
  for (std::size_t i = 1; i < spans.size(); ++i) {
    const Span& s = spans[i];
    names.push_back(s.name);
    EXPECT_EQ(s.parent, root.id) << s.name;
    EXPECT_EQ(s.trace, root.trace) << s.name;
    EXPECT_LE(root.start, s.start) << s.name;
    EXPECT_LE(s.start, s.end) << s.name;
    EXPECT_LE(s.end, root.end) << s.name;
    if (i > 1) {
      EXPECT_LE(spans[i - 1].end, s.start + 1'000'000) << s.name;  // in order
    }
  }
  // Checks, the classic builder's steps, one push, then the PUTs of the other tags.
  // (push_tag_semver: 1.2.3 pushed; 1.2, 1 and latest PUT.)
  ASSERT_EQ(names.size(), 9u) << ::testing::PrintToString(names);
  EXPECT_EQ(std::vector<std::string>(names.begin(), names.begin() + 5),
            (std::vector<std::string>{"checks",
                                      "docker login " + testing::need_env("BERTH_REG_TLS"),
                                      "docker build", "docker build: labels and tags",
                                      names[4]}));
  EXPECT_EQ(names[4].rfind("docker image rm berth-bare:", 0), 0u) << names[4];
  EXPECT_EQ(names[5], "docker push " + image + ":1.2.3");
  EXPECT_EQ(names[6], "tag " + image + ":1.2");
  EXPECT_EQ(names[8], "tag " + image + ":latest");
  const Span& push = spans[6];
  EXPECT_EQ(push.attrs.at("cicd.pipeline.task.type"), "deploy");
  EXPECT_EQ(push.attrs.at("berth.digest"), out.at("digest"));
  EXPECT_EQ(push.attrs.at("berth.tag"), "1.2.3");
  EXPECT_EQ(spans[3].attrs.at("cicd.pipeline.task.type"), "build");
  EXPECT_EQ(out.at("traceparent"), "00-" + root.trace + "-" + root.id + "-01");
  const std::string summary = dir.read("summary");
  EXPECT_NE(summary.find("#### Timings"), std::string::npos) << summary;
  EXPECT_NE(summary.find(" :s3, "), std::string::npos) << summary;  // the build's bar
  const std::string json = out.at("json");
  EXPECT_NE(json.find("\"total_ms\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"start_ms\""), std::string::npos) << json;
}

TEST(TelemetryBuildTest, OutsideActionsThePromotionPrintsItsTimings) {
  const std::string host = testing::need_env("BERTH_REG_PLAIN");
  const std::string repo = "trace/local-" + std::to_string(std::random_device{}() % 1000000000);
  auto http = io::make_curl_client({});
  io::RegistryClient registry(*http, io::RegistryOptions{host, {}});
  testing::seed_image(registry, repo, "2024.1-c0ffee1", std::string(core::k_oci_manifest), repo);
  io::Env env;
  env.set("PATH", "/usr/local/bin:/usr/bin:/bin");
  env.set("BERTH_INSECURE_REGISTRIES", host);
  const testing::RunResult r = testing::run(
      {testing::berth_binary(), "promote", "--image", host + "/" + repo, "--from",
       "2024.1-c0ffee1", "--to", "stable"},
      env);
  ASSERT_EQ(r.status, 0) << r.err;
  // stdout is the report; the log (stderr) ends with the timings.
  EXPECT_NE(r.out.find("\"timings\""), std::string::npos) << r.out;
  const std::size_t at = r.err.find("timings (");
  ASSERT_NE(at, std::string::npos) << r.err;
  const std::string view = r.err.substr(at);
  EXPECT_NE(view.find("\nchecks "), std::string::npos) << view;
  EXPECT_NE(view.find("\ntag " + host + "/" + repo + ":stable  "), std::string::npos) << view;
  EXPECT_NE(view.find(" ms\n"), std::string::npos) << view;
  std::printf("%s", view.c_str());
}

}  // namespace
}  // namespace berth
