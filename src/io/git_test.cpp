// SPDX-License-Identifier: MIT
// io/git.hpp against real repositories that the git CLI makes in a temporary
// directory (only the tests run git; berth reads the files through libgit2).
// Every commit gets its own committer time, so the expected orders are exact.
#include "io/git.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "support/spawn.hpp"

namespace berth::io {
namespace {

namespace fs = std::filesystem;
using Strings = std::vector<std::string>;

// The git program on PATH (testing::run execs a path; it searches nothing).
std::string git_program() {
  std::string dirs = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "/usr/bin";
  for (std::size_t start = 0; start <= dirs.size();) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string candidate = dirs.substr(start, end - start) + "/git";
    if (access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return "git";
}

class GitRepoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "berth-git-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    m_tmp = fs::canonical(pattern).string();
  }
  void TearDown() override { fs::remove_all(m_tmp); }

  std::string path(const std::string& name) const { return m_tmp + "/" + name; }

  // Runs git in `dir` with a clean environment (no user or system config)
  // and commits dated `time`; returns its stdout without the last newline.
  std::string git(const std::string& dir, const Strings& args, long time = 1700000000) {
    Strings argv{git_program(), "-C", dir};
    argv.insert(argv.end(), args.begin(), args.end());
    const std::string date = "@" + std::to_string(time) + " +0000";
    const Env env({{"PATH", std::getenv("PATH")},
                   {"HOME", m_tmp},
                   {"GIT_CONFIG_NOSYSTEM", "1"},
                   {"GIT_AUTHOR_NAME", "A"},
                   {"GIT_AUTHOR_EMAIL", "a@example.com"},
                   {"GIT_COMMITTER_NAME", "C"},
                   {"GIT_COMMITTER_EMAIL", "c@example.com"},
                   {"GIT_AUTHOR_DATE", date},
                   {"GIT_COMMITTER_DATE", date}});
    const testing::RunResult r = testing::run(argv, env);
    EXPECT_EQ(r.status, 0) << "git " << args.front() << ": " << r.err;
    std::string out = r.out;
    if (!out.empty() && out.back() == '\n') {
      out.pop_back();
    }
    return out;
  }

  void write(const std::string& file, const std::string& text) {
    fs::create_directories(fs::path(file).parent_path());
    std::ofstream(file) << text;
  }

  // A new repository at `name` on branch `branch`.
  std::string init(const std::string& name, const std::string& branch = "main") {
    fs::create_directories(path(name));
    git(path(name), {"init", "-q", "-b", branch});
    return path(name);
  }

  // Writes `file` (relative to `dir`), commits everything at `time`; returns the sha.
  std::string commit(const std::string& dir, const std::string& file, long time) {
    write(dir + "/" + file, file + " at " + std::to_string(time) + "\n");
    git(dir, {"add", "-A"}, time);
    git(dir, {"commit", "-q", "-m", file}, time);
    return git(dir, {"rev-parse", "HEAD"});
  }

