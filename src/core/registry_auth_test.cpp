// SPDX-License-Identifier: MIT
// The registry-auth grammar: accepted lines, every error (named by line,
// never quoting a secret), the values to mask, GitHub tokens kept to GitHub.
#include "core/registry_auth.hpp"

#include <gtest/gtest.h>

#include "core/inputs.hpp"

namespace berth::core {
namespace {

struct Parsed {
  std::vector<RegistryAuth> entries;
  std::vector<std::string> errors;
};

Parsed parse(const std::string& text) {
  ErrorCollector errors;
  Parsed p;
  p.entries = parse_registry_auth(text, errors);
  try {
    errors.throw_if_any();
  } catch (const Errors& e) {
    for (const Error& one : e.all()) {
      EXPECT_EQ(one.input(), "registry-auth");
      p.errors.emplace_back(one.what());
    }
  }
  return p;
}

TEST(RegistryAuthTest, ParsesLinesWithThePasswordLast) {
  struct Case {
    std::string text;
    std::string registry, username, password;
    std::size_t line;
  };
  const Case cases[] = {
      {"registry=docker.io,username=me,password=dckr_pat_x", "docker.io", "me", "dckr_pat_x", 1},
      // The rest of the line is the password: commas, '=' and quotes too.
      {"registry=ghcr.io,username=me,password=a,b=c\"d", "ghcr.io", "me", "a,b=c\"d", 1},
      {"  username = me , registry = Quay.IO ,password=p w  ", "quay.io", "me", "p w", 1},
      {"\n# a comment\n\nregistry=https://index.docker.io/v1/,username=u,password=p", "docker.io",
       "u", "p", 4},
      {"registry=registry-1.docker.io,username=u,password=p", "docker.io", "u", "p", 1},
      {"registry=127.0.0.1:5000,username=u,password=p\r", "127.0.0.1:5000", "u", "p", 1},
      // An empty password (a fork's pull request has no secrets) is kept, to be skipped.
      {"registry=docker.io,username=u,password=", "docker.io", "u", "", 1},
  };
  for (const Case& c : cases) {
    const Parsed p = parse(c.text);
    ASSERT_TRUE(p.errors.empty()) << c.text << ": " << p.errors.front();
    ASSERT_EQ(p.entries.size(), 1u) << c.text;
    EXPECT_EQ(p.entries[0].registry, c.registry) << c.text;
    EXPECT_EQ(p.entries[0].username, c.username) << c.text;
    EXPECT_EQ(p.entries[0].password, c.password) << c.text;
    EXPECT_EQ(p.entries[0].line, c.line) << c.text;
    EXPECT_EQ(p.entries[0].source(), "registry-auth line " + std::to_string(c.line));
  }
}

TEST(RegistryAuthTest, NamesTheLineOfEachErrorWithoutTheSecret) {
  const std::string secret = "TOPSECRETvalue";
  struct Case {
    std::string text;
    std::string error;
  };
  const Case cases[] = {
      {"registry=docker.io,username=me", "registry-auth: line 1: no password= "
                                         "(registry=HOST,username=USER,password=SECRET, password last)"},
      {"username=me,password=" + secret, "registry-auth: line 1: no registry= "
                                         "(registry=HOST,username=USER,password=SECRET, password last)"},
      // password= first swallows the line: the other fields are missing.
      {"password=" + secret + ",registry=docker.io,username=me",
       "registry-auth: line 1: no registry=, username= "
       "(registry=HOST,username=USER,password=SECRET, password last)"},
      {"registry=docker.io,user=me,password=" + secret,
       "registry-auth: line 1: unknown field \"user\" (registry, username, password; password= "
       "comes last: the rest of the line is the password)"},
      {"registry=docker.io,username=me," + secret + "=x,password=p",
       "registry-auth: line 1: field 3 has an unknown key (registry, username, password; "
       "password= comes last: the rest of the line is the password)"},
      {"registry=docker.io,username=me," + secret,
       "registry-auth: line 1: field 3 is not key=value "
       "(registry=HOST,username=USER,password=SECRET)"},
      {"registry=not a host,username=me,password=" + secret,
       "registry-auth: line 1: \"not a host\" is not a registry host (host[:port])"},
      {"registry=docker.io,username=m e,password=" + secret,
       "registry-auth: line 1: the username must not contain spaces or ':'"},
      {"registry=docker.io,registry=quay.io,username=me,password=" + secret,
       "registry-auth: line 1: registry= is given twice"},
      {"registry=docker.io,username=,password=" + secret, "registry-auth: line 1: username= is empty"},
      {"registry=docker.io,username=a,password=1\n\nregistry=index.docker.io,username=b,password=" +
           secret,
       "registry-auth: line 3: docker.io is already given on line 1"},
  };
  for (const Case& c : cases) {
    const Parsed p = parse(c.text);
    ASSERT_EQ(p.errors.size(), 1u) << c.text;
    EXPECT_EQ(p.errors[0], c.error) << c.text;
    EXPECT_EQ(p.errors[0].find(secret), std::string::npos);
  }
}

TEST(RegistryAuthTest, CollectsOneErrorPerBadLine) {
  const Parsed p = parse("registry=a.io,username=u\nregistry=b.io,username=u,password=p\nnope");
  EXPECT_EQ(p.errors.size(), 2u);
  ASSERT_EQ(p.entries.size(), 1u);
  EXPECT_EQ(p.entries[0].registry, "b.io");
}

TEST(RegistryAuthTest, MasksWhatFollowsPasswordEvenOnBadLines) {
  EXPECT_EQ(registry_auth_secrets("registry=a.io,username=u,password=one\n"
                                  "password=two,registry=x\n"
                                  "registry=c.io,username=u\n"
                                  "registry=d.io,username=u,password=  three  \r\n"),
            (std::vector<std::string>{"one", "two,registry=x", "three"}));
}

TEST(RegistryAuthTest, RegistryHostNormalisesAndRefuses) {
  EXPECT_EQ(registry_host("GHCR.io"), "ghcr.io");
  EXPECT_EQ(registry_host("https://index.docker.io/v1/"), "docker.io");
  EXPECT_EQ(registry_host("http://localhost:5000/x"), "localhost:5000");
  EXPECT_EQ(registry_host("a b"), "");
  EXPECT_EQ(registry_host(""), "");
}

TEST(RegistryAuthTest, GitHubTokensGoOnlyToGitHubsRegistries) {
  const std::string token = "ghs_" + std::string(36, 'a');
  ErrorCollector errors;
  const std::vector<RegistryAuth> entries = {
      {"ghcr.io", "u", token, 1},
      {"docker.io", "u", token, 2},
      {"containers.git.example.com", "u", token, 3},
      {"quay.io", "u", "not-a-github-token", 4},
  };
  check_registry_auth_tokens(entries, "https://git.example.com", errors);
  try {
    errors.throw_if_any();
    FAIL() << "no error";
  } catch (const Errors& e) {
    ASSERT_EQ(e.all().size(), 1u);
    EXPECT_EQ(std::string(e.all()[0].what()),
              "registry-auth: line 2: the password is a GitHub token, which berth sends only to "
              "GitHub's registries, not to docker.io");
    EXPECT_EQ(e.all()[0].input(), "registry-auth");
  }
}

TEST(RegistryAuthTest, InputsCarryTheLinesAndTheirErrors) {
  const Inputs in = parse_inputs({{"registry-auth", "registry=docker.io,username=me,password=p"}});
  ASSERT_EQ(in.registry_auth.size(), 1u);
  ASSERT_NE(registry_auth_for(in, "docker.io"), nullptr);
  EXPECT_EQ(registry_auth_for(in, "ghcr.io"), nullptr);
  try {
    parse_inputs({{"registry-auth", "registry=docker.io"}, {"push", "maybe"}});
    FAIL() << "no error";
  } catch (const Errors& e) {
    ASSERT_EQ(e.all().size(), 2u);
    EXPECT_EQ(e.all()[0].input(), "registry-auth");
    EXPECT_EQ(e.all()[1].input(), "push");
  }
}

}  // namespace
}  // namespace berth::core
