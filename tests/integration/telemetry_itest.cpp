// SPDX-License-Identifier: MIT
// Traces through the real binary: berth sends OTLP/HTTP JSON to the test
// receiver (tests/otlp/receiver.js), which decodes it with the OpenTelemetry
// project's own OTLP definitions. Checked: the tree of spans, parent links,
// timestamps and attributes of a promotion, one trace id for the jobs of one
// run, an outer traceparent, and that a collector that refuses, stalls or is
// absent leaves the run green with a warning, within the bound.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <random>

#include "core/media_types.hpp"
#include "io/digest.hpp"
#include "io/otlp.hpp"
#include "io/registry.hpp"
#include "support/otlp_receiver.hpp"
#include "support/runner_files.hpp"
#include "support/seed.hpp"
#include "support/testenv.hpp"

namespace berth {
namespace {

using Clock = std::chrono::steady_clock;

using testing::Span;
using testing::spans_of;
using testing::text;

class TelemetryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_host = testing::need_env("BERTH_REG_PLAIN");
    m_repo = "trace/app-" + std::to_string(std::random_device{}() % 1000000000);
    io::HttpOptions options;
    m_http = io::make_curl_client(options);
    m_registry = std::make_unique<io::RegistryClient>(*m_http, io::RegistryOptions{m_host, {}});
    m_seeded = testing::seed_image(*m_registry, m_repo, "2024.1-c0ffee1",
                                   std::string(core::k_oci_manifest), m_repo);
  }

  // A promotion job of workflow run `run_id`, attempt `attempt`, as the runner starts it.
  io::Env job_env(const std::string& job, const std::string& run_id = "7001",
                  const std::string& attempt = "1") {
    io::Env env;
    env.set("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.set("GITHUB_ACTIONS", "true");
    env.set("GITHUB_WORKFLOW", "release");
    env.set("GITHUB_REPOSITORY", "octo/berth-trace");
    env.set("GITHUB_SERVER_URL", "https://github.com");
    env.set("GITHUB_RUN_ID", run_id);
    env.set("GITHUB_RUN_ATTEMPT", attempt);
    env.set("GITHUB_JOB", job);
    env.set("GITHUB_OUTPUT", m_dir.write("output-" + job, ""));
    env.set("GITHUB_STEP_SUMMARY", m_dir.write("summary-" + job, ""));
    env.set("INPUT_IMAGES", m_host + "/" + m_repo);
    env.set("INPUT_PROMOTE", "2024.1-c0ffee1");
    env.set("INPUT_PROMOTE-TO", "1.4.2\nstable");
    env.set("BERTH_INSECURE_REGISTRIES", m_host);
    return env;
  }

  testing::RunResult run(const io::Env& env, long long* took_ms = nullptr) {
    const auto start = Clock::now();
    testing::RunResult r = testing::run({testing::berth_binary()}, env);
    if (took_ms != nullptr) {
      *took_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start)
                     .count();
    }
    return r;
  }

  testing::TempDir m_dir;
  std::string m_host, m_repo;
  io::Manifest m_seeded;
  std::unique_ptr<io::HttpClient> m_http;
  std::unique_ptr<io::RegistryClient> m_registry;
};

