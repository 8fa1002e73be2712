// SPDX-License-Identifier: MIT
#include "core/meta_engine.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/metadata.hpp"

namespace berth::core {
namespace {

using Tags = std::vector<std::string>;

// 2020-01-10T00:30:00Z
constexpr EpochMs k_now = 1578616200000;
constexpr const char* k_sha = "860c1904a1ce19322e91ac35af1ab07466440c37";

// Knows one zone besides UTC, at a fixed offset: the engine's view of tzdata.
class FakeZones : public TimeZones {
 public:
  std::optional<ZoneOffset> offset(std::string_view zone, EpochMs) const override {
    if (zone == "Asia/Tokyo") {
      return ZoneOffset{540, "JST"};
    }
    return UtcTimeZones().offset(zone, 0);
  }
};

GitHubContext push(const std::string& ref) {
  GitHubContext ctx;
  ctx.event_name = "push";
  ctx.ref = ref;
  ctx.sha = k_sha;
  ctx.repository = "user/app";
  ctx.repo.default_branch = "master";
  return ctx;
}

const FakeZones k_zones;

TagSet run(const GitHubContext& ctx, const std::string& tags,
           const std::string& flavor = "") {
  const Inputs in = parse_inputs({{"tags", tags}, {"flavor", flavor}});
  return compute_tags(in, ctx, Clock{0, k_now / 1000 * 1000, &k_zones});
}

Tags names(const GitHubContext& ctx, const std::string& tags,
           const std::string& flavor = "") {
  return run(ctx, tags, flavor).names();
}

TEST(MetaEngineTest, UsesTheRulesOnlyWhenTagsOrFlavorIsSet) {
  EXPECT_FALSE(uses_metadata_rules(parse_inputs({})));
  // Blank and comment-only inputs hold no rule: berth's scheme applies.
  EXPECT_FALSE(uses_metadata_rules(parse_inputs({{"tags", " \n\t\n"}, {"flavor", "\n"}})));
  EXPECT_FALSE(uses_metadata_rules(parse_inputs({{"tags", "# none yet\n"}})));
  EXPECT_TRUE(uses_metadata_rules(parse_inputs({{"tags", "type=sha"}})));
  const Inputs in = parse_inputs({{"tags", "  \n"}, {"flavor", "latest=false"}});
  EXPECT_TRUE(uses_metadata_rules(in));
  // With flavor alone, metadata-action's default rules apply.
  EXPECT_EQ(compute_tags(in, push("refs/heads/Feature/Foo_Bar#1"), Clock{}).names(),
            (Tags{"Feature-Foo_Bar-1"}));
}

TEST(MetaEngineTest, DecidesLatestByTheFirstTag) {
  EXPECT_EQ(names(push("refs/tags/v1.2.3"), "type=ref,event=tag"),
            (Tags{"v1.2.3", "latest"}));
  EXPECT_EQ(
      names(push("refs/tags/v1.2.3"), "type=raw,foo,priority=2000\ntype=ref,event=tag"),
      (Tags{"foo", "v1.2.3"}));
  // A prerelease first: no latest, even though ref,event=tag follows.
  EXPECT_EQ(names(push("refs/tags/v2.0.0-rc.1"),
                  "type=semver,pattern={{major}}.{{minor}}\ntype=ref,event=tag"),
            (Tags{"2.0.0-rc.1", "v2.0.0-rc.1"}));
  EXPECT_EQ(names(push("refs/heads/master"), "type=edge", "latest=true"),
            (Tags{"edge", "latest"}));
  EXPECT_EQ(names(push("refs/heads/dev"), "type=edge", "latest=true"), Tags{});
}

TEST(MetaEngineTest, RendersSemverPatterns) {
  const GitHubContext ctx = push("refs/tags/v1.2.3+build.5");
  EXPECT_EQ(names(ctx,
                  "type=semver,pattern={{version}}\ntype=semver,pattern={{raw}}\n"
                  "type=semver,pattern=v{{major}}.{{minor}}-{{build}}"),
            (Tags{"1.2.3", "v1.2.3-build.5", "v1.2-build-5", "latest"}));
  // Strict like npm's semver.valid: no "V", no leading zeros; only a warning.
  const TagSet bad = run(push("refs/tags/V1.2.3"), "type=semver,pattern={{version}}");
  EXPECT_TRUE(bad.names().empty());
  ASSERT_EQ(bad.warnings.size(), 1u);
  EXPECT_NE(bad.warnings[0].find("not a semantic version"), std::string::npos);
  EXPECT_EQ(names(push("refs/heads/master"),
                  "\"type=semver,pattern={{version}},value=p1/"
                  "v1.2.3,\"\"match=v(\\d.\\d.\\d)$\"\"\""),
            (Tags{"1.2.3", "latest"}));
}

TEST(MetaEngineTest, NormalizesPep440) {
  EXPECT_EQ(names(push("refs/tags/1.1beta2"), "type=pep440,pattern={{major}}"),
            (Tags{"1.1b2"}));
  EXPECT_EQ(names(push("refs/tags/v1.2.3rc2"), "type=pep440,pattern={{raw}}"),
            (Tags{"v1.2.3rc2"}));
  EXPECT_EQ(names(push("refs/tags/1.2.3+local.1"), "type=pep440,pattern={{version}}"),
            (Tags{"1.2.3-local.1", "latest"}));
}

TEST(MetaEngineTest, MatchesGroupsAndFlags) {
  const GitHubContext ctx = push("refs/tags/p1/V1.0.0");
  EXPECT_EQ(names(ctx, "type=match,pattern=p1/v(\\d.\\d.\\d),group=1"), Tags{});
  EXPECT_EQ(names(ctx, "type=match,pattern=/p1\\/v(\\d.\\d.\\d)/i,group=1"),
            (Tags{"1.0.0", "latest"}));
  EXPECT_EQ(names(ctx, "type=match,pattern=/\\d/g,group=2"), (Tags{"0", "latest"}));
  const TagSet missing = run(ctx, "type=match,pattern=(\\d)\\.(\\d),group=3");
  EXPECT_TRUE(missing.names().empty());
  EXPECT_EQ(missing.warnings.size(), 1u);
}

TEST(MetaEngineTest, AppliesPrefixesAndSuffixes) {
  const GitHubContext ctx = push("refs/heads/dev");
  EXPECT_EQ(
      names(ctx,
            "type=ref,event=branch\ntype=raw,x,prefix=\ntype=sha,format=long,prefix=",
            "prefix=glo-\nsuffix=-bal"),
      (Tags{"glo-dev-bal", "x-bal", std::string(k_sha) + "-bal"}));
  const TagSet onlatest = run(push("refs/tags/v1.0.0"), "type=semver,pattern={{version}}",
                              "prefix=foo-,onlatest=true\nsuffix=-dev,onlatest=true");
  EXPECT_EQ(onlatest.names(), (Tags{"foo-1.0.0-dev", "foo-latest-dev"}));
  EXPECT_TRUE(onlatest.latest);
}

TEST(MetaEngineTest, RendersGlobalExpressions) {
  GitHubContext ctx = push("refs/heads/a&b=c");
  EXPECT_EQ(names(ctx,
                  "type=raw,value=x-{{branch}}\ntype=ref,event=branch\n"
                  "type=raw,value={{{branch}}}-raw"),
            (Tags{"a-b-c", "x-a-amp-b-x3D-c", "a-b-c-raw"}));
  EXPECT_EQ(names(push("refs/heads/master"),
                  "type=raw,value={{sha}}-{{date 'YYYYMMDD-HHmm' tz='Asia/Tokyo'}}\n"
                  "type=raw,d,enable={{is_default_branch}}\n"
                  "type=raw,n,enable={{is_not_default_branch}}\n"
                  "type=raw,value=c-{{commit_date}}"),
            (Tags{"860c190-20200110-0930", "d", "c-2020-01-10T00-30-00Z"}));
  GitHubContext tag = push("refs/tags/v1");
  tag.payload_base_ref = "refs/heads/main";
  EXPECT_EQ(names(tag, "type=raw,value={{tag}}-{{base_ref}}-{{branch}}"),
            (Tags{"v1-main-"}));
}

TEST(MetaEngineTest, FollowsThePullRequestRules) {
  GitHubContext ctx;
  ctx.event_name = "pull_request_target";
  ctx.ref = "refs/heads/master";
  ctx.sha = k_sha;
  ctx.pr_number = 15;
  ctx.pr_head_sha = "3370e228f2209994d57af4427fe64e71bb79ac96";
  ctx.pr_base_ref = "master";
  EXPECT_EQ(names(ctx, "type=ref,event=pr\ntype=sha\ntype=raw,value={{base_ref}}"),
            (Tags{"pr-15", "master", "sha-860c190"}));
  ctx.docker_metadata_pr_head_sha = true;
  ctx.docker_metadata_short_sha_length = 10;
  EXPECT_EQ(names(ctx, "type=sha,prefix="), (Tags{"3370e228f2"}));
  ctx.docker_metadata_short_sha_length = 99;
  EXPECT_EQ(names(ctx, "type=sha,prefix="), (Tags{ctx.pr_head_sha}));
  ctx.ref = "refs/pull/7/head";
  ctx.event_name = "pull_request";
  EXPECT_EQ(names(ctx, "type=ref,event=pr"), (Tags{"pr-7-head"}));
}

TEST(MetaEngineTest, RepairsInvalidTagsFromTheRunWithAWarning) {
  const TagSet set = run(push("refs/heads/-foo"), "type=ref,event=branch");
  EXPECT_EQ(set.names(), (Tags{"foo"}));
  ASSERT_EQ(set.warnings.size(), 1u);
  EXPECT_NE(set.warnings[0].find("tags: line 1 \"type=ref,event=branch\""),
            std::string::npos);
  const TagSet longer =
      run(push("refs/heads/" + std::string(200, 'B')), "type=ref,event=branch");
  EXPECT_EQ(longer.names(), (Tags{std::string(128, 'B')}));
  EXPECT_EQ(longer.warnings.size(), 1u);
  // A constant that can never be a tag is the rule's fault.
  try {
    run(push("refs/heads/dev"), "ok\n.bad");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "tags");
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos);
  }
}

