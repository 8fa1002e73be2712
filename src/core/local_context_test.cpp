// SPDX-License-Identifier: MIT
#include "core/local_context.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace berth::core {
namespace {

using Environment = std::map<std::string, std::string, std::less<>>;

const std::string k_head = "0123456789abcdef0123456789abcdef01234567";
const std::string k_main = "fedcba9876543210fedcba9876543210fedcba98";

CheckoutFacts on_branch() {
  CheckoutFacts f;
  f.root = "/src/app";
  f.head_sha = k_head;
  f.head_time_s = 1700000000;  // 2023-11-14T22:13:20Z
  f.branch = "core";
  f.origin_url = "git@github.com:Acme/App.git";
  f.default_branch = "main";
  f.default_branch_sha = k_main;
  return f;
}

std::string error_of(const std::optional<CheckoutFacts>& facts, const SimulatedEvent& sim,
                     const Environment& env = {}) {
  try {
    make_local_context(facts, sim, env);
  } catch (const Errors& e) {
    std::string all;
    for (const Error& one : e.all()) all += one.what() + std::string("\n");
    return all;
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ParseOriginUrl, GitHubForms) {
  for (const char* url :
       {"https://github.com/acme/app.git", "https://github.com/acme/app", "https://github.com/acme/app/",
        "http://github.com/acme/app", "https://user@github.com/acme/app.git",
        "git@github.com:acme/app.git", "git@github.com:acme/app", "ssh://git@github.com/acme/app.git",
        "ssh://git@github.com:22/acme/app", "git://github.com/acme/app.git", "GitHub.com:acme/app"}) {
    const auto r = parse_origin_url(url);
    ASSERT_TRUE(r) << url;
    EXPECT_EQ(r->full_name(), "acme/app") << url;
    EXPECT_EQ(r->server_url, "https://github.com") << url;
  }
}

TEST(ParseOriginUrl, EnterpriseServerHosts) {
  const auto r = parse_origin_url("git@ghe.example.com:team/tool.git");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->full_name(), "team/tool");
  EXPECT_EQ(r->server_url, "https://ghe.example.com");
  const auto s = parse_origin_url("https://GHE.example.com:8443/team/tool");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->server_url, "https://ghe.example.com");
}

TEST(ParseOriginUrl, OthersAreNone) {
  for (const char* url : {"", "/srv/git/app.git", "../app", "file:///srv/git/app.git",
                          "https://gitlab.com/group/sub/app.git", "https://github.com/acme",
                          "git@github.com:app.git", "C:/repos/app", "https://github.com/a b/c",
                          "ftp://github.com/acme/app"}) {
    EXPECT_FALSE(parse_origin_url(url)) << url;
  }
}

TEST(LocalContext, PushOfTheCheckedOutBranchFromGit) {
  const LocalContext c = make_local_context(on_branch(), {}, {});
  EXPECT_EQ(c.variable("GITHUB_EVENT_NAME"), "push");
  EXPECT_EQ(c.variable("GITHUB_REF"), "refs/heads/core");
  EXPECT_EQ(c.variable("GITHUB_REF_NAME"), "core");
  EXPECT_EQ(c.variable("GITHUB_REF_TYPE"), "branch");
  EXPECT_EQ(c.variable("GITHUB_SHA"), k_head);
  EXPECT_EQ(c.variable("GITHUB_REPOSITORY"), "Acme/App");
  EXPECT_EQ(c.variable("GITHUB_REPOSITORY_OWNER"), "Acme");
  EXPECT_EQ(c.variable("GITHUB_SERVER_URL"), "https://github.com");
  EXPECT_EQ(c.fact("event")->source, FactSource::k_default);
  EXPECT_EQ(c.fact("ref")->source, FactSource::k_git);
  EXPECT_EQ(c.fact("sha")->source, FactSource::k_git);
  EXPECT_EQ(c.fact("repository")->source, FactSource::k_git);
  EXPECT_EQ(c.fact("commit time")->value, "2023-11-14T22:13:20.000Z");
  EXPECT_EQ(c.payload_json,
            "{\"ref\":\"refs/heads/core\",\"after\":\"" + k_head +
                "\",\"base_ref\":null,\"head_commit\":{\"id\":\"" + k_head +
                "\",\"timestamp\":\"2023-11-14T22:13:20.000Z\"},\"repository\":{\"name\":\"App\","
                "\"full_name\":\"Acme/App\",\"owner\":{\"login\":\"Acme\"},\"html_url\":"
                "\"https://github.com/Acme/App\",\"default_branch\":\"main\"}}");
  EXPECT_TRUE(c.hints.empty());
}

