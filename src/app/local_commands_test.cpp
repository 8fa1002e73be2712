// SPDX-License-Identifier: MIT
// berth init, the help of every subcommand, terminal manners.
#include "app/local_commands.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <sstream>

#include "app/terminal.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "support/fixtures.hpp"
#include "support/spawn.hpp"

namespace berth::app {
namespace {

io::Env base_env() {
  io::Env env;
  env.set("PATH", std::getenv("PATH") != nullptr ? std::getenv("PATH") : "/usr/bin:/bin");
  return env;
}

// The subcommands `berth --help` lists.
std::vector<std::string> subcommands() {
  const testing::RunResult r = testing::run({testing::berth_binary(), "--help"}, base_env());
  EXPECT_EQ(r.status, 0);
  std::vector<std::string> out;
  bool in_list = false;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (core::starts_with(line, "Subcommands:") || core::starts_with(line, "SUBCOMMANDS:")) {
      in_list = true;
    } else if (in_list && core::starts_with(line, "  ")) {
      out.emplace_back(core::split(core::trim(line), ' ').front());
    } else if (in_list) {
      break;
    }
  }
  return out;
}

TEST(CliHelp, EverySubcommandShowsAnExample) {
  const std::vector<std::string> names = subcommands();
  ASSERT_GE(names.size(), 4u);  // tags, plan, init, promote at least
  for (const std::string& name : names) {
    const testing::RunResult r = testing::run({testing::berth_binary(), name, "--help"}, base_env());
    EXPECT_EQ(r.status, 0) << name;
    EXPECT_NE(r.out.find("Example:\n  berth " + name), std::string::npos) << name << ":\n" << r.out;
  }
  const testing::RunResult root = testing::run({testing::berth_binary(), "--help"}, base_env());
  EXPECT_NE(root.out.find("Example:\n  berth "), std::string::npos);
}

TEST(Terminal, ColourOnlyOnATerminalAndNeverWithNoColor) {
  io::Env env;
  EXPECT_TRUE(colour_allowed(true, env));
  EXPECT_FALSE(colour_allowed(false, env));
  env.set("NO_COLOR", "1");
  EXPECT_FALSE(colour_allowed(true, env));
  env.set("NO_COLOR", "");  // no-color.org: set and empty does not count
  EXPECT_TRUE(colour_allowed(true, env));
  env.set("TERM", "dumb");
  EXPECT_FALSE(colour_allowed(true, env));
  io::Env actions;
  actions.set("GITHUB_ACTIONS", "true");
  EXPECT_FALSE(colour_allowed(true, actions));
  EXPECT_EQ(paint("x", Style::k_red, false), "x");
  EXPECT_EQ(paint("x", Style::k_red, true), "\x1b[31mx\x1b[0m");
}

TEST(Terminal, WorkflowCommandsOnlyInActions) {
  io::Env laptop;
  EXPECT_EQ(console_style(true, laptop), io::ConsoleStyle::k_plain_colour);
  EXPECT_EQ(console_style(false, laptop), io::ConsoleStyle::k_plain);
  laptop.set("NO_COLOR", "1");
  EXPECT_EQ(console_style(true, laptop), io::ConsoleStyle::k_plain);
  io::Env actions;
  actions.set("GITHUB_ACTIONS", "true");
  EXPECT_EQ(console_style(true, actions), io::ConsoleStyle::k_workflow);
  EXPECT_EQ(console_style(false, actions), io::ConsoleStyle::k_workflow);
}

TEST(Terminal, ErrorsArePlainLinesOnALaptopAndAnnotationsInActions) {
  // A bad input, both ways: the same binary, the same error.
  const std::vector<std::string> argv = {testing::berth_binary(), "tags", "--tag", "v1.2.3",
                                         "--sha", "0123456789abcdef0123456789abcdef01234567",
                                         "--repository", "acme/app", "--tags", "bad tag!"};
  io::Env env = base_env();
  const testing::RunResult laptop = testing::run(argv, env);
  EXPECT_EQ(laptop.status, 1) << laptop.err;
  EXPECT_NE(laptop.err.find("\nerror: "), std::string::npos) << laptop.err;
  EXPECT_EQ(laptop.err.find("::error"), std::string::npos) << laptop.err;
  env.set("GITHUB_ACTIONS", "true");
  const testing::RunResult actions = testing::run(argv, env);
  EXPECT_EQ(actions.status, 1) << actions.err;
  EXPECT_NE(actions.err.find("::error title=Invalid input"), std::string::npos) << actions.err;
  EXPECT_EQ(actions.err.find("\nerror: "), std::string::npos) << actions.err;
}

TEST(PromoteCommand, TakesTheEventFlagsAndSaysWhereTheContextCameFrom) {
  // What the manual promotion workflow would do, asked from a laptop: the
  // image defaults to the repository's (here from the flag), the registry
  // is unreachable, so the error names the reference read first.
  io::Env env = base_env();
  env.set("BERTH_RETRY_ATTEMPTS", "1");
  const testing::RunResult r = testing::run(
      {testing::berth_binary(), "promote", "--event", "workflow_dispatch", "--branch", "main",
       "--repository", "Acme/App", "--sha", "0123456789abcdef0123456789abcdef01234567",
       "--registry", "127.0.0.1:1", "--from", "2025.3-abcdef0", "--dry-run"},
      env);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("event           workflow_dispatch  (flag)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ref             refs/heads/main  (flag)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("error: promote: request to https://127.0.0.1:1/v2/acme/app/manifests/"
                       "2025.3-abcdef0 failed"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "") << "no report without a promotion";
}

TEST(PromoteCommand, StackAndImageExcludeEachOther) {
  const testing::RunResult r =
      testing::run({testing::berth_binary(), "promote", "--stack", "true", "--image", "a/b",
                    "--from", "2025.3-abcdef0"},
                   base_env());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("excludes"), std::string::npos) << r.err;
}