  std::string m_tmp;
};

TEST_F(GitRepoTest, FactsOfABranchWithTagsAndAnSshOrigin) {
  const std::string dir = init("app");
  const std::string c1 = commit(dir, "a.txt", 1700000000);
  git(dir, {"tag", "older"});
  const std::string c2 = commit(dir, "b.txt", 1700000100);
  git(dir, {"tag", "v1"});                           // lightweight
  git(dir, {"tag", "-a", "v2", "-m", "release 2"});  // annotated: a tag object
  git(dir, {"tag", "-a", "v0", "-m", "old", c1});    // annotated, elsewhere
  git(dir, {"remote", "add", "origin", "git@github.com:acme/app.git"});

  const core::CheckoutFacts f = open_git_repo(dir)->facts();
  EXPECT_EQ(f.root, dir);
  EXPECT_EQ(f.head_sha, c2);
  EXPECT_EQ(f.head_sha.size(), 40U);
  EXPECT_EQ(f.head_time_s, 1700000100);
  EXPECT_EQ(f.branch, "main");
  EXPECT_EQ(f.tags_at_head, (Strings{"v1", "v2"}));
  EXPECT_EQ(f.origin_url, "git@github.com:acme/app.git");
  EXPECT_EQ(f.default_branch, "");  // no refs/remotes/origin/HEAD
  EXPECT_FALSE(f.shallow);
}

TEST_F(GitRepoTest, DetachedHeadHasNoBranchAndItsOwnTags) {
  const std::string dir = init("app", "trunk");
  const std::string c1 = commit(dir, "a.txt", 1700000000);
  git(dir, {"tag", "-a", "v0.1", "-m", "first"});
  git(dir, {"tag", "first"});
  commit(dir, "b.txt", 1700000100);
  git(dir, {"checkout", "-q", "--detach", c1});

  const core::CheckoutFacts f = open_git_repo(dir)->facts();
  EXPECT_EQ(f.head_sha, c1);
  EXPECT_EQ(f.head_time_s, 1700000000);
  EXPECT_EQ(f.branch, "");
  EXPECT_EQ(f.tags_at_head, (Strings{"first", "v0.1"}));
  EXPECT_EQ(f.origin_url, "");  // no remote at all
}

TEST_F(GitRepoTest, HttpsOriginWithItsHeadSetByRemoteSetHead) {
  const std::string dir = init("app");
  commit(dir, "a.txt", 1700000000);
  git(dir, {"remote", "add", "origin", "https://github.com/acme/app.git"});
  git(dir, {"update-ref", "refs/remotes/origin/develop", "HEAD"});
  git(dir, {"remote", "set-head", "origin", "develop"});

  const core::CheckoutFacts f = open_git_repo(dir)->facts();
  EXPECT_EQ(f.origin_url, "https://github.com/acme/app.git");
  EXPECT_EQ(f.default_branch, "develop");
  EXPECT_EQ(f.default_branch_sha, f.head_sha);
  EXPECT_EQ(f.branch, "main");
}

TEST_F(GitRepoTest, ACloneKnowsItsOriginAndDefaultBranch) {
  const std::string upstream = init("upstream", "trunk");
  const std::string c1 = commit(upstream, "a.txt", 1700000000);
  git(m_tmp, {"clone", "-q", "--bare", upstream, path("bare.git")});
  git(m_tmp, {"clone", "-q", path("bare.git"), path("work")});

  const core::CheckoutFacts f = open_git_repo(path("work"))->facts();
  EXPECT_EQ(f.root, path("work"));
  EXPECT_EQ(f.head_sha, c1);
  EXPECT_EQ(f.branch, "trunk");
  EXPECT_EQ(f.origin_url, path("bare.git"));
  EXPECT_EQ(f.default_branch, "trunk");
  EXPECT_EQ(f.default_branch_sha, c1);
  EXPECT_FALSE(f.shallow);
}

TEST_F(GitRepoTest, ShallowCloneStopsAtItsDepth) {
  const std::string upstream = init("upstream");
  const std::string c1 = commit(upstream, "a.txt", 1700000000);
  commit(upstream, "b.txt", 1700000100);
  const std::string c3 = commit(upstream, "c.txt", 1700000200);
  git(m_tmp, {"clone", "-q", "--depth", "1", "file://" + upstream, path("shallow")});

  const auto repo = open_git_repo(path("shallow"));
  const core::CheckoutFacts f = repo->facts();
  EXPECT_TRUE(f.shallow);
  EXPECT_EQ(f.head_sha, c3);
  EXPECT_EQ(f.default_branch, "main");
  EXPECT_EQ(repo->history(c3, 10), (Strings{c3}));
  EXPECT_TRUE(repo->has_commit(c3));
  EXPECT_FALSE(repo->has_commit(c1));
  EXPECT_THROW(repo->changed_paths(c1, c3), Error);
}

TEST_F(GitRepoTest, HistoryIsNewestFirstOverEveryParentOfAMerge) {
  const std::string dir = init("app");
  const std::string a = commit(dir, "a.txt", 1700000000);
  git(dir, {"checkout", "-q", "-b", "feature"});
  const std::string f1 = commit(dir, "f1.txt", 1700000200);
  const std::string f2 = commit(dir, "f2.txt", 1700000300);
  git(dir, {"checkout", "-q", "main"});
  const std::string b = commit(dir, "b.txt", 1700000400);
  git(dir, {"merge", "-q", "--no-ff", "-m", "merge feature", "feature"}, 1700000500);
  const std::string m = git(dir, {"rev-parse", "HEAD"});
  const std::string c = commit(dir, "c.txt", 1700000600);

  const auto repo = open_git_repo(dir);
  EXPECT_EQ(repo->history(c, 100), (Strings{c, m, b, f2, f1, a}));
  EXPECT_EQ(repo->history(m, 3), (Strings{m, b, f2}));
  EXPECT_EQ(repo->history(f2, 100), (Strings{f2, f1, a}));
  EXPECT_EQ(repo->history(a, 0), Strings{});
  EXPECT_EQ(repo->history("HEAD", 1), (Strings{c}));
  EXPECT_THROW(repo->history(std::string(40, '0'), 10), Error);
}

TEST_F(GitRepoTest, ChangedPathsListBothSidesOfARenameAndFilesOnly) {
  const std::string dir = init("app");
  commit(dir, "README", 1700000000);
  commit(dir, "a/x.txt", 1700000001);
  const std::string c1 = commit(dir, "b/y.txt", 1700000002);
  git(dir, {"mv", "a/x.txt", "a/z.txt"});
  git(dir, {"rm", "-q", "README"});
  write(dir + "/b/y.txt", "changed\n");
  const std::string c2 = commit(dir, "c/d/new.txt", 1700000100);

  const auto repo = open_git_repo(dir);
  const Strings expected{"README", "a/x.txt", "a/z.txt", "b/y.txt", "c/d/new.txt"};
  EXPECT_EQ(repo->changed_paths(c1, c2), expected);
  EXPECT_EQ(repo->changed_paths(c2, c1), expected);
  EXPECT_EQ(repo->changed_paths(c2, c2), Strings{});
  try {
    repo->changed_paths(std::string(40, 'a'), c2);
    ADD_FAILURE() << "no error for a commit the repository does not have";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(std::string(40, 'a')), std::string::npos)
        << e.what();
  }
}