TEST(LocalContext, TagFlagAnswersForTheCurrentCommit) {
  SimulatedEvent sim;
  sim.tag = "v2.0.0";
  const LocalContext c = make_local_context(on_branch(), sim, {});
  EXPECT_EQ(c.variable("GITHUB_EVENT_NAME"), "push");
  EXPECT_EQ(c.fact("event")->source, FactSource::k_flag);
  EXPECT_EQ(c.variable("GITHUB_REF"), "refs/tags/v2.0.0");
  EXPECT_EQ(c.variable("GITHUB_REF_NAME"), "v2.0.0");
  EXPECT_EQ(c.variable("GITHUB_REF_TYPE"), "tag");
  EXPECT_EQ(c.fact("ref")->source, FactSource::k_flag);
  EXPECT_EQ(c.variable("GITHUB_SHA"), k_head);
  EXPECT_EQ(c.fact("sha")->source, FactSource::k_git);
}

TEST(LocalContext, DetachedHeadTakesTheHighestVersionTagAtHead) {
  CheckoutFacts f = on_branch();
  f.branch = "";
  f.tags_at_head = {"release", "v1.10.0", "v1.9.0"};
  EXPECT_EQ(make_local_context(f, {}, {}).variable("GITHUB_REF"), "refs/tags/v1.10.0");
  f.tags_at_head = {"alpha", "beta"};
  EXPECT_EQ(checkout_ref(f), "refs/tags/beta");
  f.tags_at_head.clear();
  const LocalContext c = make_local_context(f, {}, {});
  EXPECT_EQ(c.variable("GITHUB_REF"), "");
  ASSERT_EQ(c.hints.size(), 1u);
  EXPECT_NE(c.hints[0].find("detached"), std::string::npos);
  EXPECT_NE(c.hints[0].find("--branch NAME or --tag NAME"), std::string::npos);
}

TEST(LocalContext, EnvironmentWinsOverGitAndFlagsOverBoth) {
  const Environment env{{"GITHUB_REF", "refs/heads/release"},
                        {"GITHUB_SHA", k_main},
                        {"GITHUB_REPOSITORY", "other/thing"},
                        {"GITHUB_EVENT_NAME", "push"},
                        {"GITHUB_SERVER_URL", "https://ghe.example.com"}};
  const LocalContext c = make_local_context(on_branch(), {}, env);
  EXPECT_EQ(c.variable("GITHUB_REF"), "refs/heads/release");
  EXPECT_EQ(c.fact("ref")->source, FactSource::k_environment);
  EXPECT_EQ(c.variable("GITHUB_SHA"), k_main);
  EXPECT_EQ(c.variable("GITHUB_REPOSITORY"), "other/thing");
  EXPECT_EQ(c.variable("GITHUB_REPOSITORY_OWNER"), "other");
  EXPECT_EQ(c.variable("GITHUB_SERVER_URL"), "https://ghe.example.com");
  EXPECT_EQ(c.fact("event")->source, FactSource::k_environment);
  EXPECT_EQ(c.fact("commit time")->value, "") << "not HEAD's commit: its time is unknown";

  SimulatedEvent sim;
  sim.branch = "hotfix";
  sim.sha = std::string(40, 'A');
  sim.repository = "me/fork";
  const LocalContext f = make_local_context(on_branch(), sim, env);
  EXPECT_EQ(f.variable("GITHUB_REF"), "refs/heads/hotfix");
  EXPECT_EQ(f.variable("GITHUB_SHA"), std::string(40, 'a'));
  EXPECT_EQ(f.variable("GITHUB_REPOSITORY"), "me/fork");
  EXPECT_EQ(f.variable("GITHUB_REPOSITORY_OWNER"), "me");
  EXPECT_EQ(f.fact("repository")->source, FactSource::k_flag);
}

