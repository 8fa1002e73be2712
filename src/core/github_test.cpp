// SPDX-License-Identifier: MIT
#include "core/github.hpp"

#include <gtest/gtest.h>

#include <string>

namespace berth::core {
namespace {

// Whitespace a pasted or templated secret may carry around it.
const char* const k_wrappers[][2] = {
    {"", ""},     {" ", " "},       {"\t", ""},        {"", "\n"},
    {"", "\r\n"}, {"\n", "\n"},     {"\xC2\xA0", ""},  {"", "\xE2\x80\xA8"},
};

TEST(GitHubToken, RecognisesEachFormatWithWhitespaceAround) {
  const char* const tokens[] = {
      "ghs_16C7e42F292c6912E7710c838347Ae178B4a",                  // job token
      "ghp_abc123",                                                // classic PAT, new format
      "gho_x",                                                     // OAuth app
      "ghu_X_y",                                                   // user-to-server
      "ghr_1",                                                     // refresh
      "github_pat_11ABC_def",                                      // fine-grained PAT
      "0123456789abcdef0123456789abcdef01234567",                  // classic 40 hex
      "0123456789ABCDEF0123456789ABCDEF01234567",
  };
  for (const char* token : tokens) {
    for (const auto& w : k_wrappers) {
      const std::string secret = std::string(w[0]) + token + w[1];
      EXPECT_TRUE(is_github_token(secret)) << secret;
    }
  }
}

TEST(GitHubToken, OtherSecretsAreNotGitHubTokens) {
  const char* const secrets[] = {
      "", " ", "\n", "ghs_", " ghs_ ", "hunter2", "ghs-abc", "ghs_abc-def", "ghs_abc def",
      "ghs_abc\ndef", "xghs_abc", "dckr_pat_abc", "GHS_ABC",
      "0123456789abcdef0123456789abcdef0123456",    // 39 hex
      "0123456789abcdef0123456789abcdef012345678",  // 41 hex
      "0123456789abcdef0123456789abcdef0123456g",   // not hex
      "0123456789abcdef 0123456789abcdef01234567",
  };
  for (const char* secret : secrets) {
    EXPECT_FALSE(is_github_token(secret)) << secret;
  }
}

TEST(GitHubRegistry, FollowsTheHostRules) {
  struct Case {
    const char* host;
    const char* server_url;
    bool github;
  };
  const Case cases[] = {
      // github.com's registries, whatever the server.
      {"ghcr.io", "https://github.com", true},
      {"docker.pkg.github.com", "", true},
      {"GHCR.IO", "https://github.com", true},
      {"Docker.Pkg.GitHub.com", "https://github.com", true},
      {"ghcr.io:443", "https://github.com", true},
      {"ghcr.io.", "https://github.com", true},
      {"docker.io", "https://github.com", false},
      {"containers.github.com", "https://github.com", false},
      {"docker.github.com", "https://github.com", false},
      {"127.0.0.1:5443", "https://github.com", false},
      {"", "https://github.com", false},
      // Look-alikes.
      {"ghcr.io.evil.example", "https://github.com", false},
      {"ghcr.io.example.com", "https://github.com", false},
      {"evilghcr.io", "https://github.com", false},
      {"ghcr.iox", "https://github.com", false},
      {"xdocker.pkg.github.com", "https://github.com", false},
      {"ghcr.io@evil.example", "https://github.com", false},
      {"ghcr.io:x", "https://github.com", false},
      // GitHub Enterprise Server: containers.HOST and docker.HOST.
      {"containers.git.example.com", "https://git.example.com", true},
      {"docker.git.example.com", "https://git.example.com/", true},
      {"CONTAINERS.Git.Example.com", "https://git.example.com", true},
      {"containers.git.example.com:8443", "https://git.example.com", true},
      {"containers.git.example.com", "HTTPS://GIT.EXAMPLE.COM:8443/path", true},
      {"containers.git.example.com", "https://git.example.com?x=1", true},
      {"containers.git.example.com", "https://github.com", false},
      {"containers.git.example.com", "http://git.example.com", false},
      {"containers.git.example.com", "", false},
      {"git.example.com", "https://git.example.com", false},
      {"containers.git.example.com.evil.example", "https://git.example.com", false},
      {"evilcontainers.git.example.com", "https://git.example.com", false},
      {"containers.evil.git.example.com", "https://git.example.com", false},
      {"containers.example.com", "https://git.example.com", false},
      {"containers.evil.example", "https://user@evil.example@git.example.com", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(is_github_registry(c.host, c.server_url), c.github)
        << c.host << " with " << c.server_url;
  }
}

}  // namespace
}  // namespace berth::core