TEST_F(TelemetryTest, APromotionSendsOneSpanPerStepUnderItsRootSpan) {
  testing::OtlpReceiver receiver;
  io::Env env = job_env("promote");
  env.set("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
  env.set("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20tok-s3cret-77,x-tenant=tenant-42");
  const testing::RunResult r = run(env);
  ASSERT_EQ(r.status, 0) << r.out << r.err;

  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  const rapidjson::Document& request = *requests[0];
  EXPECT_EQ(text(request, "path"), "/v1/traces");
  EXPECT_EQ(text(request["headers"], "authorization"), "Bearer tok-s3cret-77");  // decoded
  EXPECT_EQ(text(request["headers"], "x-tenant"), "tenant-42");
  std::printf("one promotion's trace (4 spans): %d bytes of OTLP/JSON\n",
              request["bytes"].GetInt());
  std::map<std::string, std::string> resource;
  const std::vector<Span> spans = spans_of(request, &resource);
  EXPECT_EQ(resource["service.name"], "berth");
  EXPECT_EQ(resource["cicd.pipeline.name"], "release");
  EXPECT_EQ(resource["cicd.pipeline.run.id"], "7001");

  // The tree: one root, "checks" and one span per PUT under it.
  ASSERT_EQ(spans.size(), 4u);
  const Span& root = spans[0];
  EXPECT_EQ(root.name, "berth promote");
  EXPECT_EQ(root.parent, "");
  EXPECT_EQ(root.status, 1);
  const std::string seed = "berth-trace\nocto/berth-trace\n7001\n1";
  EXPECT_EQ(root.trace, io::sha256_digest(seed).substr(7, 32));
  EXPECT_EQ(root.attrs.at("cicd.pipeline.task.name"), "promote");
  EXPECT_EQ(root.attrs.at("berth.images"), m_host + "/" + m_repo);
  EXPECT_EQ(root.attrs.at("berth.tags"), "1.4.2,stable");
  EXPECT_EQ(root.attrs.at("berth.digest"), m_seeded.digest);
  EXPECT_EQ(root.attrs.at("berth.http.bytes_sent"), std::to_string(2 * m_seeded.bytes.size()));
  std::vector<std::string> names;
  std::uint64_t previous_end = root.start;
  for (std::size_t i = 1; i < spans.size(); ++i) {
    const Span& s = spans[i];
    names.push_back(s.name);
    EXPECT_EQ(s.trace, root.trace) << s.name;
    EXPECT_EQ(s.parent, root.id) << s.name;
    EXPECT_NE(s.id, root.id);
    EXPECT_EQ(s.id.size(), 16u);
    // Inside the root span, one after the other, none of negative length.
    EXPECT_LE(root.start, s.start) << s.name;
    EXPECT_LE(s.start, s.end) << s.name;
    EXPECT_LE(s.end, root.end) << s.name;
    EXPECT_LE(previous_end, s.start + 1'000'000) << s.name;  // ms rounding
    previous_end = s.end;
  }
  const std::string image = m_host + "/" + m_repo;
  EXPECT_EQ(names, (std::vector<std::string>{"checks", "tag " + image + ":1.4.2",
                                             "tag " + image + ":stable"}));
  // A root span of a real run lasts as long as the run, within reason.
  EXPECT_GT(root.end, root.start);
  EXPECT_LT(root.end - root.start, 60'000'000'000ull);
  const Span& put = spans[2];
  EXPECT_EQ(put.attrs.at("cicd.pipeline.task.name"), "tag " + image + ":1.4.2");
  EXPECT_EQ(put.attrs.at("cicd.pipeline.task.type"), "deploy");
  EXPECT_EQ(put.attrs.at("berth.step"), "tag");
  EXPECT_EQ(put.attrs.at("berth.image"), image);
  EXPECT_EQ(put.attrs.at("berth.tag"), "1.4.2");
  EXPECT_EQ(put.attrs.at("berth.source"), image + ":2024.1-c0ffee1");
  EXPECT_EQ(put.attrs.at("berth.digest"), m_seeded.digest);
  EXPECT_EQ(put.attrs.at("berth.manifest.bytes"), std::to_string(m_seeded.bytes.size()));
  EXPECT_EQ(spans[3].attrs.at("berth.moving"), "true");
  EXPECT_EQ(put.attrs.at("berth.moving"), "false");

  // berth's own traceparent is a step output; the token is masked first
  // and shows nowhere else.
  const auto out = testing::parse_runner_file(m_dir.read("output-promote"));
  EXPECT_EQ(out.at("traceparent"), "00-" + root.trace + "-" + root.id + "-01");
  EXPECT_EQ(r.out.find("::add-mask::Bearer tok-s3cret-77\n::add-mask::tok-s3cret-77\n"
                       "::add-mask::tenant-42\n"),
            0u)
      << r.out;
  const std::string after = r.out.substr(r.out.find("tenant-42\n") + 10);
  EXPECT_EQ(after.find("tok-s3cret-77"), std::string::npos) << r.out;
  const std::string summary = m_dir.read("summary-promote");
  EXPECT_NE(summary.find("```mermaid\ngantt"), std::string::npos) << summary;
  EXPECT_NE(summary.find("tag " + m_host), std::string::npos) << summary;
}

TEST_F(TelemetryTest, TwoJobsOfOneRunLandInOneTraceAndAReRunInAnother) {
  testing::OtlpReceiver receiver;
  for (const auto& [job, attempt] : std::vector<std::pair<std::string, std::string>>{
           {"promote-a", "1"}, {"promote-b", "1"}, {"promote-c", "2"}}) {
    io::Env env = job_env(job, "8123", attempt);
    env.set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.endpoint() + "/custom/traces");
    const testing::RunResult r = run(env);
    ASSERT_EQ(r.status, 0) << r.out;
  }
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 3u);
  std::vector<Span> roots;
  for (const auto& request : requests) {
    EXPECT_EQ(text(*request, "path"), "/custom/traces");  // used as it is
    const std::vector<Span> spans = spans_of(*request);
    ASSERT_FALSE(spans.empty());
    roots.push_back(spans[0]);
  }
  EXPECT_EQ(roots[0].trace, roots[1].trace);
  EXPECT_NE(roots[0].id, roots[1].id);
  EXPECT_NE(roots[0].trace, roots[2].trace);  // attempt 2
  EXPECT_EQ(roots[0].attrs.at("cicd.pipeline.task.name"), "promote-a");
  EXPECT_EQ(roots[1].attrs.at("cicd.pipeline.task.name"), "promote-b");
}

