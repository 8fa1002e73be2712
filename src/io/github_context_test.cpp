// SPDX-License-Identifier: MIT
#include "io/github_context.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "support/fixtures.hpp"

namespace berth::io {
namespace {

std::string error_input(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.input();
  }
  return "no error";
}

TEST(GitHubContextTest, ReadsEnvAndPayload) {
  const core::GitHubContext ctx = read_github_context(testing::load_event("pull_request"));
  EXPECT_EQ(ctx.event_name, "pull_request");
  EXPECT_EQ(ctx.ref, "refs/pull/42/merge");
  EXPECT_EQ(ctx.repository, "Alice/Bot");
  EXPECT_EQ(ctx.repository_owner, "Alice");
  EXPECT_EQ(ctx.actor, "alice");
  EXPECT_EQ(ctx.run_number, "17");
  EXPECT_EQ(ctx.server_url, "https://github.com");
  EXPECT_EQ(ctx.head_ref, "feature/x");
  EXPECT_EQ(ctx.repo.default_branch, "core");
  EXPECT_EQ(ctx.repo.license, "MIT");
  EXPECT_EQ(ctx.pr_number, 42);
  EXPECT_EQ(ctx.pr_head_sha, "5eadbeef0123456789abcdef0123456789abcdef");
  EXPECT_EQ(ctx.pr_head_ref, "feature/x");
  EXPECT_EQ(ctx.pr_base_ref, "core");
  EXPECT_EQ(core::effective_sha(ctx), ctx.pr_head_sha);
}

TEST(GitHubContextTest, ReadsCommitTimeAndDispatchInputs) {
  const core::GitHubContext push = read_github_context(testing::load_event("push_default"));
  ASSERT_TRUE(push.commit_time);
  EXPECT_EQ(*push.commit_time, 1683187200000);  // 2023-05-04T08:00:00Z
  const core::GitHubContext wd = read_github_context(testing::load_event("workflow_dispatch"));
  EXPECT_FALSE(wd.commit_time);
  ASSERT_EQ(wd.dispatch_inputs.size(), 2u);
  EXPECT_EQ(wd.dispatch_inputs[0], (std::pair<std::string, std::string>{"tag", "2023.2-a1239a5"}));
  EXPECT_EQ(wd.dispatch_inputs[1], (std::pair<std::string, std::string>{"dry-run", "true"}));
}

TEST(GitHubContextTest, TakesThePullRequestTargetNumberFromThePayload) {
  const core::GitHubContext ctx = read_github_context(testing::load_event("pull_request_target"));
  EXPECT_EQ(core::pull_request_number(ctx), 7);
}

TEST(GitHubContextTest, RunsWithoutPayloadLocally) {
  Env env;
  env.set("GITHUB_REPOSITORY", "a/b");
  const core::GitHubContext ctx = read_github_context(env);
  EXPECT_EQ(ctx.repository, "a/b");
  EXPECT_TRUE(ctx.repo.default_branch.empty());
}

TEST(GitHubContextTest, RejectsBadPayloads) {
  const char* bad[] = {
      "",
      "{",
      "[]",
      "\"text\"",
      "{\"repository\": 5}",
      "{\"repository\": {\"default_branch\": 1}}",
      "{\"pull_request\": {\"number\": \"42\"}}",
      "{\"pull_request\": {\"number\": -1}}",
      "{\"commits\": {}}",
      "{\"head_commit\": {\"id\": \"abc\", \"timestamp\": \"yesterday\"}}",
      "{\"inputs\": []}",
      "{\"repository\": {\"license\": {\"spdx_id\": []}}}",
      "{\"a\": 1} trailing",
  };
  for (const char* json : bad) {
    core::GitHubContext ctx;
    ctx.sha = "abc";
    EXPECT_EQ(error_input([&] { apply_event_payload(json, ctx); }), "GITHUB_EVENT_PATH")
        << json;
  }
}

// A payload nested a million arrays deep overflowed the recursive parser's
// stack (found following fuzz/fuzz_event_payload.cpp past its input size).
TEST(GitHubContextTest, SurvivesADeeplyNestedPayload) {
  const std::size_t depth = 1'000'000;
  const std::string json =
      "{\"inputs\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
  core::GitHubContext ctx;
  EXPECT_EQ(error_input([&] { apply_event_payload(json, ctx); }), "GITHUB_EVENT_PATH");
}

TEST(GitHubContextTest, ToleratesNullsAndMissingFields) {
  core::GitHubContext ctx;
  apply_event_payload(
      "{\"repository\": {\"description\": null, \"license\": null}, \"pull_request\": null}",
      ctx);
  EXPECT_EQ(ctx.repo.description, "");
  EXPECT_FALSE(ctx.pr_number);
}

TEST(GitHubContextTest, NamesAMissingPayloadFileAndUnknownEvents) {
  Env missing;
  missing.set("GITHUB_EVENT_PATH", "/nonexistent/event.json");
  EXPECT_EQ(error_input([&] { read_github_context(missing); }), "GITHUB_EVENT_PATH");
  Env unknown;
  unknown.set("GITHUB_EVENT_NAME", "git_push");
  EXPECT_EQ(error_input([&] { read_github_context(unknown); }), "GITHUB_EVENT_NAME");
}

TEST(EnvTest, NamesInputVariablesLikeTheRunner) {
  EXPECT_EQ(input_variable("dry-run"), "INPUT_DRY-RUN");
  EXPECT_EQ(input_variable("promote-to"), "INPUT_PROMOTE-TO");
  EXPECT_EQ(input_variable("my input"), "INPUT_MY_INPUT");
  Env env;
  env.set("INPUT_DRY-RUN", "true");
  env.set("INPUT_DRY_RUN", "false");  // not berth's: hyphens are kept
  EXPECT_EQ(read_inputs(env).at("dry-run"), "true");
}

TEST(EnvTest, CopiesEnviron) {
  char a[] = "A=1";
  char b[] = "B=x=y";
  char c[] = "NOVALUE";
  char* envp[] = {a, b, c, nullptr};
  const Env env = Env::from_environ(envp);
  EXPECT_EQ(env.get("A"), "1");
  EXPECT_EQ(env.get("B"), "x=y");
  EXPECT_FALSE(env.find("NOVALUE"));
}

}  // namespace
}  // namespace berth::io