TEST(LocalContext, EnvironmentRefKeepsItsOwnNameAndType) {
  const Environment env{{"GITHUB_REF", "refs/tags/v1"}, {"GITHUB_REF_NAME", "v1"},
                        {"GITHUB_REF_TYPE", "tag"}, {"GITHUB_EVENT_NAME", "push"}};
  const LocalContext c = make_local_context(std::nullopt, {}, env);
  EXPECT_EQ(c.variable("GITHUB_REF_NAME"), "v1");
  EXPECT_EQ(c.variable("GITHUB_REF_TYPE"), "tag");
}

TEST(LocalContext, PullRequestPayloadAsTheRunnerGivesIt) {
  SimulatedEvent sim;
  sim.pr = "12";
  const LocalContext c = make_local_context(on_branch(), sim, {});
  EXPECT_EQ(c.variable("GITHUB_EVENT_NAME"), "pull_request");
  EXPECT_EQ(c.variable("GITHUB_REF"), "refs/pull/12/merge");
  EXPECT_EQ(c.variable("GITHUB_REF_NAME"), "12/merge");
  EXPECT_EQ(c.variable("GITHUB_HEAD_REF"), "core");
  EXPECT_EQ(c.variable("GITHUB_BASE_REF"), "main");
  EXPECT_EQ(c.fact("pull request")->value, "12");
  EXPECT_EQ(c.fact("head branch")->source, FactSource::k_git);
  const std::string& p = c.payload_json;
  EXPECT_NE(p.find("\"number\":12,\"pull_request\":{\"number\":12,\"head\":{\"ref\":\"core\","
                   "\"sha\":\"" + k_head + "\"},\"base\":{\"ref\":\"main\",\"sha\":\"" + k_main +
                   "\"}}"),
            std::string::npos)
      << p;
  EXPECT_EQ(p.find("head_commit"), std::string::npos) << "a pull_request payload has none";

  sim.branch = "feature/x";
  EXPECT_EQ(make_local_context(on_branch(), sim, {}).variable("GITHUB_HEAD_REF"), "feature/x");
}

TEST(LocalContext, PullRequestNeedsANumber) {
  SimulatedEvent sim;
  sim.event = "pull_request";
  EXPECT_EQ(error_of(on_branch(), sim), "a pull_request event needs its number: pass --pr NUMBER");
  const LocalContext c =
      make_local_context(on_branch(), sim, {{"GITHUB_REF", "refs/pull/7/merge"}});
  EXPECT_EQ(c.fact("pull request")->value, "7");
  EXPECT_NE(c.payload_json.find("\"number\":7"), std::string::npos);
}

TEST(LocalContext, ScheduleAndDispatch) {
  SimulatedEvent sim;
  sim.event = "schedule";
  const LocalContext s = make_local_context(on_branch(), sim, {});
  EXPECT_EQ(s.variable("GITHUB_REF"), "refs/heads/main");
  EXPECT_EQ(s.payload_json.rfind("{\"schedule\":\"local\",\"repository\":", 0), 0u) << s.payload_json;
  sim.event = "workflow_dispatch";
  sim.branch = "core";
  const LocalContext d = make_local_context(on_branch(), sim, {});
  EXPECT_EQ(d.variable("GITHUB_REF"), "refs/heads/core");
  EXPECT_EQ(d.payload_json.rfind("{\"ref\":\"refs/heads/core\",\"inputs\":{},", 0), 0u)
      << d.payload_json;
}

