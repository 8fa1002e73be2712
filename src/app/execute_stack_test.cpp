// SPDX-License-Identifier: MIT
// The executor over a stack's plan: every test runs even after one failed,
// each result is recorded, and no write runs after a failed test.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/execute.hpp"
#include "app/telemetry.hpp"
#include "core/error.hpp"
#include "core/packages.hpp"
#include "core/stack_plan.hpp"
#include "core/text.hpp"
#include "support/fake_services.hpp"

namespace berth::app {
namespace {

const char* const k_host = "127.0.0.1:6200";

core::StackImage image(const std::string& name, std::vector<core::StackParent> parents,
                       std::vector<core::StackTest> tests) {
  core::StackImage i;
  i.name = name;
  i.image = std::string(k_host) + "/acme/" + name;
  i.context = name;
  i.parents = std::move(parents);
  i.tests = std::move(tests);
  return i;
}

core::Stack stack() {
  core::Stack s;
  s.images.push_back(image("base", {}, {{"base-ok", "echo base-ok", 1}}));
  s.images.push_back(image("child", {{"base", std::string(k_host) + "/acme/base"}},
                           {{"child-fails", "exit 3", 2}, {"child-ok", "echo child-ok", 3}}));
  s.images.push_back(image("sibling", {{"base", std::string(k_host) + "/acme/base"}}, {}));
  s.common_tests = {{"common", "echo common", 4}};
  return s;
}

core::Plan plan(bool push) {
  core::BuildFacts facts;
  facts.caps.buildx = true;
  facts.caps.builder = {"default", "docker", {}};
  facts.private_dir = core::k_private_dir_placeholder;
  core::StackRun run;
  run.tags = {"2026.4-bbbbbbb", "2026.4-aaaaaaa", {"latest"}};
  run.push = push;
  const std::vector<core::StackDecision> decisions = {
      {"base", core::StackAction::k_build, "changed"},
      {"child", core::StackAction::k_build, "parent base rebuilds"},
      {"sibling", core::StackAction::k_retag, "unchanged"}};
  return core::plan_stack(stack(), decisions, run, core::Inputs{}, facts);
}

struct StackExec : testing::FakeServices {
  StackExec()
      : testing::FakeServices(io::Env(std::map<std::string, std::string, std::less<>>{
            {"PATH", "/usr/bin"}})) {
    registries.at(k_host).seed("acme/sibling", "2026.4-aaaaaaa");
    // docker push lands its reference in the registry
    processes.after_each([this](const testing::FakeProcessRunner::Call& call) {
      if (call.argv.size() >= 2 && call.argv[call.argv.size() - 2] == "push") {
        const std::string path = call.argv.back().substr(std::string(k_host).size() + 1);
        registries.at(k_host).seed(path.substr(0, path.find(':')), path.substr(path.find(':') + 1));
      }
    });
  }
};

TEST(ExecuteStackTest, EveryTestRunsAndAFailureHoldsBackEveryWrite) {
  StackExec x;
  std::vector<std::string> lines;
  for (int i = 0; i < 30; ++i) {
    lines.push_back("line " + std::to_string(i));
  }
  x.processes.answer_last("exit 3", {3, lines, false});
  const core::Plan p = plan(true);
  Services s = x.services();
  Executor executor(p, s, {});
  try {
    executor.run();
    FAIL() << "a failed test passed the gate";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("tests failed: child: child-fails (exit status 3)"), std::string::npos)
        << what;
    EXPECT_NE(what.find("written: none"), std::string::npos) << what;
  }
  // builds, then every test: base (common, own), child (common, base's, own two)
  std::vector<std::string> runs;
  for (const auto& call : x.processes.calls()) {
    runs.push_back(call.argv.back());
  }
  // then the package listings of both (no output here: a warning each)
  const std::string collector = core::package_collector_script();
  EXPECT_EQ(runs, (std::vector<std::string>{"base", "child", "echo common", "echo base-ok",
                                            "echo common", "echo base-ok", "exit 3",
                                            "echo child-ok", collector, collector}));
  EXPECT_TRUE(x.registries.at(k_host).writes().empty());
  const Execution& e = executor.execution();
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const core::Step& step = p.steps[i];
    const StepOutcome& o = e.outcomes[i];
    if (step.kind == core::StepKind::k_test) {
      const bool fails = step.test_name == "child-fails";
      EXPECT_EQ(o.status, fails ? StepStatus::k_failed : StepStatus::k_done) << step.test_name;
      EXPECT_EQ(o.exit_code, fails ? 3 : 0);
      EXPECT_GT(o.ms, 0);
      if (fails) {
        ASSERT_EQ(o.output_tail.size(), k_test_tail_lines);
        EXPECT_EQ(o.output_tail.front(), "line 10");
        EXPECT_EQ(o.output_tail.back(), "line 29");
      }
    } else if (step.kind == core::StepKind::k_push || step.kind == core::StepKind::k_tag) {
      EXPECT_EQ(o.status, StepStatus::k_not_run) << step.target.str();
    }
  }
}

