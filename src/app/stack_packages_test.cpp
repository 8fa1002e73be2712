// SPDX-License-Identifier: MIT
// The package manifest steps of a stack run through the executor, with fakes:
// listed after the tests whether they passed or not, files written, compared
// with the previous build's stored manifest, stored after the push only when
// every test passed; the report's json and summary, and the trace's shape.
#include "app/stack_packages.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>

#include "app/execute.hpp"
#include "app/packages.hpp"
#include "app/telemetry.hpp"
#include "core/error.hpp"
#include "core/packages.hpp"
#include "core/stack_plan.hpp"
#include "core/text.hpp"
#include "support/fake_services.hpp"
#include "support/fixtures.hpp"

namespace berth::app {
namespace {

const char* const k_host = "reg.example";
const char* const k_dir = "/runner/berth-packages";

std::vector<std::string> captured(const std::string& name) {
  std::ifstream in(berth::testing::testdata("packages/" + name));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

core::Stack stack() {
  core::Stack s;
  for (const char* name : {"base", "child"}) {
    core::StackImage i;
    i.name = name;
    i.image = std::string(k_host) + "/acme/" + name;
    i.context = name;
    i.tests = {{std::string(name) + "-test", "echo " + std::string(name), 1}};
    s.images.push_back(i);
  }
  s.images[1].parents = {{"base", std::string(k_host) + "/acme/base"}};
  return s;
}

StackReport report(const std::string& build_tag, const std::string& base_tag) {
  core::BuildFacts facts;
  facts.caps.buildx = true;
  facts.caps.builder = {"default", "docker", {}};
  facts.private_dir = core::k_private_dir_placeholder;
  core::StackRun run;
  run.tags = {build_tag, base_tag, {"latest"}};
  run.packages_dir = k_dir;
  StackReport r;
  r.stack = stack();
  r.build_tag = build_tag;
  r.push = true;
  r.decisions = {{"base", core::StackAction::k_build, "changed"},
                 {"child", core::StackAction::k_build, "parent"}};
  r.plan = core::plan_stack(r.stack, r.decisions, run, core::Inputs{}, facts);
  return r;
}

struct PackagesExec : testing::FakeServices {
  PackagesExec() : testing::FakeServices(io::Env{}) {
    processes.after_each([this](const testing::FakeProcessRunner::Call& call) {
      if (call.argv.size() >= 2 && call.argv[call.argv.size() - 2] == "push") {
        const std::string path = call.argv.back().substr(std::string(k_host).size() + 1);
        registries.at(k_host).seed(path.substr(0, path.find(':')), path.substr(path.find(':') + 1));
      }
    });
  }
  // Runs `r`'s plan; returns the run's error ("" when it passed).
  std::string run(StackReport& r, RunRecord* trace_record = nullptr) {
    record = trace_record;
    Services s = services();
    Executor executor(r.plan, s, {});
    try {
      executor.run();
    } catch (const Error& e) {
      r.error = e.what();
    }
    r.execution = executor.execution();
    return r.error;
  }
};

std::vector<std::string> writes_of(PackagesExec& x) { return x.registries.at(k_host).writes(); }

TEST(StackPackagesAppTest, StoredAfterThePushAndComparedByTheNextRun) {
  PackagesExec x;
  x.processes.answer_last(core::package_collector_script(), {0, captured("debian-bookworm-slim.out")});
  StackReport first = report("2026.4-aaaaaaa", "");
  ASSERT_EQ(x.run(first), "");
  // each build tag pushed by docker, then its manifest's artifact and referrers tag
  std::vector<std::string> puts;
  for (const std::string& w : writes_of(x)) {
    puts.push_back(w.substr(0, w.find(':') + 1) + (w.find("sha256-") != std::string::npos
                                                      ? "referrers-tag"
                                                      : w.find("sha256:") != std::string::npos
                                                            ? "artifact"
                                                            : w.substr(w.find(':') + 1)));
  }
  EXPECT_EQ(puts, (std::vector<std::string>{"PUT acme/base:artifact", "PUT acme/base:referrers-tag",
                                            "PUT acme/child:artifact",
                                            "PUT acme/child:referrers-tag", "PUT acme/base:latest",
                                            "PUT acme/child:latest"}));
  EXPECT_NE(x.files.content(std::string(k_dir) + "/base.packages.json").find("\"dpkg\""),
            std::string::npos);
  EXPECT_FALSE(x.files.content(std::string(k_dir) + "/child.packages.txt").empty());
  EXPECT_NE(stack_summary(first).find("No manifest of a previous build"), std::string::npos);

  // The next run: the child gets python3-pip; compared with the first build.
  x.processes.answer_last(core::package_collector_script(), {0, captured("debian-python3-pip.out")});
  StackReport second = report("2026.4-bbbbbbb", "2026.4-aaaaaaa");
  RunRecord record;
  ASSERT_EQ(x.run(second, &record), "");
  EXPECT_EQ(written_packages_dir(second), k_dir);
  const std::string summary = stack_summary(second);
  EXPECT_NE(summary.find("### packages"), std::string::npos) << summary;
  EXPECT_NE(summary.find("#### Packages of child"), std::string::npos) << summary;
  EXPECT_NE(summary.find("| dpkg | 125 | 37 | 0 | 0 | 0 |"), std::string::npos) << summary;
  EXPECT_NE(summary.find("Stored next to `reg.example/acme/child:2026.4-bbbbbbb` as `sha256:"),
            std::string::npos)
      << summary;
  EXPECT_NE(x.files.content(std::string(k_dir) + "/child.packages-diff.md").find("added"),
            std::string::npos);

  rapidjson::Document json;
  json.Parse(stack_json(second).c_str());
  ASSERT_FALSE(json.HasParseError());
  const auto& child = json["images"][1]["packages"];
  EXPECT_EQ(child["tools"]["dpkg"]["packages"].GetUint64(), 125u);
  EXPECT_EQ(child["tools"]["dpkg"]["added"].GetUint64(), 37u);
  EXPECT_EQ(child["tools"]["pip"]["added"].GetUint64(), 10u);
  EXPECT_TRUE(child["compared"].GetBool());
  EXPECT_EQ(child["files"].Size(), 3u);
  EXPECT_EQ(std::string(child["artifact"].GetString()).rfind("sha256:", 0), 0u);
  EXPECT_EQ(std::string(json["packages_dir"].GetString()), k_dir);

  // The trace: one span per image holding its steps.
  int n = 0;
  const auto ids = [&n] { return std::string(15, 'a') + std::to_string(++n % 10) + std::string(16, 'b'); };
  const TraceStart trace = start_trace(io::Env(), ids);
  const RunEnd end{x.clock_ns, x.clock_ns + 100'000'000'000, "", {}};
  const auto spans = run_spans(io::Env(), record, trace, end, ids);
  std::map<std::string, const core::Span*> by_name;
  for (const core::Span& s : spans) {
    by_name[s.name] = &s;
  }
  ASSERT_EQ(by_name.count("image child"), 1u);
  const core::Span& image = *by_name.at("image child");
  EXPECT_EQ(image.parent_span_id, spans[0].span_id);
  for (const char* name : {"docker build child", "test child: base-test", "test child: child-test",
                           "packages child", "docker push reg.example/acme/child:2026.4-bbbbbbb",
                           "packages store reg.example/acme/child:2026.4-bbbbbbb",
                           "tag reg.example/acme/child:latest"}) {
    ASSERT_EQ(by_name.count(name), 1u) << name;
    EXPECT_EQ(by_name.at(name)->parent_span_id, image.span_id) << name;
    EXPECT_LE(image.start_ns, by_name.at(name)->start_ns) << name;
    EXPECT_GE(image.end_ns, by_name.at(name)->end_ns) << name;
  }
  EXPECT_EQ(by_name.at("checks")->parent_span_id, spans[0].span_id);
  const auto attr = [](const core::Span& s, const std::string& key) {
    for (const core::Attribute& a : s.attributes) {
      if (a.key == key) {
        return a.kind == core::Attribute::Kind::k_int      ? std::to_string(a.number)
               : a.kind == core::Attribute::Kind::k_strings ? core::join(a.list, ",")
                                                            : a.text;
      }
    }
    return std::string("(none)");
  };
  EXPECT_EQ(attr(image, "berth.stack.action"), "build");
  EXPECT_EQ(attr(image, "berth.image"), "reg.example/acme/child");
  EXPECT_EQ(attr(image, "berth.tests.passed"), "2");
  EXPECT_EQ(attr(image, "berth.tests.failed"), "0");
  const core::Span& listed = *by_name.at("packages child");
  EXPECT_EQ(attr(listed, "berth.packages.tools"), "dpkg=125,pip=10");
  EXPECT_EQ(attr(listed, "berth.packages.changed"), "47");
  EXPECT_EQ(attr(listed, "berth.packages.compared_with"), "reg.example/acme/child:2026.4-aaaaaaa");
}

TEST(StackPackagesAppTest, AFailedTestStillListsButStoresNothing) {
  PackagesExec x;
  x.processes.answer_last(core::package_collector_script(), {0, captured("debian-bookworm-slim.out")});
  x.processes.answer_last("echo child", {4, {"no"}, false});
  StackReport r = report("2026.4-aaaaaaa", "");
  EXPECT_NE(x.run(r).find("tests failed: child: child-test (exit status 4)"), std::string::npos)
      << r.error;
  EXPECT_TRUE(writes_of(x).empty());
  EXPECT_FALSE(x.files.content(std::string(k_dir) + "/child.packages.json").empty());
  EXPECT_NE(r.error.find("not written: reg.example/acme/base:2026.4-aaaaaaa, "
                         "reg.example/acme/child:2026.4-aaaaaaa, "
                         "reg.example/acme/base:2026.4-aaaaaaa (its package manifest)"),
            std::string::npos)
      << r.error;
  const std::string summary = stack_summary(r);
  EXPECT_NE(summary.find("#### Packages of base"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("Stored next to"), std::string::npos) << summary;
}

TEST(StackPackagesAppTest, AListingThatFailsIsAWarningAndTheRunGoesOn) {
  PackagesExec x;
  x.processes.answer_last(core::package_collector_script(), {125, {"no such image"}});
  StackReport r = report("2026.4-aaaaaaa", "");
  EXPECT_EQ(x.run(r), "");
  EXPECT_NE(x.log_text().find("no package manifest: listing the packages of"), std::string::npos)
      << x.log_text();
  EXPECT_EQ(written_packages_dir(r), "");
  const std::string summary = stack_summary(r);
  EXPECT_NE(summary.find("no package manifest: listing the packages"), std::string::npos) << summary;
  // nothing to store: the pushes and tags only
  for (const std::string& w : writes_of(x)) {
    EXPECT_EQ(w.find("sha256"), std::string::npos) << w;
  }
}

}  // namespace
}  // namespace berth::app
