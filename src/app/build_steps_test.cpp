// SPDX-License-Identifier: MIT
// A BuildKit build's own steps over fakes: read from its plain progress as
// the lines arrive (the fake clock moves 250 ms at every reading), then
// shown in the timings' rows, the json output, the job summary, the
// terminal view and the spans, under the build.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "app/report.hpp"
#include "app/telemetry.hpp"
#include "app/timings.hpp"
#include "core/error.hpp"
#include "support/fake_services.hpp"

namespace berth::app {
namespace {

constexpr std::int64_t k_ms = 1'000'000;

// One BuildKit build (no push) whose progress the fake prints: a cached
// step, a step whose RUN line holds the secret, the export; a build that
// fails prints an ERROR for its last step.
struct BuildRun : testing::FakeServices {
  explicit BuildRun(bool fail = false) : testing::FakeServices(io::Env()) {
    core::Step build;
    build.kind = core::StepKind::k_build;
    build.argv = {"docker", "buildx", "build", "--progress=plain", "--load", "."};
    plan.steps.push_back(build);
    testing::FakeProcessRunner::Answer answer;
    answer.exit_code = fail ? 1 : 0;
    answer.lines = {
        "#0 building with \"default\" instance using docker driver",
        "",
        "#1 [internal] load build definition from Dockerfile",  // line 2: reading 3
        "#1 DONE 0.0s",
        "",
        "#2 [base 1/2] FROM berth-base/debian:bookworm-slim",  // 6
        "#2 CACHED",
        "",
        "#3 [base 2/2] RUN echo s3cr3t-value >/x",  // 9
        "#3 0.101 s3cr3t-value",
        fail ? "#3 ERROR: process \"/bin/sh -c echo s3cr3t-value\" failed" : "#3 DONE 1.2s",
    };
    if (!fail) {
      answer.lines.insert(answer.lines.end(),
                          {"", "#4 exporting to image", "#4 DONE 0.3s"});  // 13
    } else {
      answer.lines.push_back("ERROR: failed to solve: process failed");
    }
    processes.answer("buildx build", answer);
    record = &run_record;
  }

  Execution execute() {
    Services s = services();
    s.started_ns = start - 1000 * k_ms;
    Executor executor(plan, s, {{"password", "s3cr3t-value"}});
    return executor.run();
  }