TEST(ExecuteStackTest, PassingTestsOpenTheGate) {
  StackExec x;
  const core::Plan p = plan(true);
  Services s = x.services();
  Executor executor(p, s, {});
  executor.run();
  const std::vector<std::string> expected = {
      "PUT acme/sibling:2026.4-bbbbbbb", "PUT acme/base:latest", "PUT acme/child:latest",
      "PUT acme/sibling:latest"};
  // the pushes are docker's; the PUTs the registry API's, moving tags last
  EXPECT_EQ(x.registries.at(k_host).writes(), expected);
  const auto subs = x.processes.subcommands();
  EXPECT_EQ(std::count(subs.begin(), subs.end(), "push"), 2);
}

TEST(ExecuteStackTest, WithoutWritesAFailedTestStillFailsTheRun) {
  StackExec x;
  x.processes.answer_last("exit 3", {1, {"boom"}, false});
  const core::Plan p = plan(false);
  Services s = x.services();
  Executor executor(p, s, {});
  EXPECT_THROW(executor.run(), Error);
  const auto& outcomes = executor.execution().outcomes;
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    if (p.steps[i].test_name == "child-ok") {
      EXPECT_EQ(outcomes[i].status, StepStatus::k_done) << "child-ok ran";
    }
  }
}

TEST(ExecuteStackTest, TestOutputIsMasked) {
  StackExec x;
  x.processes.answer_last("exit 3", {1, {"token s3cr3t-value here"}, false});
  const core::Plan p = plan(false);
  Services s = x.services();
  Executor executor(p, s, {{"password", "s3cr3t-value"}});
  EXPECT_THROW(executor.run(), Error);
  EXPECT_EQ(x.log_text().find("s3cr3t"), std::string::npos) << x.log_text();
  for (const StepOutcome& o : executor.execution().outcomes) {
    for (const std::string& line : o.output_tail) {
      EXPECT_EQ(line.find("s3cr3t"), std::string::npos) << line;
    }
  }
}

TEST(ExecuteStackTest, EachTestIsASpanNamingItsImageAndTest) {
  StackExec x;
  x.processes.answer_last("exit 3", {3, {"no"}, false});
  RunRecord record;
  x.record = &record;
  const core::Plan p = plan(true);
  Services s = x.services();
  Executor executor(p, s, {});
  EXPECT_THROW(executor.run(), Error);
  int n = 0;
  const auto ids = [&n] { return std::string(15, 'a') + std::to_string(++n % 10); };
  const TraceStart trace = start_trace(io::Env(), ids);
  const RunEnd end{x.clock_ns, x.clock_ns + 100'000'000'000, "tests failed", {}};
  const auto spans = run_spans(io::Env(), record, trace, end, ids);
  ASSERT_FALSE(spans.empty());
  EXPECT_EQ(spans[0].name, "berth stack");
  const auto attr = [](const core::Span& span, const std::string& key) {
    for (const core::Attribute& a : span.attributes) {
      if (a.key == key) {
        return a.kind == core::Attribute::Kind::k_int ? std::to_string(a.number) : a.text;
      }
    }
    return std::string("(none)");
  };
  int tests = 0;
  for (const core::Span& span : spans) {
    if (attr(span, "berth.step") != "test") {
      continue;
    }
    ++tests;
    EXPECT_EQ(attr(span, "cicd.pipeline.task.type"), "test");
    EXPECT_NE(attr(span, "berth.test.name"), "(none)");
    EXPECT_EQ(attr(span, "berth.image").rfind(std::string(k_host) + "/acme/", 0), 0u)
        << attr(span, "berth.image");
    if (span.name == "test child: child-fails") {
      EXPECT_EQ(attr(span, "berth.test.result"), "failed");
      EXPECT_EQ(attr(span, "berth.test.exit_code"), "3");
      EXPECT_EQ(attr(span, "berth.stack.image"), "child");
      EXPECT_TRUE(span.failed);
    }
  }
  EXPECT_EQ(tests, 6);  // base: 2, child: 4; the pushes after them never started
}

}  // namespace
}  // namespace berth::app
