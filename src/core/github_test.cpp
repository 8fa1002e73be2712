// SPDX-License-Identifier: MIT
#include "core/github.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

TEST(GitHubToken, RecognisesTheShapesGitHubIssues) {
  for (const char* token : {"ghs_16C7e42F292c6912E7710c838347Ae178B4a", "ghp_abc123", "gho_x",
                            "ghu_X_y", "ghr_1", "github_pat_11ABC_def"}) {
    EXPECT_TRUE(is_github_token(token)) << token;
  }
}

TEST(GitHubToken, OtherSecretsAreNotGitHubTokens) {
  for (const char* secret : {"", "ghs_", "hunter2", "ghs-abc", "ghs_abc-def", "ghs_abc def",
                             "xghs_abc", "dckr_pat_abc", "GHS_ABC", "ghp_abc\n"}) {
    EXPECT_FALSE(is_github_token(secret)) << secret;
  }
}

TEST(GitHubRegistry, GitHubComHasTwo) {
  EXPECT_TRUE(is_github_registry("ghcr.io", "https://github.com"));
  EXPECT_TRUE(is_github_registry("docker.pkg.github.com", ""));
  EXPECT_FALSE(is_github_registry("docker.io", "https://github.com"));
  EXPECT_FALSE(is_github_registry("containers.github.com", "https://github.com"));
  EXPECT_FALSE(is_github_registry("ghcr.io.example.com", "https://github.com"));
  EXPECT_FALSE(is_github_registry("127.0.0.1:5443", "https://github.com"));
}

TEST(GitHubRegistry, EnterpriseServerHasItsOwn) {
  EXPECT_TRUE(is_github_registry("containers.git.example.com", "https://git.example.com"));
  EXPECT_TRUE(is_github_registry("docker.git.example.com", "https://git.example.com/"));
  EXPECT_FALSE(is_github_registry("containers.git.example.com", "https://github.com"));
  EXPECT_FALSE(is_github_registry("containers.git.example.com", "http://git.example.com"));
  EXPECT_FALSE(is_github_registry("git.example.com", "https://git.example.com"));
}

}  // namespace
}  // namespace berth::core
