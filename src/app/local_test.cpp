// SPDX-License-Identifier: MIT
// The context of a local run read through a fake git repository (facts built
// by hand), compared with the runner's context for the same push.
#include "app/local.hpp"

#include <gtest/gtest.h>

#include "app/run.hpp"
#include "core/error.hpp"
#include "core/metadata.hpp"
#include "support/fixtures.hpp"

namespace berth::app {
namespace {

class FakeRepo : public io::GitRepo {
 public:
  explicit FakeRepo(core::CheckoutFacts f) : m_facts(std::move(f)) {}
  core::CheckoutFacts facts() override { return m_facts; }
  std::vector<std::string> history(const std::string& sha, std::size_t) override { return {sha}; }
  std::vector<std::string> changed_paths(const std::string&, const std::string&) override {
    return {};
  }
  bool has_commit(const std::string&) override { return true; }

 private:
  core::CheckoutFacts m_facts;
};

GitOpener opener(const core::CheckoutFacts& f) {
  return [f](const std::string&) { return std::make_unique<FakeRepo>(f); };
}

// The checkout of testdata/events/push_default: Alice/Bot at a1239a5 on core.
core::CheckoutFacts alice_bot() {
  core::CheckoutFacts f;
  f.root = "/home/alice/bot";
  f.head_sha = "a1239a5c0ffee0ddba11f00dfeedbeefcafe0001";
  f.head_time_s = 1683187200;  // 2023-05-04T08:00:00Z = the payload's 10:00+02:00
  f.branch = "core";
  f.origin_url = "https://github.com/Alice/Bot.git";
  f.default_branch = "core";
  return f;
}

core::Clock fixed_clock() {
  core::Clock c;
  c.now = 1700000000000;  // 2023.4: a calver tag from the clock would differ
  return c;
}

std::vector<std::string> tags_of(const io::Env& env, const GitOpener& open) {
  const RunContext rc = read_run_context(env, open);
  return core::compute_metadata(rc.inputs, rc.github, fixed_clock()).tag_set.names();
}

TEST(LocalRun, SamePushGivesTheRunnersTags) {
  io::Env runner = testing::load_event("push_default");
  runner.set("INPUT_CALVER", "true");
  io::Env laptop;
  laptop.set("INPUT_CALVER", "true");
  const auto from_runner = tags_of(runner, {});
  const auto from_checkout = tags_of(laptop, opener(alice_bot()));
  EXPECT_EQ(from_checkout, from_runner);
  EXPECT_EQ(from_checkout,
            (std::vector<std::string>{"2023.2-a1239a5", "sha-a1239a5", "latest"}));
}

TEST(LocalRun, SamePullRequestGivesTheRunnersTags) {
  io::Env runner = testing::load_event("pull_request");
  runner.set("INPUT_CALVER", "true");
  core::CheckoutFacts f = alice_bot();
  f.head_sha = "5eadbeef0123456789abcdef0123456789abcdef";
  f.branch = "feature/x";
  io::Env laptop;
  laptop.set("INPUT_CALVER", "true");
  laptop.set("BERTH_SIMULATE_PR", "42");
  EXPECT_EQ(tags_of(laptop, opener(f)), tags_of(runner, {}));
  const RunContext rc = read_run_context(laptop, opener(f));
  EXPECT_EQ(rc.github.pr_number, 42);
  EXPECT_EQ(rc.github.pr_head_sha, f.head_sha);
  EXPECT_EQ(rc.github.head_ref, "feature/x");
  EXPECT_EQ(rc.github.base_ref, "core");
}

TEST(LocalRun, TagFlagAnswersForTheCurrentCommit) {
  io::Env laptop;
  laptop.set("BERTH_SIMULATE_TAG", "v2.0.0");
  const RunContext rc = read_run_context(laptop, opener(alice_bot()));
  EXPECT_TRUE(rc.context.local);
  EXPECT_EQ(rc.github.ref, "refs/tags/v2.0.0");
  EXPECT_EQ(rc.github.sha, alice_bot().head_sha);
  EXPECT_EQ(rc.github.repository, "Alice/Bot");
  EXPECT_EQ(rc.github.repo.default_branch, "core");
  EXPECT_EQ(core::compute_metadata(rc.inputs, rc.github, fixed_clock()).tag_set.names(),
            (std::vector<std::string>{"2.0.0", "2.0", "2", "latest"}));
  bool saw_flag = false;
  for (const core::ContextFact& f : rc.context.facts) {
    if (f.name == "ref") {
      saw_flag = f.source == core::FactSource::k_flag;
    }
  }
  EXPECT_TRUE(saw_flag);
}

TEST(LocalRun, InActionsTheCheckoutIsNotRead) {
  io::Env runner = testing::load_event("push_default");
  bool opened = false;
  const GitOpener spy = [&opened](const std::string&) -> std::unique_ptr<io::GitRepo> {
    opened = true;
    return std::make_unique<FakeRepo>(core::CheckoutFacts{});
  };
  const RunContext rc = read_run_context(runner, spy);
  EXPECT_FALSE(opened);
  EXPECT_FALSE(rc.context.local);
  EXPECT_TRUE(rc.context.hints.empty());
  EXPECT_EQ(rc.github.ref, "refs/heads/core");
}

TEST(LocalRun, NoCheckoutSaysWhatToDo) {
  const GitOpener none = [](const std::string& path) -> std::unique_ptr<io::GitRepo> {
    throw Error("no git repository at " + path);
  };
  const ContextReading r = read_context(io::Env{}, none);
  ASSERT_FALSE(r.hints.empty());
  EXPECT_NE(r.hints[0].find("no git checkout here (no git repository at .)"), std::string::npos);
  EXPECT_NE(r.hints[0].find("--sha, --repository"), std::string::npos);
}

TEST(LocalRun, ConflictingFlagsAreRefusedByName) {
  io::Env laptop;
  laptop.set("BERTH_SIMULATE_PR", "3");
  laptop.set("BERTH_SIMULATE_EVENT", "schedule");
  try {
    read_run_context(laptop, opener(alice_bot()));
    FAIL() << "no error";
  } catch (const Errors& e) {
    EXPECT_NE(std::string(e.all().front().what()).find("--pr and --event schedule"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace berth::app
