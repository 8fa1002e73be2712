// SPDX-License-Identifier: MIT
#include "core/auth_challenge.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

TEST(AuthChallengeTest, ParsesBearer) {
  const auto cs = parse_www_authenticate(
      "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
      "scope=\"repository:samalba/my-app:pull,push\",error=\"insufficient_scope\"");
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_EQ(cs[0].scheme, "bearer");
  EXPECT_EQ(cs[0].params.at("realm"), "https://auth.docker.io/token");
  EXPECT_EQ(cs[0].params.at("service"), "registry.docker.io");
  EXPECT_EQ(cs[0].params.at("scope"), "repository:samalba/my-app:pull,push");
  EXPECT_EQ(cs[0].params.at("error"), "insufficient_scope");
}

TEST(AuthChallengeTest, ParsesBasicAndSeveralChallenges) {
  const auto basic = parse_www_authenticate("Basic realm=\"basic-realm\"");
  ASSERT_EQ(basic.size(), 1u);
  EXPECT_EQ(basic[0].scheme, "basic");
  EXPECT_EQ(basic[0].params.at("realm"), "basic-realm");

  const auto two = parse_www_authenticate(
      "Basic realm=\"x, y\", BEARER Realm=http://127.0.0.1:5080/token, service=svc");
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].params.at("realm"), "x, y");
  EXPECT_EQ(two[1].scheme, "bearer");
  EXPECT_EQ(two[1].params.at("realm"), "http://127.0.0.1:5080/token");
  EXPECT_EQ(two[1].params.at("service"), "svc");
}

TEST(AuthChallengeTest, HandlesEscapesAndOddSpacing) {
  const auto cs = parse_www_authenticate("  bearer   realm = \"a\\\"b\" ,  service=\"s\"  ");
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_EQ(cs[0].params.at("realm"), "a\"b");
  EXPECT_EQ(cs[0].params.at("service"), "s");
}

TEST(AuthChallengeTest, SurvivesGarbage) {
  for (const char* text : {"", ",,,", "=", "Bearer realm=\"unterminated", "Bearer ,=,=",
                           "\"quoted\"", "Basic realm"}) {
    parse_www_authenticate(text);  // must not crash or hang
  }
  EXPECT_EQ(parse_www_authenticate("Negotiate").at(0).scheme, "negotiate");
}

TEST(AuthChallengeTest, BuildsScopes) {
  EXPECT_EQ(repository_scope("o/app", "pull,push"), "repository:o/app:pull,push");
}

}  // namespace
}  // namespace berth::core
