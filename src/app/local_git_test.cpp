// SPDX-License-Identifier: MIT
// PENDING: the local context over REAL git repositories, through the git
// adapter (io::open_git_repo, src/io/git.hpp). It cannot link until
// src/io/git.cpp lands; then move it to src/app/local_git_test.cpp (the unit
// test glob picks it up) and make app::real_git_opener() return
// io::open_git_repo. Repositories are made with the git binary in a temp dir.
#include <gtest/gtest.h>

#include <cstdlib>

#include "app/local.hpp"
#include "app/run.hpp"
#include "core/local_context.hpp"
#include "core/metadata.hpp"
#include "io/git.hpp"
#include "support/fixtures.hpp"
#include "support/spawn.hpp"

namespace berth::app {
namespace {

// A repository made with git: fixed author and committer times.
class Repo {
 public:
  Repo() { git({"init", "-q", "-b", "core"}); }
  void git(const std::vector<std::string>& args) {
    std::vector<std::string> argv{"/usr/bin/git", "-C", dir.path()};
    argv.insert(argv.end(), args.begin(), args.end());
    io::Env env;
    env.set("PATH", "/usr/bin:/bin");
    env.set("HOME", dir.path());
    env.set("GIT_AUTHOR_NAME", "A");
    env.set("GIT_AUTHOR_EMAIL", "a@example.com");
    env.set("GIT_COMMITTER_NAME", "A");
    env.set("GIT_COMMITTER_EMAIL", "a@example.com");
    env.set("GIT_AUTHOR_DATE", "2023-05-04T08:00:00Z");
    env.set("GIT_COMMITTER_DATE", "2023-05-04T08:00:00Z");
    const testing::RunResult r = testing::run(argv, env);
    ASSERT_EQ(r.status, 0) << r.err;
    last = r.out;
  }
  std::string head() {
    git({"rev-parse", "HEAD"});
    return last.substr(0, 40);
  }
  void commit(const std::string& file) {
    dir.write(file, file);
    git({"add", file});
    git({"commit", "-q", "-m", file});
  }
  core::CheckoutFacts facts() { return io::open_git_repo(dir.path())->facts(); }

  testing::TempDir dir;
  std::string last;
};

TEST(LocalGit, BranchAndHttpsOrigin) {
  Repo r;
  r.commit("a");
  r.git({"remote", "add", "origin", "https://github.com/Alice/Bot.git"});
  const core::CheckoutFacts f = r.facts();
  EXPECT_EQ(f.head_sha, r.head());
  EXPECT_EQ(f.head_time_s, 1683187200);
  EXPECT_EQ(f.branch, "core");
  const core::LocalContext c = core::make_local_context(f, {}, {});
  EXPECT_EQ(c.variable("GITHUB_REPOSITORY"), "Alice/Bot");
  EXPECT_EQ(c.variable("GITHUB_REF"), "refs/heads/core");
}

TEST(LocalGit, SshOriginAndRemoteHead) {
  Repo r;
  r.commit("a");
  r.git({"remote", "add", "origin", "git@github.com:Alice/Bot.git"});
  r.git({"update-ref", "refs/remotes/origin/core", "HEAD"});
  r.git({"symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/core"});
  const core::CheckoutFacts f = r.facts();
  EXPECT_EQ(f.default_branch, "core");
  EXPECT_EQ(core::make_local_context(f, {}, {}).variable("GITHUB_REPOSITORY"), "Alice/Bot");
}

TEST(LocalGit, AnnotatedAndLightweightTagsOnADetachedHead) {
  Repo r;
  r.commit("a");
  r.git({"tag", "v1.9.0"});
  r.git({"tag", "-a", "-m", "release", "v1.10.0"});
  r.git({"checkout", "-q", "--detach"});
  const core::CheckoutFacts f = r.facts();
  EXPECT_EQ(f.branch, "");
  EXPECT_EQ(f.tags_at_head, (std::vector<std::string>{"v1.10.0", "v1.9.0"}));
  EXPECT_EQ(core::checkout_ref(f), "refs/tags/v1.10.0");
}

TEST(LocalGit, MissingRemoteSaysWhatToDo) {
  Repo r;
  r.commit("a");
  const core::LocalContext c = core::make_local_context(r.facts(), {}, {});
  ASSERT_FALSE(c.hints.empty());
  EXPECT_NE(c.hints[0].find("git remote add origin"), std::string::npos);
}

TEST(LocalGit, SamePushBothWaysGivesTheSameTags) {
  Repo r;
  r.commit("a");
  r.git({"remote", "add", "origin", "git@github.com:Alice/Bot.git"});
  const std::string sha = r.head();
  core::Clock clock;
  clock.now = 1700000000000;
  // The runner's context for this push.
  io::Env runner;
  runner.set("GITHUB_ACTIONS", "true");
  runner.set("GITHUB_EVENT_NAME", "push");
  runner.set("GITHUB_REF", "refs/tags/v1.2.3");
  runner.set("GITHUB_SHA", sha);
  runner.set("GITHUB_REPOSITORY", "Alice/Bot");
  runner.set("INPUT_CALVER", "true");
  testing::TempDir event;  // the push payload's head commit, as GitHub sends it
  runner.set("GITHUB_EVENT_PATH",
             event.write("event.json", "{\"ref\":\"refs/tags/v1.2.3\",\"head_commit\":{\"id\":\"" +
                                           sha + "\",\"timestamp\":\"2023-05-04T10:00:00+02:00\"}}"));
  const RunContext in_ci = read_run_context(runner, {});
  // The laptop's: the checkout and --tag.
  io::Env laptop;
  laptop.set("BERTH_SIMULATE_TAG", "v1.2.3");
  laptop.set("INPUT_CALVER", "true");
  const std::string root = r.dir.path();
  const RunContext local = read_run_context(
      laptop, [root](const std::string&) { return io::open_git_repo(root); });
  EXPECT_EQ(core::compute_metadata(local.inputs, local.github, clock).tag_set.names(),
            core::compute_metadata(in_ci.inputs, in_ci.github, clock).tag_set.names());
}

}  // namespace
}  // namespace berth::app
