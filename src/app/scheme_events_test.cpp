// SPDX-License-Identifier: MIT
// The berth tag scheme, row by row, on event fixtures in the runner's format
// (testdata/events/*.env + payload JSON), through the same adapters the
// action uses.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/metadata.hpp"
#include "io/env.hpp"
#include "io/github_context.hpp"
#include "support/fixtures.hpp"

namespace berth {
namespace {

using Tags = std::vector<std::string>;

// 2023-08-15T12:00:00Z, used when a fixture has no commit time.
constexpr core::EpochMs k_now = 1692100800000;

core::Metadata metadata_for(const std::string& fixture, const core::InputValues& extra = {}) {
  const io::Env env = testing::load_event(fixture);
  core::InputValues values = io::read_inputs(env);
  for (const auto& [k, v] : extra) {
    values[k] = v;
  }
  return core::compute_metadata(core::parse_inputs(values), io::read_github_context(env),
                                core::Clock{k_now, std::nullopt});
}

struct Row {
  const char* fixture;
  Tags tags;
  const char* version;
  bool push;
};

TEST(SchemeEventsTest, FollowsTheSchemeTable) {
  const Row rows[] = {
      {"push_default", {"sha-a1239a5", "latest"}, "sha-a1239a5", true},
      {"push_branch", {"feature-login-page-12", "sha-a1239a5"}, "feature-login-page-12", true},
      {"push_tag_semver", {"1.2.3", "1.2", "1", "latest"}, "1.2.3", true},
      {"push_tag_prerelease", {"1.3.0-rc.1"}, "1.3.0-rc.1", true},
      {"push_tag_build", {"1.2.3", "1.2", "1", "latest"}, "1.2.3", true},
      {"push_tag_other", {"release_2023-q2"}, "release_2023-q2", true},
      {"pull_request", {"pr-42", "sha-5eadbee"}, "pr-42", false},
      {"pull_request_target", {"pr-7", "sha-5eadbee"}, "pr-7", false},
      {"schedule", {"nightly"}, "nightly", true},
      {"workflow_dispatch", {"sha-a1239a5", "latest"}, "sha-a1239a5", true},
      {"release", {"2.0.0", "2.0", "2", "latest"}, "2.0.0", true},
      {"repository_dispatch", {"sha-a1239a5", "latest"}, "sha-a1239a5", true},
      {"create_branch", {"hotfix-cve-2023-1", "sha-a1239a5"}, "hotfix-cve-2023-1", true},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.fixture);
    const core::Metadata m = metadata_for(row.fixture);
    EXPECT_EQ(m.tag_set.names(), row.tags);
    EXPECT_EQ(m.version(), row.version);
    EXPECT_EQ(m.push, row.push);
    Tags full;
    for (const std::string& t : row.tags) {
      full.push_back("ghcr.io/alice/bot:" + t);
    }
    EXPECT_EQ(m.tags, full);
  }
}

TEST(SchemeEventsTest, DefaultBranchInputOverridesThePayload) {
  EXPECT_EQ(metadata_for("push_branch", {{"default-branch", "Feature/Login-Page#12"}})
                .tag_set.names(),
            (Tags{"sha-a1239a5", "latest"}));
  EXPECT_EQ(metadata_for("push_default", {{"default-branch", "main"}}).tag_set.names(),
            (Tags{"core", "sha-a1239a5"}));
}

TEST(SchemeEventsTest, CalverAddsTheQuarterOfTheCommit) {
  // push_default's commit: 2023-05-04T10:00:00+02:00, the second quarter.
  EXPECT_EQ(metadata_for("push_default", {{"calver", "true"}}).tag_set.names(),
            (Tags{"2023.2-a1239a5", "sha-a1239a5", "latest"}));
  // 2023-06-30T23:59:59Z is the last second of the second quarter.
  EXPECT_EQ(metadata_for("push_branch", {{"calver", "true"}}).tag_set.names(),
            (Tags{"2023.2-a1239a5", "feature-login-page-12", "sha-a1239a5"}));
  // A semver release keeps its version first.
  EXPECT_EQ(metadata_for("push_tag_semver", {{"calver", "true"}}).tag_set.names(),
            (Tags{"1.2.3", "1.2", "1", "2023.2-a1239a5", "latest"}));
  // A fixed prefix is used as given.
  EXPECT_EQ(metadata_for("push_default", {{"calver", "2023.4"}}).tag_set.names(),
            (Tags{"2023.4-a1239a5", "sha-a1239a5", "latest"}));
  // Pull requests are named after the head commit, not the merge commit.
  EXPECT_EQ(metadata_for("pull_request", {{"calver", "true"}}).tag_set.names(),
            (Tags{"2023.3-5eadbee", "pr-42", "sha-5eadbee"}));
}

TEST(SchemeEventsTest, CalverFallsBackToSourceDateEpoch) {
  io::Env env = testing::load_event("schedule");
  const core::Metadata m = core::compute_metadata(
      core::parse_inputs({{"calver", "true"}}), io::read_github_context(env),
      core::Clock{k_now, core::EpochMs{1577836800000}});  // 2020-01-01
  EXPECT_EQ(m.tag_set.names(), (Tags{"nightly", "2020.1-a1239a5"}));
}

TEST(SchemeEventsTest, RawTagsReplaceTheScheme) {
  EXPECT_EQ(metadata_for("push_default", {{"tags", "edge\n# a comment\nLatest-Build\n\nedge"}})
                .tag_set.names(),
            (Tags{"edge", "Latest-Build"}));
  const core::Metadata m = metadata_for("push_branch", {{"tags", "latest\nv1"}});
  EXPECT_EQ(m.tag_set.names(), (Tags{"latest", "v1"}));
  EXPECT_TRUE(m.latest());
  // A tag line a registry would refuse is an error, whatever is wrong with it.
  for (const char* bad : {"-bad", "not a valid tag!", "a/b"}) {
    try {
      metadata_for("push_default", {{"tags", std::string("ok\n") + bad}});
      ADD_FAILURE() << "accepted " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.input(), "tags") << bad;
      EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
    }
  }
}