TEST_F(TelemetryTest, AnOuterTraceparentMakesBerthsSpansItsChildren) {
  testing::OtlpReceiver receiver;
  io::Env env = job_env("promote");
  env.set("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
  env.set("TRACEPARENT", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  ASSERT_EQ(run(env).status, 0);
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::vector<Span> spans = spans_of(*requests[0]);
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[0].trace, "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(spans[0].parent, "00f067aa0ba902b7");
  for (const Span& s : spans) {
    EXPECT_EQ(s.trace, "4bf92f3577b34da6a3ce929d0e0e4736") << s.name;
  }
}

TEST_F(TelemetryTest, NothingIsSentWhenTheVariablesAreUnset) {
  testing::OtlpReceiver receiver;
  const testing::RunResult r = run(job_env("promote"));
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(receiver.requests().empty());
  EXPECT_EQ(r.out.find("::warning::"), std::string::npos) << r.out;
  EXPECT_EQ(testing::parse_runner_file(m_dir.read("output-promote")).at("traceparent"), "");
}

TEST_F(TelemetryTest, ACollectorThatRefusesStallsOrIsAbsentLeavesTheRunGreen) {
  // What the same promotion costs with no export at all.
  long long baseline = 0;
  ASSERT_EQ(run(job_env("baseline"), &baseline).status, 0);
  for (const std::string mode : {"refuse", "stall", "absent"}) {
    SCOPED_TRACE(mode);
    std::unique_ptr<testing::OtlpReceiver> receiver;
    std::string endpoint = testing::absent_endpoint();
    if (mode != "absent") {
      receiver = std::make_unique<testing::OtlpReceiver>(mode);
      endpoint = receiver->endpoint();
    }
    io::Env env = job_env("job-" + mode);
    env.set("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
    long long took = 0;
    const testing::RunResult r = run(env, &took);
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("::warning::traces were not sent (the run is not affected)"),
              std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find("::error"), std::string::npos) << r.out;
    // The export waits at most its bound (plus the run's own jitter).
    EXPECT_LT(took, baseline + io::k_otlp_max_wait_ms + 1'500) << "baseline " << baseline;
    std::printf("collector %s: run took %lld ms (no export: %lld ms)\n", mode.c_str(), took,
                baseline);
    if (receiver) {
      EXPECT_EQ(receiver->requests().size(), 1u);  // tried once, not retried
    }
  }
}

}  // namespace
}  // namespace berth