TEST_F(GitRepoTest, HasCommitOnlyForCommits) {
  const std::string dir = init("app");
  const std::string c1 = commit(dir, "a.txt", 1700000000);
  write(dir + "/loose.txt", "not committed\n");
  const std::string blob = git(dir, {"hash-object", "-w", "loose.txt"});
  const auto repo = open_git_repo(dir);
  EXPECT_TRUE(repo->has_commit(c1));
  EXPECT_FALSE(repo->has_commit(blob));
  EXPECT_FALSE(repo->has_commit(std::string(40, '0')));
  EXPECT_FALSE(repo->has_commit("not-a-sha"));
}

TEST_F(GitRepoTest, OpensFromASubdirectory) {
  const std::string dir = init("app");
  const std::string c1 = commit(dir, "deep/er/file.txt", 1700000000);
  const core::CheckoutFacts f = open_git_repo(dir + "/deep/er")->facts();
  EXPECT_EQ(f.root, dir);
  EXPECT_EQ(f.head_sha, c1);
}

TEST_F(GitRepoTest, RepositoryWithoutCommits) {
  const std::string dir = init("app", "start");
  const core::CheckoutFacts f = open_git_repo(dir)->facts();
  EXPECT_EQ(f.root, dir);
  EXPECT_EQ(f.head_sha, "");
  EXPECT_EQ(f.head_time_s, 0);
  EXPECT_EQ(f.branch, "start");
  EXPECT_EQ(f.tags_at_head, Strings{});
}

TEST_F(GitRepoTest, NoRepositoryNamesThePath) {
  const std::string dir = path("plain/dir");
  fs::create_directories(dir);
  try {
    open_git_repo(dir);
    ADD_FAILURE() << "opened a repository in " << dir;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(dir), std::string::npos) << e.what();
  }
  EXPECT_THROW(open_git_repo(path("missing")), Error);
}

// GitHub Actions' workspace belongs to the runner's uid, not the container's
// root: libgit2's ownership check (git's safe.directory) must not refuse it.
TEST_F(GitRepoTest, OpensARepositoryOwnedByAnotherUser) {
  if (geteuid() != 0) {
    GTEST_SKIP() << "needs root to give the repository to another uid";
  }
  const std::string dir = init("app");
  const std::string c1 = commit(dir, "a.txt", 1700000000);
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    ASSERT_EQ(lchown(entry.path().c_str(), 1001, 1001), 0) << entry.path();
  }
  ASSERT_EQ(lchown(dir.c_str(), 1001, 1001), 0);
  EXPECT_EQ(open_git_repo(dir)->facts().head_sha, c1);
}

}  // namespace
}  // namespace berth::io
