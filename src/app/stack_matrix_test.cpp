// SPDX-License-Identifier: MIT
// A stack over a matrix through the action's command over fakes: the plan's
// matrix outputs, a matrix job (stack-image) that builds one image FROM its
// parent's build tag in the registry and pushes that build tag only, and the
// final job (stack-finish) that re-tags and moves every tag, or none.
#include <gtest/gtest.h>

#include <fstream>

#include "app/stack.hpp"
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

core::StackImage image(const std::string& name, std::vector<core::StackParent> parents) {
  core::StackImage i;
  i.name = name;
  i.image = std::string(k_host) + "/acme/" + name;
  i.context = "/ws/" + name;
  i.dockerfile = "/ws/" + name + "/Dockerfile";
  i.parents = std::move(parents);
  i.tests = {{name + "-ok", "echo " + name, 1}};
  return i;
}

// base (unchanged) → child (changed) → grandchild; the last build 2026.4-0000001.
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
      registries.at(k_host).seed(std::string("acme/") + name, "2026.4-0000001");
    }
    processes.answer("version", {0, {"26.1.5"}, false});
    processes.answer("buildx inspect", {0, captured_lines("inspect-classic.txt"), false});
    processes.answer("info", {0, captured_lines("info-classic.txt"), false});
    processes.after_each([this](const testing::FakeProcessRunner::Call& call) {
      if (call.argv.size() >= 2 && call.argv[call.argv.size() - 2] == "push") {
        const std::string path = call.argv.back().substr(std::string(k_host).size() + 1);
        registries.at(k_host).seed(path.substr(0, path.find(':')),
                                   path.substr(path.find(':') + 1));
      }
    });
  }

  app::StackSources sources() {
    app::StackSources src;
    src.load = [](const std::string& path) {
      core::Stack s;
      s.path = path;
      s.images.push_back(image("base", {}));
      s.images.push_back(image("child", {{"base", std::string(k_host) + "/acme/base"}}));
      s.images.push_back(
          image("grandchild", {{"child", std::string(k_host) + "/acme/child"}}));
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
  std::string build_tag() {
    const app::RunContext rc = app::read_run_context(env);
    (void)rc;
    return files.outputs().at("version");
  }
  Strings builds() const {
    Strings out;
    for (const auto& call : processes.calls()) {
      const std::string line = core::join(call.argv, " ");
      if (line.find(" build ") != std::string::npos) {
        out.push_back(line);
      }
    }
    return out;
  }
};

TEST(StackMatrixActionTest, TheRunsOutputsHoldTheMatrixByLevel) {
  Fake f;
  f.env.set(io::input_variable("dry-run"), "true");
  EXPECT_EQ(f.run(), 0);
  const auto& out = f.files.outputs();
  EXPECT_EQ(out.at("matrix"),
            "{\"include\":[{\"image\":\"child\",\"level\":1},{\"image\":\"grandchild\","
            "\"level\":2}]}");
  EXPECT_EQ(out.at("levels"), "3");
  EXPECT_EQ(out.at("level-builds"), "[0,1,1]");
  EXPECT_EQ(out.at("level-matrices").substr(0, 48),
            "[{\"include\":[{\"image\":\"(none)\",\"level\":0}]},{\"in");
  EXPECT_NE(f.log_text().find("matrix level 1: child"), std::string::npos)
      << f.log_text();
}

TEST(StackMatrixActionTest,
     AMatrixJobBuildsFromTheParentsTagInTheRegistryAndPushesOnlyItsBuildTag) {
  Fake f;
  f.env.set(io::input_variable("stack-image"), "child");
  EXPECT_EQ(f.run(), 0);
  const std::string tag = f.files.outputs().at("version");
  const Strings builds = f.builds();
  ASSERT_EQ(builds.size(), 1U) << core::join(builds, "\n");
  EXPECT_NE(builds[0].find("--build-context registry.test/acme/base=docker-image://"
                           "registry.test/acme/base:2026.4-0000001"),
            std::string::npos)
      << builds[0];
  const Strings subs = f.processes.subcommands();
  EXPECT_EQ(std::count(subs.begin(), subs.end(), "push"), 1) << core::join(subs, ",");
  EXPECT_TRUE(f.registries.at(k_host).writes().empty())
      << core::join(f.registries.at(k_host).writes(), "\n");
  EXPECT_TRUE(f.registries.at(k_host).head_manifest("acme/child", tag).has_value());
  EXPECT_EQ(f.files.outputs().at("tag-names"), tag) << "no moving tag";
}

TEST(StackMatrixActionTest,
     AMatrixJobStopsBeforeBuildingWhenItsParentsBuildTagIsMissing) {
  Fake f;
  f.env.set(io::input_variable("stack-image"), "grandchild");
  try {
    f.run();
    FAIL() << "built without its parent";
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "stack-image");
    EXPECT_NE(std::string(e.what()).find(
                  "grandchild's parent child has no registry.test/acme/child:"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(f.builds().empty());
}

TEST(StackMatrixActionTest, StackImageMustNameAnImageOfTheStack) {
  Fake f;
  f.env.set(io::input_variable("stack-image"), "notebok");
  try {
    f.run();
    FAIL() << "an unknown stack-image";
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "stack-image");
    EXPECT_NE(std::string(e.what()).find("(base, child, grandchild)"), std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(f.processes.calls().empty());
}

TEST(StackMatrixActionTest, TheFinalJobMovesNothingWhileABuiltImageLacksItsBuildTag) {
  Fake f;
  f.env.set(io::input_variable("stack-image"), "child");
  EXPECT_EQ(f.run(), 0);
  const std::string tag = f.files.outputs().at("version");
  f.env.set(io::input_variable("stack-image"), "");
  f.env.set(io::input_variable("stack-finish"), "true");
  try {
    f.run();
    FAIL() << "finished without grandchild";
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "stack-finish");
    EXPECT_NE(std::string(e.what()).find("grandchild lacks the run's build tag " + tag),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(f.registries.at(k_host).writes().empty());
}

TEST(StackMatrixActionTest, TheFinalJobRetagsTheUnchangedAndMovesEveryTagLast) {
  Fake f;
  for (const char* name : {"child", "grandchild"}) {
    f.env.set(io::input_variable("stack-image"), name);
    EXPECT_EQ(f.run(), 0);
  }
  const std::string tag = f.files.outputs().at("version");
  f.env.set(io::input_variable("stack-image"), "");
  f.env.set(io::input_variable("stack-finish"), "true");
  f.env.set(io::input_variable("dry-run"), "true");
  EXPECT_EQ(f.run(), 0);
  EXPECT_TRUE(f.registries.at(k_host).writes().empty()) << "a dry run writes nothing";
  f.env.set(io::input_variable("dry-run"), "false");
  const std::size_t docker_calls = f.processes.calls().size();
  EXPECT_EQ(f.run(), 0);
  EXPECT_EQ(f.processes.calls().size(), docker_calls) << "the final job runs no docker";
  const Strings writes = f.registries.at(k_host).writes();
  ASSERT_EQ(writes.size(), 7U) << core::join(writes, "\n")
                               << "\n(a re-tag, then sha-, latest × three images)";
  EXPECT_EQ(writes[0], "PUT acme/base:" + tag);
  EXPECT_NE(std::find(writes.begin(), writes.end(), "PUT acme/base:latest"),
            writes.end());
  EXPECT_NE(std::find(writes.begin(), writes.end(), "PUT acme/grandchild:latest"),
            writes.end());
  EXPECT_EQ(writes.back().rfind("PUT acme/grandchild:", 0), 0U) << writes.back();
}

}  // namespace
}  // namespace berth