TEST(LocalContext, HintsSayWhatToDo) {
  const LocalContext outside = make_local_context(std::nullopt, {}, {});
  ASSERT_EQ(outside.hints.size(), 3u);
  EXPECT_NE(outside.hints[0].find("no git checkout"), std::string::npos);
  EXPECT_NE(outside.hints[1].find("--sha"), std::string::npos);
  EXPECT_NE(outside.hints[2].find("--branch NAME or --tag NAME"), std::string::npos);

  CheckoutFacts f = on_branch();
  f.origin_url = "";
  const LocalContext no_origin = make_local_context(f, {}, {});
  ASSERT_EQ(no_origin.hints.size(), 1u);
  EXPECT_NE(no_origin.hints[0].find("git remote add origin"), std::string::npos);
  f.origin_url = "/srv/git/app.git";
  EXPECT_NE(make_local_context(f, {}, {}).hints.at(0).find("\"/srv/git/app.git\" is not a GitHub"),
            std::string::npos);
}

TEST(SimulatedEventCheck, BadValuesNameTheirFlag) {
  SimulatedEvent sim;
  sim.event = "release";
  sim.pr = "012";
  sim.sha = "abc123";
  sim.repository = "acme";
  sim.ref = "refs/pull/3/merge";
  const std::string e = error_of(std::nullopt, sim);
  EXPECT_NE(e.find("--event \"release\" is not one berth simulates"), std::string::npos) << e;
  EXPECT_NE(e.find("--pr \"012\""), std::string::npos) << e;
  EXPECT_NE(e.find("--sha \"abc123\" is not a full commit id"), std::string::npos) << e;
  EXPECT_NE(e.find("--repository \"acme\" is not OWNER/NAME"), std::string::npos) << e;
  EXPECT_NE(e.find("--ref \"refs/pull/3/merge\": for a pull request pass --pr"), std::string::npos);

  SimulatedEvent names;
  names.tag = "refs/tags/v1";
  names.branch = "bad..name";
  const std::string n = error_of(std::nullopt, names);
  EXPECT_NE(n.find("--tag \"refs/tags/v1\" is a full ref"), std::string::npos) << n;
  EXPECT_NE(n.find("--branch \"bad..name\" is not a name git accepts"), std::string::npos) << n;
}

TEST(SimulatedEventCheck, ConflictsNameBothFlags) {
  const auto conflict = [](SimulatedEvent sim) { return error_of(std::nullopt, sim); };
  SimulatedEvent a;
  a.tag = "v1";
  a.branch = "core";
  EXPECT_NE(conflict(a).find("--tag and --branch"), std::string::npos);
  SimulatedEvent b;
  b.ref = "refs/heads/x";
  b.tag = "v1";
  EXPECT_NE(conflict(b).find("--ref and --tag"), std::string::npos);
  SimulatedEvent c;
  c.pr = "3";
  c.event = "push";
  EXPECT_NE(conflict(c).find("--pr and --event push contradict"), std::string::npos);
  SimulatedEvent d;
  d.pr = "3";
  d.tag = "v1";
  EXPECT_NE(conflict(d).find("--tag and --pr contradict"), std::string::npos);
  SimulatedEvent e;
  e.event = "schedule";
  e.branch = "core";
  EXPECT_NE(conflict(e).find("--branch and --event schedule contradict"), std::string::npos);
  SimulatedEvent ok;
  ok.pr = "3";
  ok.branch = "core";
  EXPECT_EQ(conflict(ok), "");
}

TEST(JsonQuote, EscapesWhatJsonNeeds) {
  EXPECT_EQ(json_quote("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\u0001\"");
}

}  // namespace
}  // namespace berth::core
