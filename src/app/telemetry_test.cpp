// SPDX-License-Identifier: MIT
// Timings and traces over fakes: the executor's clock readings, the json
// output's timings, the summary's chart, the spans of a run, where a run
// sits in a trace, and what finishing a run prints and sends.
#include "app/telemetry.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "app/report.hpp"
#include "app/timings.hpp"
#include "core/error.hpp"
#include "io/digest.hpp"
#include "support/fake_http.hpp"
#include "support/fake_services.hpp"

namespace berth::app {
namespace {

constexpr std::int64_t k_ms = 1'000'000;

// A promotion-like plan (two PUTs of one manifest) over fakes; the clock
// starts at C and moves 250 ms at every reading; the run began 1 s before C.
struct TagRun : testing::FakeServices {
  TagRun() : testing::FakeServices(io::Env()) {
    source = core::Reference::with_tag(image(), "2024.1-c0ffee1");
    manifest = registries.at("r.test").seed("o/app", "2024.1-c0ffee1");
    for (const std::string tag : {"1.4.2", "stable"}) {
      core::Step step;
      step.kind = core::StepKind::k_tag;
      step.source = source;
      step.target = core::Reference::with_tag(image(), tag);
      step.moving = tag == "stable";
      plan.steps.push_back(step);
    }
    record = &run_record;
  }

  static core::ImageName image() {
    core::ImageName name;
    name.written = "r.test/o/app";
    name.registry = "r.test";
    name.repository = "o/app";
    return name;
  }

  Execution execute() {
    Services s = services();
    s.started_ns = start - 1000 * k_ms;
    Executor executor(plan, s, {});
    executor.know_manifest(source, manifest);
    return executor.run();
  }

  const std::int64_t start = clock_ns;
  core::Plan plan;
  core::Reference source;
  io::Manifest manifest;
  RunRecord run_record;
};

TEST(TimingsTest, TheExecutorTimesEachStepWithTheServicesClock) {
  TagRun run;
  const Execution e = run.execute();
  ASSERT_EQ(e.outcomes.size(), 2u);
  EXPECT_EQ(e.started_ns, run.start - 1000 * k_ms);
  EXPECT_EQ(e.outcomes[0].start_ns, run.start);
  EXPECT_EQ(e.outcomes[0].ms, 250);
  EXPECT_EQ(e.outcomes[1].start_ns, run.start + 500 * k_ms);
  EXPECT_EQ(e.outcomes[1].ms, 250);
  EXPECT_EQ(e.ended_ns, run.start + 750 * k_ms);
  EXPECT_EQ(e.outcomes[0].manifest_bytes, static_cast<std::int64_t>(run.manifest.bytes.size()));
  ASSERT_EQ(run.run_record.runs.size(), 1u);  // left for the traces
  EXPECT_EQ(total_ms(e), 1750);

  const auto rows = timing_rows(run.plan, e);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].label, "checks");
  EXPECT_EQ(rows[0].ms, 1000);
  EXPECT_EQ(rows[1].label, "tag r.test/o/app:1.4.2");
  EXPECT_EQ(rows[1].start_ms, 1000);
  EXPECT_EQ(rows[2].start_ms, 1500);
  EXPECT_EQ(rows[2].status, "done");
}

TEST(TimingsTest, TheJsonOutputAndTheSummaryCarryTheTimings) {
  TagRun run;
  PromotionReport report;
  report.plan = run.plan;
  report.execution = run.execute();
  rapidjson::Document d;
  const std::string json = promotion_json(report);
  d.Parse(json.c_str());
  ASSERT_FALSE(d.HasParseError()) << json;
  EXPECT_EQ(d["timings"]["started_unix_ms"].GetInt64(), (run.start - 1000 * k_ms) / k_ms);
  EXPECT_EQ(d["timings"]["checks_ms"].GetInt64(), 1000);
  EXPECT_EQ(d["timings"]["total_ms"].GetInt64(), 1750);
  EXPECT_EQ(d["plan"][1]["start_ms"].GetInt64(), 1500);
  EXPECT_EQ(d["plan"][1]["ms"].GetInt64(), 250);

  const std::string md = timing_summary(report.plan, report.execution);
  EXPECT_NE(md.find("#### Timings (1.8 s)\n\n```mermaid\ngantt\n"), std::string::npos) << md;
  EXPECT_NE(md.find("  checks (1.0 s) :s1, 0, 1000\n"), std::string::npos) << md;
  EXPECT_NE(md.find("(250 ms) :s3, 1500, 1750\n"), std::string::npos) << md;
  EXPECT_NE(md.find("<details><summary>timings as a table</summary>"), std::string::npos);
}