TEST(Terminal, NoEscapesWhenNotATerminal) {
  // The binary's stderr is a pipe here: the context lines carry no colour.
  io::Env env = base_env();
  const testing::RunResult r = testing::run(
      {testing::berth_binary(), "tags", "--tag", "v1.2.3", "--sha",
       "0123456789abcdef0123456789abcdef01234567", "--repository", "acme/app"},
      env);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("ref             refs/tags/v1.2.3  (flag)"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos);
}

struct InitRepo {
  testing::TempDir dir;
  InitRepo() { mkdir((dir.path() + "/.git").c_str(), 0755); }
  int init(const io::Env& env, std::vector<std::string>* log = nullptr) {
    io::Console console([log](const std::string& line) {
      if (log != nullptr) log->push_back(line);
    });
    return run_init(env, console, {}, dir.path());
  }
};

TEST(Init, WritesTheTwoWorkflows) {
  InitRepo repo;
  io::Env env;
  env.set("BERTH_INIT_CALVER", "true");
  env.set("BERTH_INIT_DEFAULT_BRANCH", "core");
  ASSERT_EQ(repo.init(env), 0);
  const std::string build = repo.dir.read(".github/workflows/berth.yml");
  EXPECT_NE(build.find("branches: ['core']"), std::string::npos) << build;
  EXPECT_NE(build.find("tags: ['v*']"), std::string::npos);
  EXPECT_NE(build.find("calver: true"), std::string::npos);
  const std::string promote = repo.dir.read(".github/workflows/berth-promote.yml");
  EXPECT_NE(promote.find("workflow_dispatch:"), std::string::npos);
  EXPECT_NE(promote.find("default: true"), std::string::npos) << "a dry run by default";
  EXPECT_EQ(promote.find("stack:"), std::string::npos) << "no stack file, no stack promotion";
  EXPECT_EQ(repo.dir.read(".github/workflows/berth-stack.yml"), "");
}

TEST(Init, WritesTheStackWorkflowWhenAStackFileIsThere) {
  InitRepo repo;
  mkdir((repo.dir.path() + "/.github").c_str(), 0755);
  repo.dir.write(".github/berth-stack.yml", "images:\n  base: {}\n");
  ASSERT_EQ(repo.init(io::Env{}), 0);
  const std::string stack = repo.dir.read(".github/workflows/berth-stack.yml");
  EXPECT_NE(stack.find("stack: true"), std::string::npos) << stack;
  EXPECT_NE(stack.find("fetch-depth: 0"), std::string::npos);
  // The promotion of a stack repository promotes the whole stack.
  EXPECT_NE(repo.dir.read(".github/workflows/berth-promote.yml").find("          stack: true\n"),
            std::string::npos);
}

TEST(Init, RefusesToOverwriteAndWritesNothing) {
  InitRepo repo;
  mkdir((repo.dir.path() + "/.github").c_str(), 0755);
  mkdir((repo.dir.path() + "/.github/workflows").c_str(), 0755);
  repo.dir.write(".github/workflows/berth-promote.yml", "mine\n");
  try {
    repo.init(io::Env{});
    FAIL() << "no error";
  } catch (const Errors& e) {
    ASSERT_EQ(e.all().size(), 1u);
    EXPECT_EQ(std::string(e.all()[0].what()).rfind(".github/workflows/berth-promote.yml exists", 0),
              0u)
        << e.what();
  }
  EXPECT_EQ(repo.dir.read(".github/workflows/berth-promote.yml"), "mine\n");
  EXPECT_EQ(repo.dir.read(".github/workflows/berth.yml"), "") << "nothing written";
}

