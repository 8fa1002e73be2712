// SPDX-License-Identifier: MIT
// A stack run through the action's command over fakes: outputs, the job
// summary, the JUnit files, and a failed test that moves nothing.
#include "app/stack.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.hpp"
#include "core/text.hpp"
#include "support/fake_services.hpp"
#include "support/fixtures.hpp"

namespace berth {
namespace {

using Strings = std::vector<std::string>;
const char* const k_host = "registry.test";

Strings captured_lines(const std::string& name) {
  std::ifstream in(testing::testdata("buildx/" + name));
  Strings lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

core::StackImage image(const std::string& name, std::vector<core::StackParent> parents,
                       std::vector<core::StackTest> tests) {
  core::StackImage i;
  i.name = name;
  i.image = std::string(k_host) + "/acme/" + name;
  i.context = "/ws/" + name;
  i.dockerfile = "/ws/" + name + "/Dockerfile";
  i.parents = std::move(parents);
  i.tests = std::move(tests);
  return i;
}

struct Fake : testing::FakeServices {
  Fake() : testing::FakeServices(testing::load_event("push_default")) {
    env.set(io::input_variable("stack"), "true");
    env.set(io::input_variable("password"), "pw");
    env.set(io::input_variable("username"), "u");
    env.set("GITHUB_OUTPUT", "/runner/output");
    env.set("GITHUB_STEP_SUMMARY", "/runner/summary");
    env.set("RUNNER_TEMP", "/runner/temp");
    env.set("DOCKER_CONFIG", "/cfg");
    files.add_dir("/runner/temp");
    files.add_executable("/cfg/cli-plugins/docker-buildx");
    for (const char* name : {"base", "child", "grandchild"}) {
      files.add_dir(std::string("/ws/") + name);
      files.add_file(std::string("/ws/") + name + "/Dockerfile");
    }
    processes.answer("version", {0, {"26.1.5"}, false});
    processes.answer("buildx inspect", {0, captured_lines("inspect-classic.txt"), false});
    processes.answer("info", {0, captured_lines("info-classic.txt"), false});
    // docker push lands its reference in the registry
    processes.after_each([this](const testing::FakeProcessRunner::Call& call) {
      if (call.argv.size() >= 2 && call.argv[call.argv.size() - 2] == "push") {
        const std::string path = call.argv.back().substr(std::string(k_host).size() + 1);
        registries.at(k_host).seed(path.substr(0, path.find(':')), path.substr(path.find(':') + 1));
      }
    });
    registries.at(k_host).seed("acme/base", "2026.4-0000001");
  }

  app::StackSources sources() {
    app::StackSources src;
    src.load = [](const std::string& path) {
      core::Stack s;
      s.path = path;
      s.images.push_back(image("base", {}, {{"base-ok", "echo base", 1}}));
      s.images.push_back(image("child", {{"base", std::string(k_host) + "/acme/base"}},
                               {{"child-ok", "echo child", 2}}));
      s.images.push_back(image("grandchild", {{"child", std::string(k_host) + "/acme/child"}},
                               {{"gc-test", "run-gc-test", 3}}));
      s.common_tests = {{"not-root", "test $(id -u) != 0", 4}};
      return s;
    };
    src.changes = [](const core::Stack&, const app::RunContext&) {
      core::ChangeSet c;
      c.base_sha = "0000001";
      c.base_tag = "2026.4-0000001";
      c.paths = {"child/Dockerfile"};
      return c;
    };
    src.decide = [](const core::Stack&, const core::ChangeSet&) {
      return std::vector<core::StackDecision>{
          {"base", core::StackAction::k_retag, "unchanged"},
          {"child", core::StackAction::k_build, "changed: child/Dockerfile"},
          {"grandchild", core::StackAction::k_build, "parent child rebuilds"}};
    };
    return src;
  }

  int run() {
    const app::RunContext rc = app::read_run_context(env);
    app::Services s = services();
    return app::run_stack_action(rc, s, sources());
  }
};

TEST(StackActionTest, BuildsTestsPushesRetagsAndMovesTagsLast) {
  Fake f;
  EXPECT_EQ(f.run(), 0);
  const auto& out = f.files.outputs();
  const std::string tag = out.at("version");
  EXPECT_TRUE(core::starts_with(tag, "20")) << tag;
  EXPECT_NE(tag.find("-a1239a5"), std::string::npos) << tag;
  const Strings writes = f.registries.at(k_host).writes();
  ASSERT_FALSE(writes.empty());
  EXPECT_EQ(writes.front(), "PUT acme/base:" + tag) << core::join(writes, "\n");
  EXPECT_NE(std::find(writes.begin(), writes.end(), "PUT acme/grandchild:latest"), writes.end())
      << core::join(writes, "\n");
  EXPECT_EQ(writes.back(), "PUT acme/grandchild:latest") << "moving tags last";
  const std::string json = out.at("stack");
  EXPECT_NE(json.find("\"action\": \"retag\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"result\": \"passed\""), std::string::npos) << json;
  const std::string dir = out.at("junit-dir");
  EXPECT_EQ(dir, "/runner/temp/berth-junit-" + tag);
  EXPECT_NE(f.files.content(dir + "/grandchild.xml").find("<testcase name=\"gc-test\""),
            std::string::npos);
  EXPECT_EQ(f.files.content(dir + "/base.xml"), "") << "a re-tagged image ran no test";
  EXPECT_NE(f.files.summary().find("✅ passed"), std::string::npos) << f.files.summary();
}

TEST(StackActionTest, AFailedTestWritesNothingAndTheSummaryShowsEveryResult) {
  Fake f;
  f.processes.answer_last("run-gc-test", {1, {"expected 2, got 3"}, false});
  try {
    f.run();
    FAIL() << "a failed test passed";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("grandchild: gc-test (exit status 1)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(f.registries.at(k_host).writes().empty());
  const Strings subs = f.processes.subcommands();
  EXPECT_EQ(std::count(subs.begin(), subs.end(), "push"), 0);
  const std::string& md = f.files.summary();
  EXPECT_NE(md.find("| grandchild | gc-test | own | ❌ failed (exit status 1)"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| child | child-ok | own | ✅ passed"), std::string::npos) << md;
  EXPECT_NE(md.find("expected 2, got 3"), std::string::npos) << md;
  const std::string xml =
      f.files.content(f.files.outputs().at("junit-dir") + "/grandchild.xml");
  EXPECT_NE(xml.find("failures=\"1\""), std::string::npos) << xml;
}

TEST(StackActionTest, ADryRunRunsNothingAndWritesNothing) {
  Fake f;
  f.env.set(io::input_variable("dry-run"), "true");
  EXPECT_EQ(f.run(), 0);
  for (const std::string& sub : f.processes.subcommands()) {
    EXPECT_TRUE(sub == "version" || sub == "info" || sub == "buildx inspect") << sub;
  }
  EXPECT_TRUE(f.registries.at(k_host).writes().empty());
  EXPECT_NE(f.log_text().find("2. child (registry.test/acme/child): build — changed: child/Dockerfile"),
            std::string::npos)
      << f.log_text();
  EXPECT_NE(f.log_text().find("test gc-test (own): run-gc-test"), std::string::npos);
  // the package steps are shown, and write nothing
  EXPECT_NE(f.log_text().find("(the packages of child, after its tests; compared with "
                              "registry.test/acme/child:2026.4-0000001's stored manifest; "
                              "files into /runner/temp/berth-packages-"),
            std::string::npos)
      << f.log_text();
  EXPECT_NE(f.log_text().find("(the package manifest of registry.test/acme/grandchild:"),
            std::string::npos);
  EXPECT_EQ(f.files.outputs().at("packages-dir"), "");
  EXPECT_EQ(f.files.summary().find("### packages"), std::string::npos);
}

TEST(StackActionTest, TheClassicBuilderIsRefusedNamingTheStackInput) {
  Fake f;
  f.files.remove_all("/cfg/cli-plugins/docker-buildx");
  f.env.set("DOCKER_CONFIG", "/nowhere");
  try {
    f.run();
    FAIL() << "planned a stack on the classic builder";
  } catch (const Errors& errors) {
    EXPECT_EQ(errors.all().front().input(), "stack") << errors.all().front().what();
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "stack") << e.what();
  }
  EXPECT_TRUE(f.registries.at(k_host).writes().empty());
}

}  // namespace
}  // namespace berth
