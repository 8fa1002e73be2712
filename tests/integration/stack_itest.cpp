// SPDX-License-Identifier: MIT
// A stack run on Docker Engine 26, both image stores, without a registry
// (push: false): three images built in order with --load, each child FROM
// its parent just built through the named context (the images are named
// stack.invalid/..., which no daemon can pull), then every test in the built
// images, all of them after a failure, and the JUnit files. The stack comes
// from the test (the stack file reader is another part's).
// Needs `eval "$(testenv/engine26.sh up --store both)"`; skips without it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "app/stack.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "io/files.hpp"
#include "io/process.hpp"
#include "support/fake_services.hpp"
#include "support/fixtures.hpp"
#include "support/testenv.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;

const char* env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

// The host's dash and its loader and libc: a base image with a shell, made
// without any registry.
bool copy_shell(const fs::path& root) {
  const char* files[] = {"/bin/dash", "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2"};
  for (const char* f : files) {
    if (!fs::exists(f)) {
      return false;
    }
    fs::create_directories(root / fs::path(f).relative_path().parent_path());
    fs::copy_file(f, root / fs::path(f).relative_path(), fs::copy_options::overwrite_existing);
  }
  fs::create_directories(root / "bin");
  fs::copy_file("/bin/dash", root / "bin/sh", fs::copy_options::overwrite_existing);
  return true;
}

class StackRunTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    if (*env_or_empty("BERTH_ENGINE26_DOCKER_CONFIG") == '\0') {
      GTEST_SKIP() << "Engine 26 is not up: eval \"$(testenv/engine26.sh up --store both)\"";
    }
    m_daemon = testing::need_env(GetParam());
    m_prefix = "stack.invalid/it" + std::to_string(std::random_device{}() % 1000000000);
    const fs::path ws = m_dir.path();
    if (!copy_shell(ws / "base" / "rootfs")) {
      GTEST_SKIP() << "no /bin/dash with its libc to make a base image from";
    }
    fs::create_directories(ws / "child");
    fs::create_directories(ws / "grandchild");
    m_dir.write("base/Dockerfile", "FROM scratch\nCOPY rootfs/ /\nCOPY marker /marker-base\n");
    m_marker = "base-" + std::to_string(std::random_device{}());
    m_dir.write("base/marker", m_marker + "\n");
    m_dir.write("child/Dockerfile", "FROM " + m_prefix + "/base\nCOPY child.txt /child.txt\n");
    m_dir.write("child/child.txt", "child\n");
    m_dir.write("grandchild/Dockerfile", "FROM " + m_prefix + "/child\nCOPY gc.txt /gc.txt\n");
    m_dir.write("grandchild/gc.txt", "grandchild\n");
  }

  core::StackImage image(const std::string& name, std::vector<core::StackParent> parents,
                         std::vector<core::StackTest> tests) {
    core::StackImage i;
    i.name = name;
    i.image = m_prefix + "/" + name;
    i.context = m_dir.path() + "/" + name;
    i.dockerfile = i.context + "/Dockerfile";
    i.parents = std::move(parents);
    i.tests = std::move(tests);
    return i;
  }

  app::StackSources sources() {
    app::StackSources src;
    src.load = [this](const std::string&) {
      core::Stack s;
      s.path = "stack.yml";
      s.images.push_back(image("base", {}, {{"marker", "read -r m </marker-base && test \"$m\" = " + m_marker, 1}}));
      s.images.push_back(image("child", {{"base", m_prefix + "/base"}},
                               {{"fails", "echo child says no; exit 3", 2}}));
      s.images.push_back(image("grandchild", {{"child", m_prefix + "/child"}},
                               {{"files", "test -f /child.txt && test -f /gc.txt", 3}}));
      s.common_tests = {{"shell", "echo from the shell", 4}};
      return s;
    };
    src.changes = [](const core::Stack&, const app::RunContext&) {
      core::ChangeSet c;
      c.all = true;
      c.all_reason = "the integration test";
      return c;
    };
    src.decide = [](const core::Stack& s, const core::ChangeSet& c) {
      std::vector<core::StackDecision> out;
      for (const core::StackImage& i : s.images) {
        out.push_back({i.name, core::StackAction::k_build, c.all_reason});
      }
      return out;
    };
    return src;
  }

  std::string m_daemon, m_prefix, m_marker;
  testing::TempDir m_dir;
};