TEST(SchemeEventsTest, BlankTagsAndFlavorKeepTheScheme) {
  const core::InputValues blank = {{"tags", " \n\t\n"}, {"flavor", "\n  "}};
  EXPECT_FALSE(core::uses_metadata_rules(core::parse_inputs(blank)));
  EXPECT_EQ(metadata_for("push_default", blank).tag_set.names(),
            (Tags{"sha-a1239a5", "latest"}));
}

TEST(SchemeEventsTest, WritesEveryImage) {
  const core::Metadata m =
      metadata_for("push_tag_prerelease", {{"images", "Alice/Bot\nlocalhost:5000/team/bot"}});
  EXPECT_EQ(m.tags, (Tags{"alice/bot:1.3.0-rc.1", "localhost:5000/team/bot:1.3.0-rc.1"}));
  const core::Metadata r = metadata_for("push_default", {{"registry", "docker.io"}});
  EXPECT_EQ(r.tags.front(), "docker.io/alice/bot:sha-a1239a5");
  const core::Metadata i = metadata_for("push_default", {{"image", "team/app"}});
  EXPECT_EQ(i.tags.front(), "ghcr.io/team/app:sha-a1239a5");
}

TEST(SchemeEventsTest, LabelsTheImage) {
  const core::Metadata m = metadata_for("push_tag_semver");
  const core::Labels expected = {
      {"org.opencontainers.image.created", "2023-04-01T00:00:00.000Z"},
      {"org.opencontainers.image.description", "A chat bot"},
      {"org.opencontainers.image.licenses", "MIT"},
      {"org.opencontainers.image.revision", "a1239a5c0ffee0ddba11f00dfeedbeefcafe0001"},
      {"org.opencontainers.image.source", "https://github.com/Alice/Bot"},
      {"org.opencontainers.image.title", "Bot"},
      {"org.opencontainers.image.url", "https://github.com/Alice/Bot"},
      {"org.opencontainers.image.version", "1.2.3"},
  };
  EXPECT_EQ(m.labels, expected);
  const core::Metadata pr = metadata_for("pull_request", {{"labels", "team=data\norg.opencontainers.image.title=Custom"}});
  EXPECT_EQ(pr.labels[3].second, "5eadbeef0123456789abcdef0123456789abcdef");
  EXPECT_EQ(pr.labels[5], (std::pair<std::string, std::string>{"org.opencontainers.image.title", "Custom"}));
  EXPECT_EQ(pr.labels.back(), (std::pair<std::string, std::string>{"team", "data"}));
}

TEST(SchemeEventsTest, EveryTagIsValidAndUnique) {
  for (const char* f : {"push_default", "push_branch", "push_tag_semver", "push_tag_other",
                        "pull_request", "schedule", "release", "create_branch"}) {
    const core::Metadata m = metadata_for(f, {{"calver", "true"}});
    const Tags names = m.tag_set.names();
    for (std::size_t i = 0; i < names.size(); ++i) {
      for (std::size_t j = i + 1; j < names.size(); ++j) {
        EXPECT_NE(names[i], names[j]) << f;
      }
    }
  }
}

}  // namespace
}  // namespace berth
