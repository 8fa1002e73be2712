// SPDX-License-Identifier: MIT
// The steps of a real BuildKit build (Docker Engine 26 in both image stores,
// buildx 0.13.1, testenv/engine26.sh) in berth's traces, json output and job
// summary: built twice, the second build's Dockerfile steps come from the
// build cache and say so. Needs `eval "$(testenv/engine26.sh up --store
// both)"` besides testenv/up.sh (BERTH_ITEST_ENGINE=26-classic
// tests/with-testenv.sh does both); without BERTH_ENGINE26_* it skips.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include <rapidjson/document.h>

#include "support/fixtures.hpp"
#include "support/otlp_receiver.hpp"
#include "support/runner_files.hpp"
#include "support/spawn.hpp"
#include "support/testenv.hpp"

namespace berth {
namespace {

using testing::Span;

class BuildKitStepsTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    const char* config = std::getenv("BERTH_ENGINE26_DOCKER_CONFIG");
    if (config == nullptr || *config == '\0') {
      GTEST_SKIP() << "Engine 26 is not up: eval \"$(testenv/engine26.sh up --store both)\"";
    }
    m_daemon = testing::need_env(GetParam());
    m_host = testing::need_env("BERTH_REG_PLAIN");
    m_repo = "buildkit/steps-" + std::to_string(std::random_device{}() % 1000000000);
    // Two Dockerfile steps; the run's own file keeps other runs' cache away.
    m_dir.write("Dockerfile",
                "FROM scratch\nCOPY hello /hello\nCOPY <<EOF /note\nsteps\nEOF\n");
    m_dir.write("hello", "hello from " + m_repo + "\n");
  }

  struct Run {
    testing::RunResult result;
    std::map<std::string, std::string> outputs;
    std::vector<Span> spans;
    std::string summary;
  };

  // Runs the action on a v1.2.3 tag push, with traces sent to a receiver.
  Run action() {
    testing::OtlpReceiver receiver;
    io::Env env = testing::load_event("push_tag_semver");
    env.set("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.set("HOME", m_dir.path());
    env.set("RUNNER_TEMP", m_dir.path());
    env.set("DOCKER_HOST", m_daemon);
    env.set("DOCKER_CONFIG", testing::need_env("BERTH_ENGINE26_DOCKER_CONFIG"));
    env.set("GITHUB_ACTIONS", "true");
    env.set("GITHUB_OUTPUT", m_dir.write("output", ""));
    env.set("GITHUB_STEP_SUMMARY", m_dir.write("summary", ""));
    env.set("INPUT_IMAGES", m_host + "/" + m_repo);
    env.set("INPUT_CONTEXT", m_dir.path());
    env.set("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
    Run run;
    run.result = testing::run({testing::berth_binary()}, env);
    run.outputs = testing::parse_runner_file(m_dir.read("output"));
    run.summary = m_dir.read("summary");
    const auto requests = receiver.requests();
    if (requests.size() == 1) {
      run.spans = testing::spans_of(*requests[0]);
    }
    return run;
  }

  std::string m_daemon, m_host, m_repo;
  testing::TempDir m_dir;
};

// Returns the spans whose parent is `parent`.
std::vector<Span> children(const std::vector<Span>& spans, const Span& parent) {
  std::vector<Span> out;
  for (const Span& s : spans) {
    if (s.parent == parent.id) {
      out.push_back(s);
    }
  }
  return out;
}

const Span* named(const std::vector<Span>& spans, const std::string& name) {
  for (const Span& s : spans) {
    if (s.name == name) {
      return &s;
    }
  }
  return nullptr;
}

TEST_P(BuildKitStepsTest, EachDockerfileStepIsASpanAndTheSecondBuildsAreCached) {
  for (const bool again : {false, true}) {
    SCOPED_TRACE(again ? "second build" : "first build");
    const Run run = action();
    ASSERT_EQ(run.result.status, 0) << run.result.out << run.result.err;
    ASSERT_FALSE(run.spans.empty()) << "no traces received";
    const Span* build = named(run.spans, "docker build");
    ASSERT_NE(build, nullptr);
    const std::vector<Span> steps = children(run.spans, *build);
    const Span* copy = named(steps, "[1/2] COPY hello /hello");
    const Span* heredoc = named(steps, "[2/2] COPY <<EOF /note");
    ASSERT_NE(copy, nullptr) << ::testing::PrintToString(steps.size()) << run.result.out;
    ASSERT_NE(heredoc, nullptr) << run.result.out;
    for (const Span* s : {copy, heredoc}) {
      EXPECT_EQ(s->attrs.at("berth.buildkit.dockerfile"), "true") << s->name;
      EXPECT_EQ(s->attrs.at("berth.buildkit.vertex"), s->name);
      EXPECT_EQ(s->attrs.at("berth.buildkit.cached"), again ? "true" : "false") << s->name;
      EXPECT_EQ(s->attrs.at("berth.status"), again ? "cached" : "done") << s->name;
      EXPECT_EQ(s->trace, build->trace);
      EXPECT_LE(build->start, s->start) << s->name;
      EXPECT_LE(s->start, s->end) << s->name;
      EXPECT_LE(s->end, build->end) << s->name;
    }
    // BuildKit's own work is there too: the export, not a Dockerfile step.
    const Span* exporting = named(steps, "exporting to image");
    ASSERT_NE(exporting, nullptr);
    EXPECT_EQ(exporting->attrs.at("berth.buildkit.dockerfile"), "false");

    // The json output lists the steps under the build; the summary draws them.
    rapidjson::Document json;
    json.Parse(run.outputs.at("json").c_str());
    ASSERT_FALSE(json.HasParseError());
    const rapidjson::Value* listed = nullptr;
    for (const auto& step : json["plan"].GetArray()) {
      if (std::string(step["step"].GetString()) == "build") {
        listed = &step["build_steps"];
      }
    }
    ASSERT_NE(listed, nullptr) << run.outputs.at("json");
    int cached = 0;
    for (const auto& s : listed->GetArray()) {
      if (s["dockerfile"].GetBool()) {
        cached += s["cached"].GetBool() ? 1 : 0;
      }
    }
    EXPECT_EQ(cached, again ? 2 : 0) << run.outputs.at("json");
    EXPECT_NE(run.summary.find("  section docker build steps"), std::string::npos) << run.summary;
    EXPECT_EQ(run.summary.find("  [1/2] COPY hello /hello (cached) :done, s") != std::string::npos,
              again)
        << run.summary;
    EXPECT_NE(run.summary.find("| \xE2\x86\xB3 [2/2] COPY &lt;&lt;EOF /note | " +
                               std::string(again ? "cached" : "done") + " |"),
              std::string::npos)
        << run.summary;
  }
}

INSTANTIATE_TEST_SUITE_P(Engine26, BuildKitStepsTest,
                         ::testing::Values(testing::k_engine26_classic,
                                           testing::k_engine26_containerd),
                         testing::engine26_store_name);

}  // namespace
}  // namespace berth