TEST(TimingsTest, ADryRunHasNoTimings) {
  TagRun run;
  Execution planned;
  planned.outcomes.assign(run.plan.steps.size(), StepOutcome{});
  EXPECT_TRUE(timing_rows(run.plan, planned).empty());
  EXPECT_EQ(timing_summary(run.plan, planned), "");
  PromotionReport report;
  report.plan = run.plan;
  report.execution = planned;
  EXPECT_EQ(promotion_json(report).find("timings"), std::string::npos);
}

io::Env actions_env() {
  io::Env env;
  env.set("GITHUB_ACTIONS", "true");
  env.set("GITHUB_REPOSITORY", "octo/app");
  env.set("GITHUB_RUN_ID", "99");
  env.set("GITHUB_RUN_ATTEMPT", "2");
  env.set("GITHUB_WORKFLOW", "release");
  env.set("GITHUB_JOB", "promote");
  return env;
}

std::function<std::string()> counter_hex() {
  auto n = std::make_shared<int>(0);
  return [n] {
    const std::string digits = std::to_string(++*n);
    return digits + std::string(32 - digits.size(), 'a');
  };
}

TEST(TraceStartTest, PlacesTheRunInItsWorkflowRunsTrace) {
  const TraceStart t = start_trace(actions_env(), counter_hex());
  EXPECT_EQ(t.own.trace_id, io::sha256_digest("berth-trace\nocto/app\n99\n2").substr(7, 32));
  EXPECT_EQ(t.own.span_id, "1aaaaaaaaaaaaaaa");
  EXPECT_EQ(t.parent_span_id, "");

  io::Env outer = actions_env();
  outer.set("TRACEPARENT", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  const TraceStart child = start_trace(outer, counter_hex());
  EXPECT_EQ(child.own.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(child.parent_span_id, "00f067aa0ba902b7");

  outer.set("TRACEPARENT", "00-not-a-trace-01");  // ignored: the run's own trace
  EXPECT_EQ(start_trace(outer, counter_hex()).own.trace_id, t.own.trace_id);

  const TraceStart local = start_trace(io::Env(), counter_hex());  // outside Actions
  EXPECT_EQ(local.own.trace_id, "2" + std::string(31, 'a'));
}

TEST(RunSpansTest, OneRootOverChecksAndEveryStepThatStarted) {
  TagRun run;
  run.registries.at("r.test").fail_put("stable");
  EXPECT_THROW(run.execute(), Error);
  const auto ids = counter_hex();
  const TraceStart trace = start_trace(actions_env(), ids);
  const RunEnd end{run.start - 1000 * k_ms, run.start + 2000 * k_ms, "PUT failed", {}};
  const auto spans = run_spans(actions_env(), run.run_record, trace, end, ids);
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[0].name, "berth promote");
  EXPECT_TRUE(spans[0].failed);
  EXPECT_EQ(spans[0].status_message, "PUT failed");
  EXPECT_EQ(spans[0].start_ns, end.started_ns);
  EXPECT_EQ(spans[0].end_ns, end.ended_ns);
  EXPECT_EQ(spans[1].name, "checks");
  EXPECT_EQ(spans[1].start_ns, end.started_ns);
  EXPECT_EQ(spans[1].end_ns, run.start);
  EXPECT_EQ(spans[2].name, "tag r.test/o/app:1.4.2");
  EXPECT_FALSE(spans[2].failed);
  EXPECT_EQ(spans[3].name, "tag r.test/o/app:stable");
  EXPECT_TRUE(spans[3].failed);
  for (std::size_t i = 1; i < spans.size(); ++i) {
    EXPECT_EQ(spans[i].parent_span_id, spans[0].span_id);
    EXPECT_EQ(spans[i].trace_id, spans[0].trace_id);
    EXPECT_NE(spans[i].span_id, spans[0].span_id);
  }
  const auto attr = [](const core::Span& s, const std::string& key) {
    for (const core::Attribute& a : s.attributes) {
      if (a.key == key) {
        return a.kind == core::Attribute::Kind::k_int ? std::to_string(a.number) : a.text;
      }
    }
    return std::string("(none)");
  };
  EXPECT_EQ(attr(spans[0], "cicd.pipeline.name"), "release");
  EXPECT_EQ(attr(spans[0], "cicd.pipeline.run.id"), "99");
  EXPECT_EQ(attr(spans[0], "cicd.pipeline.task.name"), "promote");
  EXPECT_EQ(attr(spans[2], "berth.digest"), run.manifest.digest);
  EXPECT_EQ(attr(spans[2], "berth.manifest.bytes"), std::to_string(run.manifest.bytes.size()));
  EXPECT_EQ(attr(spans[3], "berth.status"), "failed");
}

TEST(FinishRunTest, PrintsTimingsOutsideActionsOnly) {
  for (const bool in_actions : {false, true}) {
    TagRun run;
    run.execute();
    io::Env env = in_actions ? actions_env() : io::Env();
    const Telemetry t = start_telemetry(env, run.console, counter_hex());
    finish_run(env, run.console, t, run.run_record, {run.start, run.start, {}, {}});
    const std::string log = run.log_text();
    EXPECT_EQ(log.find("timings (1.8 s):") != std::string::npos, !in_actions) << log;
    EXPECT_EQ(log.find("tag r.test/o/app:stable  ") != std::string::npos, !in_actions) << log;
  }
}

TEST(FinishRunTest, SendsOnceMasksHeadersAndOnlyWarnsOnFailure) {
  TagRun run;
  run.execute();
  io::Env env = actions_env();
  env.set("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector.test:4318");
  env.set("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20t0ken-9");
  run.log.clear();
  const Telemetry t = start_telemetry(env, run.console, counter_hex());
  ASSERT_GE(run.log.size(), 2u);
  EXPECT_EQ(run.log[0], "::add-mask::Bearer t0ken-9");
  EXPECT_EQ(run.log[1], "::add-mask::t0ken-9");
  EXPECT_EQ(t.traceparent(), "00-" + t.trace.own.trace_id + "-" + t.trace.own.span_id + "-01");
  testing::FakeHttpClient http;
  http.then(io::HttpResponse{503, {}, "busy"});
  finish_run(env, run.console, t, run.run_record, {run.start, run.start, {}, {}}, &http);
  ASSERT_EQ(http.requests().size(), 1u);
  EXPECT_EQ(http.requests()[0].url, "http://collector.test:4318/v1/traces");
  rapidjson::Document d;
  d.Parse(http.requests()[0].body.c_str());
  ASSERT_FALSE(d.HasParseError());
  EXPECT_EQ(d["resourceSpans"][0]["scopeSpans"][0]["spans"].Size(), 4u);
  EXPECT_EQ(run.log.back(),
            "::warning::traces were not sent (the run is not affected): the collector at "
            "http://collector.test:4318/v1/traces answered 503");
}

TEST(FinishRunTest, SendsNothingWhenTheVariablesAreUnset) {
  TagRun run;
  run.execute();
  const Telemetry t = start_telemetry(actions_env(), run.console, counter_hex());
  EXPECT_EQ(t.traceparent(), "");
  testing::FakeHttpClient http;  // any request would throw
  finish_run(actions_env(), run.console, t, run.run_record, {}, &http);
  EXPECT_TRUE(http.requests().empty());
}

}  // namespace
}  // namespace berth::app