// One rule for a tag a registry would refuse, whichever path the text comes
// by: written by the user (a bare line, type=raw, a rule's or the flavor's
// prefix) it is an error naming the input; given by the run (a branch through
// type=ref or a template) it is repaired, with a warning beyond metadata-
// action's character sanitizing.
TEST(MetaEngineTest, OneRuleForInvalidTagsOnEveryPath) {
  struct Case {
    std::string text;
    bool refused;          // on the written paths
    std::string run_tag;   // on the run's paths
    std::size_t run_warnings;
  };
  const Case cases[] = {
      {"ok", false, "ok", 0},
      {"-bad", true, "bad", 1},
      {".bad", true, "bad", 1},
      {"not a valid tag!", true, "not-a-valid-tag-", 0},
      {"Feature/X", true, "Feature-X", 0},
      {std::string(129, 'x'), true, std::string(128, 'x'), 1},
  };
  struct Path {
    const char* name;
    std::string tags;
    std::string flavor;
    const char* input;  // the input an error names
  };
  for (const Case& c : cases) {
    const Path written[] = {
        {"bare line", c.text, "", "tags"},
        {"type=raw", "type=raw,value=" + c.text, "", "tags"},
        {"rule prefix", "type=raw,value=x,prefix=" + c.text, "", "tags"},
        {"rule prefix on type=ref", "type=ref,event=branch,prefix=" + c.text, "", "tags"},
        {"flavor prefix", "type=raw,value=x", "prefix=" + c.text, "flavor"},
    };
    for (const Path& p : written) {
      const std::string name = p.name + std::string(": ") + c.text;
      try {
        const TagSet set = run(push("refs/heads/dev"), p.tags, p.flavor);
        EXPECT_FALSE(c.refused) << name << " gave " << set.names().front();
        EXPECT_TRUE(set.warnings.empty()) << name;
      } catch (const Error& e) {
        EXPECT_TRUE(c.refused) << name << ": " << e.what();
        EXPECT_EQ(e.input(), p.input) << name;
        const std::string at = std::string(p.input) == "tags" ? "tags: line 1 " : "flavor: ";
        EXPECT_EQ(std::string(e.what()).rfind(at, 0), 0u) << name << ": " << e.what();
      }
    }
    for (const char* rule : {"type=ref,event=branch", "type=raw,value={{branch}}"}) {
      const TagSet set = run(push("refs/heads/" + c.text), rule);
      EXPECT_EQ(set.names(), (Tags{c.run_tag})) << rule << ": " << c.text;
      EXPECT_EQ(set.warnings.size(), c.run_warnings) << rule << ": " << c.text;
    }
  }
}

