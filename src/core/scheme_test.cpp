// SPDX-License-Identifier: MIT
#include "core/scheme.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace berth::core {
namespace {

using Tags = std::vector<std::string>;

GitHubContext push(const std::string& ref) {
  GitHubContext ctx;
  ctx.event_name = "push";
  ctx.ref = ref;
  ctx.sha = "0123456789abcdef0123456789abcdef01234567";
  ctx.repository = "o/r";
  ctx.repo.default_branch = "main";
  return ctx;
}

Tags tags_of(const GitHubContext& ctx, const Inputs& in = {}) {
  return compute_tags(in, ctx, Clock{0, std::nullopt}).names();
}

TEST(SchemeTest, SemverZeroMajorStillFloats) {
  EXPECT_EQ(tags_of(push("refs/tags/v0.1.2")), (Tags{"0.1.2", "0.1", "0", "latest"}));
}

TEST(SchemeTest, LongBranchesAreCut) {
  const Tags t = tags_of(push("refs/heads/" + std::string(300, 'x')));
  EXPECT_EQ(t.front(), std::string(128, 'x'));
}

TEST(SchemeTest, UnknownDefaultBranchWarns) {
  GitHubContext ctx = push("refs/heads/main");
  ctx.repo.default_branch.clear();
  const TagSet set = compute_tags({}, ctx, Clock{});
  EXPECT_EQ(set.names(), (Tags{"main", "sha-0123456"}));
  ASSERT_EQ(set.warnings.size(), 1u);
  EXPECT_NE(set.warnings[0].find("default-branch"), std::string::npos);
}

TEST(SchemeTest, FailsWithoutAUsableRefOrSha) {
  const auto input_of = [](const GitHubContext& ctx) {
    try {
      compute_tags({}, ctx, Clock{});
    } catch (const Error& e) {
      return e.input();
    }
    return std::string("no error");
  };
  EXPECT_EQ(input_of(push("")), "GITHUB_REF");
  EXPECT_EQ(input_of(push("refs/notes/x")), "GITHUB_REF");
  EXPECT_EQ(input_of(push("refs/heads/---")), "GITHUB_REF");
  GitHubContext no_sha = push("refs/heads/dev");
  no_sha.sha = "";
  EXPECT_EQ(input_of(no_sha), "GITHUB_SHA");
  GitHubContext bad_sha = push("refs/heads/dev");
  bad_sha.sha = "not-a-sha-at-all";
  EXPECT_EQ(input_of(bad_sha), "GITHUB_SHA");
  GitHubContext pr = push("refs/pull/x/merge");
  pr.event_name = "pull_request";
  EXPECT_EQ(input_of(pr), "GITHUB_EVENT_PATH");
}

TEST(SchemeTest, PullRequestNumberComesFromTheRefWithoutPayload) {
  GitHubContext ctx = push("refs/pull/9/merge");
  ctx.event_name = "pull_request";
  EXPECT_EQ(tags_of(ctx), (Tags{"pr-9", "sha-0123456"}));
}

TEST(SchemeTest, AssembleOrdersByPriorityAndDropsDuplicates) {
  const TagSet set = assemble({{"b", 1}, {"a", 5}, {"c", 1}, {"a", 1}, {"", 9}}, true);
  EXPECT_EQ(set.names(), (Tags{"a", "b", "c", "latest"}));
  EXPECT_EQ(assemble({{"latest", 1}}, true).names(), (Tags{"latest"}));
}

}  // namespace
}  // namespace berth::core