TEST_P(StackRunTest, BuildsInOrderFromTheParentJustBuiltAndRunsEveryTest) {
  io::Env env = testing::load_event("push_default");
  env.set("PATH", "/usr/local/bin:/usr/bin:/bin");
  env.set("HOME", m_dir.path());
  env.set("RUNNER_TEMP", m_dir.path());
  env.set("DOCKER_HOST", m_daemon);
  env.set("DOCKER_CONFIG", testing::need_env("BERTH_ENGINE26_DOCKER_CONFIG"));
  env.set("GITHUB_STEP_SUMMARY", m_dir.write("summary.md", ""));
  env.set("GITHUB_OUTPUT", m_dir.write("output", ""));
  env.set(io::input_variable("stack"), "true");
  env.set(io::input_variable("push"), "false");
  const app::RunContext rc = app::read_run_context(env);
  testing::FakeServices fakes(env);
  // The stack's names are on a host no daemon reaches, which berth has no
  // credentials for (the children's FROM names it; the named contexts serve them).
  fakes.registries.withhold_password("stack.invalid");
  io::PosixProcessRunner processes;
  io::RealFiles files;
  app::Services s{fakes.env, fakes.console, processes, files, fakes.registries,
                  [] { return 0; }, [] { return std::string("0123456789abcdef0123"); }};
  try {
    app::run_stack_action(rc, s, sources());
    FAIL() << "a failed test passed\n" << fakes.log_text();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "tests failed: child: fails (exit status 3), grandchild: fails (exit status 3)")
        << "child's test runs in the grandchild too (an ancestor's)\n" << fakes.log_text();
  }
  const std::string log = fakes.log_text();
  // every test ran: base 2, child 3, grandchild 4 (common, base's, child's, own)
  for (const char* passed : {"test base: marker: passed", "test grandchild: marker: passed",
                             "test grandchild: files: passed", "test child: shell: passed"}) {
    EXPECT_NE(log.find(passed), std::string::npos) << passed << "\n" << log;
  }
  EXPECT_NE(log.find("child says no"), std::string::npos);
  const std::string summary = m_dir.read("summary.md");
  EXPECT_NE(summary.find("| child | fails | own | ❌ failed (exit status 3)"), std::string::npos)
      << summary;
  EXPECT_NE(summary.find("| grandchild | fails | child | ❌ failed"), std::string::npos) << summary;
  // JUnit, one file per image
  std::string junit_dir;
  for (const char* line : {"junit-dir<<"}) {
    const std::string out = m_dir.read("output");
    const auto at = out.find(line);
    ASSERT_NE(at, std::string::npos) << out;
    const auto start = out.find('\n', at) + 1;
    junit_dir = out.substr(start, out.find('\n', start) - start);
  }
  std::ifstream in(junit_dir + "/grandchild.xml");
  const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(xml.find("tests=\"4\" failures=\"1\""), std::string::npos) << xml;
  // The package lists, written after the tests though some failed (a shell
  // but no package tool in these images: empty manifests); nothing stored.
  const std::string out = m_dir.read("output");
  const auto at = out.find("packages-dir<<");
  ASSERT_NE(at, std::string::npos) << out;
  const auto start = out.find('\n', at) + 1;
  const std::string packages_dir = out.substr(start, out.find('\n', start) - start);
  for (const char* name : {"base", "child", "grandchild"}) {
    std::ifstream json(packages_dir + "/" + name + ".packages.json");
    const std::string text((std::istreambuf_iterator<char>(json)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, "{\"berthPackages\":1,\"tools\":{}}\n") << name;
  }
  EXPECT_NE(summary.find("#### Packages of grandchild"), std::string::npos) << summary;
  EXPECT_NE(summary.find("No package tool found in the image"), std::string::npos) << summary;
  // the images stay in the daemon under the build tag; clean them up
  for (const char* name : {"grandchild", "child", "base"}) {
    io::ProcessSpec rm{{"docker", "image", "rm", "-f", m_prefix + "/" + name + ":2023.2-a1239a5"},
                       app::child_env(env), {}, 60'000, true};
    processes.run(rm, {});
  }
}

INSTANTIATE_TEST_SUITE_P(Engine26, StackRunTest,
                         ::testing::Values(testing::k_engine26_classic,
                                           testing::k_engine26_containerd),
                         testing::engine26_store_name);

}  // namespace
}  // namespace berth