TEST(MetaEngineTest, RejectsWhatOnlyTheRunCanTell) {
  try {
    run(push("refs/heads/dev"), "type=raw,x\ntype=raw,y,enable={{branch}}");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "tags");
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("enable renders \"dev\""), std::string::npos);
  }
  // An unknown zone fails even when its rule would not fire.
  try {
    run(push("refs/heads/dev"),
        "type=schedule,pattern={{date 'YYYY' tz='Mars/Olympus'}}");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "tags");
    EXPECT_NE(std::string(e.what()).find("unknown time zone \"Mars/Olympus\""),
              std::string::npos);
  }
  try {
    run(push("refs/heads/dev"), "type=raw,x", "prefix={{date 'YY' tz='Nowhere'}}-");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "flavor");
  }
}

TEST(MetaEngineTest, KeepsCalverAndDropsDuplicates) {
  Inputs in = parse_inputs({{"tags", "type=raw,latest\ntype=ref,event=tag\ntype=raw,v1"}});
  in.calver.enabled = true;
  in.calver.prefix = "2020.1";
  const TagSet set = compute_tags(in, push("refs/tags/v1"), Clock{});
  // calver ranks 800, above type=ref (600), as in berth's own scheme.
  EXPECT_EQ(set.names(), (Tags{"2020.1-860c190", "v1", "latest"}));
}