  const std::int64_t start = clock_ns;  // the first reading: the build starts
  core::Plan plan;
  RunRecord run_record;
};

TEST(BuildStepsTest, TheExecutorReadsTheBuildsProgressAsItArrives) {
  BuildRun run;
  const Execution e = run.execute();
  const auto& steps = e.outcomes.at(0).build_steps;
  ASSERT_EQ(steps.size(), 4u);  // #0 is buildx's, not a step
  EXPECT_EQ(steps[0].name, "[internal] load build definition from Dockerfile");
  EXPECT_EQ(steps[0].start_ns, run.start + 3 * 250 * k_ms);  // one reading per line
  EXPECT_TRUE(steps[1].cached);
  // The secret is masked before the line is read: not in the step's name.
  EXPECT_EQ(steps[2].name, "[base 2/2] RUN echo *** >/x");
  EXPECT_EQ(steps[2].ms(), 1200);
  EXPECT_EQ(steps[3].name, "exporting to image");

  const auto rows = timing_rows(run.plan, e);
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[1].label, "docker build");
  EXPECT_EQ(rows[1].depth, 0);
  EXPECT_EQ(rows[2].depth, 1);
  EXPECT_EQ(rows[3].label, "[base 1/2] FROM berth-base/debian:bookworm-slim");
  EXPECT_EQ(rows[3].status, "cached");
  EXPECT_EQ(rows[3].start_ms, 1000 + 6 * 250);  // from the run's start
  EXPECT_EQ(rows[4].ms, 1200);
}

TEST(BuildStepsTest, TheJsonOutputTheSummaryAndTheTerminalShowThem) {
  BuildRun run;
  PromotionReport report;  // promotion_json writes the same plan as a build's
  report.plan = run.plan;
  report.execution = run.execute();
  const std::string json = promotion_json(report);
  rapidjson::Document d;
  d.Parse(json.c_str());
  ASSERT_FALSE(d.HasParseError()) << json;
  const auto& steps = d["plan"][0]["build_steps"];
  ASSERT_EQ(steps.Size(), 4u) << json;
  EXPECT_EQ(steps[1]["id"].GetInt(), 2);
  EXPECT_EQ(std::string(steps[1]["name"].GetString()),
            "[base 1/2] FROM berth-base/debian:bookworm-slim");
  EXPECT_TRUE(steps[1]["cached"].GetBool());
  EXPECT_TRUE(steps[1]["dockerfile"].GetBool());
  EXPECT_EQ(std::string(steps[1]["status"].GetString()), "cached");
  EXPECT_EQ(steps[2]["start_ms"].GetInt64(), 1000 + 9 * 250);
  EXPECT_EQ(steps[2]["ms"].GetInt64(), 1200);
  EXPECT_FALSE(steps[3]["dockerfile"].GetBool());
  EXPECT_FALSE(steps[0].HasMember("error"));

  const std::string md = timing_summary(report.plan, report.execution);
  EXPECT_NE(md.find("  section docker build steps (1 more step in the table)\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("  [base 1/2] FROM berth-base/debian\xE2\x88\xB6" "bookworm-slim (cached) "
                    ":done, s3, 2500, 2501\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("  [base 2/2] RUN echo *** \xE2\x80\xBA/x (1.2 s) :s4, 3250, 4450\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| \xE2\x86\xB3 [internal] load build definition from Dockerfile | done |"),
            std::string::npos)
      << md;

  const Telemetry t = start_telemetry(io::Env(), run.console, [] { return std::string(32, 'a'); });
  run.log.clear();
  finish_run(io::Env(), run.console, t, run.run_record, {});
  const std::string log = run.log_text();
  // Labels end at 48 characters in a terminal.
  EXPECT_NE(log.find("\n  [base 1/2] FROM berth-base/debian:bookworm-sl~ "), std::string::npos)
      << log;
  EXPECT_NE(log.find(" cached\n"), std::string::npos) << log;
  EXPECT_NE(log.find("\n  [base 2/2] RUN echo *** >/x "), std::string::npos) << log;
}

std::string attr(const core::Span& s, const std::string& key) {
  for (const core::Attribute& a : s.attributes) {
    if (a.key == key) {
      return a.kind == core::Attribute::Kind::k_int ? std::to_string(a.number) : a.text;
    }
  }
  return "(none)";
}

std::function<std::string()> counter_hex() {
  auto n = std::make_shared<int>(0);
  return [n] {
    const std::string digits = std::to_string(++*n);
    return digits + std::string(32 - digits.size(), 'b');
  };
}

TEST(BuildStepsTest, EachStepIsASpanUnderTheBuildsSpan) {
  BuildRun run;
  run.execute();
  const auto ids = counter_hex();
  const TraceStart trace = start_trace(io::Env(), ids);
  const RunEnd end{run.start - 1000 * k_ms, run.start + 10'000 * k_ms, "", {}};
  const auto spans = run_spans(io::Env(), run.run_record, trace, end, ids);
  ASSERT_EQ(spans.size(), 7u);  // root, checks, the build, its four steps
  const core::Span& build = spans[2];
  EXPECT_EQ(build.name, "docker build");
  for (std::size_t i = 3; i < spans.size(); ++i) {
    EXPECT_EQ(spans[i].parent_span_id, build.span_id) << spans[i].name;
    EXPECT_EQ(spans[i].trace_id, build.trace_id);
    EXPECT_LE(build.start_ns, spans[i].start_ns) << spans[i].name;
    EXPECT_LE(spans[i].end_ns, build.end_ns) << spans[i].name;
    EXPECT_EQ(attr(spans[i], "berth.step"), "buildkit");
  }
  const core::Span& cached = spans[4];
  EXPECT_EQ(cached.name, "[base 1/2] FROM berth-base/debian:bookworm-slim");
  EXPECT_EQ(attr(cached, "berth.buildkit.cached"), "true");
  EXPECT_EQ(attr(cached, "berth.buildkit.vertex"), cached.name);
  EXPECT_EQ(attr(cached, "berth.buildkit.dockerfile"), "true");
  EXPECT_EQ(attr(cached, "berth.status"), "cached");
  EXPECT_EQ(attr(cached, "berth.buildkit.id"), "2");
  const core::Span& run_step = spans[5];
  EXPECT_EQ(attr(run_step, "berth.buildkit.cached"), "false");
  EXPECT_EQ(attr(run_step, "berth.buildkit.reported_ms"), "1200");
  EXPECT_EQ(run_step.start_ns, run.start + 9 * 250 * k_ms);
  EXPECT_EQ(run_step.end_ns, run_step.start_ns + 1200 * k_ms);
  EXPECT_EQ(attr(spans[6], "berth.buildkit.dockerfile"), "false");
}

TEST(BuildStepsTest, AFailedBuildKeepsItsStepsAndTheFailedOne) {
  BuildRun run(true);
  EXPECT_THROW(run.execute(), Error);
  ASSERT_EQ(run.run_record.runs.size(), 1u);
  const Execution& e = run.run_record.runs[0].second;
  const auto& steps = e.outcomes.at(0).build_steps;
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[2].error, "process \"/bin/sh -c echo ***\" failed");
  const auto ids = counter_hex();
  const auto spans = run_spans(io::Env(), run.run_record, start_trace(io::Env(), ids),
                               {run.start - 1000 * k_ms, run.start + 9000 * k_ms, "x", {}}, ids);
  ASSERT_EQ(spans.size(), 6u);
  EXPECT_TRUE(spans[2].failed);  // the build
  EXPECT_TRUE(spans[5].failed);  // its step
  EXPECT_EQ(spans[5].status_message, steps[2].error);
  const auto rows = timing_rows(run.plan, e);
  EXPECT_EQ(rows.back().status, "failed");
  EXPECT_NE(timing_summary(run.plan, e).find(":crit, s"), std::string::npos);
}

TEST(BuildStepsTest, AClassicBuildHasNoSteps) {
  BuildRun run;
  run.plan.steps[0].argv = {"docker", "build", "--iidfile", "x", "."};
  testing::FakeProcessRunner::Answer answer;
  answer.lines = {"#1 [1/1] RUN looks like progress", "#1 DONE 1.0s"};
  run.processes.answer("build", answer);
  const Execution e = run.execute();
  EXPECT_TRUE(e.outcomes.at(0).build_steps.empty());
  EXPECT_EQ(timing_rows(run.plan, e).size(), 2u);
}

}  // namespace
}  // namespace berth::app