TEST(Init, OutsideACheckoutSaysWhatToDo) {
  testing::TempDir dir;
  io::Console console([](const std::string&) {});
  try {
    run_init(io::Env{}, console, {}, dir.path());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not the root of a git checkout"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("git rev-parse --show-toplevel"), std::string::npos);
  }
}

// The written files pass the project's workflow linter (action-validator).
TEST(Init, WrittenWorkflowsPassTheLinter) {
  if (std::system("command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "scripts/lint-workflows.sh needs node and npm";
  }
  InitRepo repo;
  mkdir((repo.dir.path() + "/.github").c_str(), 0755);
  repo.dir.write(".github/berth-stack.yml", "images:\n  base: {}\n");
  io::Env env;
  env.set("BERTH_INIT_CALVER", "true");
  ASSERT_EQ(repo.init(env), 0);
  const std::string w = repo.dir.path() + "/.github/workflows/";
  io::Env lint_env = base_env();
  if (const char* home = std::getenv("HOME")) lint_env.set("HOME", home);
  const testing::RunResult r =
      testing::run({"/bin/bash", std::string(BERTH_TESTDATA) + "/../scripts/lint-workflows.sh", w + "berth.yml",
                    w + "berth-promote.yml", w + "berth-stack.yml"},
                   lint_env);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("3 passed, 0 failed"), std::string::npos) << r.out << r.err;
}

TEST(Init, TheLinterCanFailOnABrokenWorkflow) {
  if (std::system("command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "scripts/lint-workflows.sh needs node and npm";
  }
  testing::TempDir dir;
  const std::string bad = dir.write("bad.yml", "name: x\non:\n  push:\njobs:\n  a:\n    steps: 3\n");
  io::Env lint_env = base_env();
  if (const char* home = std::getenv("HOME")) lint_env.set("HOME", home);
  const testing::RunResult r =
      testing::run({"/bin/bash", std::string(BERTH_TESTDATA) + "/../scripts/lint-workflows.sh", bad}, lint_env);
  EXPECT_NE(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("0 passed, 1 failed"), std::string::npos) << r.out << r.err;
}

}  // namespace
}  // namespace berth::app

namespace berth::app {
namespace {

// berth plan with no docker to ask (PATH without it): the plan the action's
// dry run would carry out, as JSON on stdout; text on stderr otherwise.
TEST(Plan, JsonOnStdoutTextOnStderrNothingRuns) {
  testing::TempDir dir;
  dir.write("Dockerfile", "FROM scratch\n");
  io::Env env;
  env.set("PATH", "/nonexistent");
  env.set("HOME", dir.path());
  const std::vector<std::string> args{testing::berth_binary(), "plan", "--tag", "v1.2.3",
                                      "--sha", "0123456789abcdef0123456789abcdef01234567",
                                      "--repository", "acme/app", "--push", "false",
                                      "--context", dir.path()};
  std::vector<std::string> json_args = args;
  json_args.push_back("--json");
  const testing::RunResult j = testing::run(json_args, env);
  ASSERT_EQ(j.status, 0) << j.err;
  EXPECT_EQ(j.out.rfind("{", 0), 0u) << j.out;
  EXPECT_NE(j.out.find("\"dry_run\": true"), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("\"status\": \"planned\""), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("ghcr.io/acme/app:1.2.3"), std::string::npos);
  const testing::RunResult t = testing::run(args, env);
  ASSERT_EQ(t.status, 0) << t.err;
  EXPECT_EQ(t.out, "");
  EXPECT_NE(t.err.find("  ghcr.io/acme/app:1.2"), std::string::npos) << t.err;
  EXPECT_NE(t.err.find("a dry run: nothing was built or pushed"), std::string::npos) << t.err;
}

TEST(Plan, MissingLoginSaysHowToSeeThePlan) {
  testing::TempDir dir;
  dir.write("Dockerfile", "FROM scratch\n");
  io::Env env;
  env.set("PATH", "/nonexistent");
  env.set("HOME", dir.path());
  env.set("DOCKER_CONFIG", dir.path());
  const testing::RunResult r = testing::run(
      {testing::berth_binary(), "plan", "--tag", "v1.2.3", "--sha",
       "0123456789abcdef0123456789abcdef01234567", "--repository", "acme/app", "--context",
       dir.path()},
      env);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("berth plan --push false"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace berth::app