TEST(MetaEngineTest, RendersLabelsAndTheRevision) {
  const Inputs in = parse_inputs(
      {{"tags", "type=ref,event=pr"},
       {"images", "user/app"},
       {"labels", "\"a=say \"\"hi\"\"\"\nb={{base_ref}}\norg.opencontainers.image.title=T"}});
  GitHubContext ctx = push("refs/pull/3/merge");
  ctx.event_name = "pull_request";
  ctx.pr_head_sha = "3370e228f2209994d57af4427fe64e71bb79ac96";
  ctx.pr_base_ref = "main";
  const Metadata m = compute_metadata(in, ctx, Clock{0, k_now});
  const Labels& l = m.labels;
  EXPECT_EQ(l.front(), (std::pair<std::string, std::string>{"a", "say \"hi\""}));
  EXPECT_EQ(l[1], (std::pair<std::string, std::string>{"b", "main"}));
  for (const auto& [k, v] : l) {
    if (k == "org.opencontainers.image.revision") {
      EXPECT_EQ(v, k_sha);  // GITHUB_SHA: DOCKER_METADATA_PR_HEAD_SHA is not set
    }
    if (k == "org.opencontainers.image.title") {
      EXPECT_EQ(v, "T");
    }
  }
  EXPECT_EQ(m.tags, (Tags{"user/app:pr-3"}));
}

}  // namespace
}  // namespace berth::core
