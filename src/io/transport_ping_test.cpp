// SPDX-License-Identifier: MIT
#include "io/transport_ping.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace berth::io {
namespace {

struct PingCase {
  std::vector<std::string> headers;  // WWW-Authenticate values
  enum { k_none, k_basic, k_bearer, k_throws } want;
  std::string realm = {};
  std::string service = {};
  std::vector<std::string> scopes = {};
};

TEST(TransportPingTest, ReadsTheChallengeOfA401) {
  // Plain HTTP is allowed to 127.0.0.1 only, as if it were the one loopback host.
  const PlainHttpPolicy plain_ok = [](const core::Url& u) { return u.host == "127.0.0.1"; };
  const core::Url request = *core::parse_url("https://reg.example/v2/a/manifests/x");
  const PingCase cases[] = {
      {{"Basic realm=\"registry\""}, PingCase::k_basic},
      {{"Bearer realm=\"https://auth.example/token\",service=\"reg\",scope=\"repository:a:pull\""},
       PingCase::k_bearer, "https://auth.example/token", "reg", {"repository:a:pull"}},
      {{"Basic realm=\"r\", Bearer realm=\"https://auth.example/t?x=1\""}, PingCase::k_bearer,
       "https://auth.example/t?x=1"},
      {{"Basic realm=\"r\"", "Bearer realm=\"https://a.example/t\",scope=\"s1 s2\""},
       PingCase::k_bearer, "https://a.example/t", "", {"s1", "s2"}},
      {{"Bearer realm=\"/token\""}, PingCase::k_bearer, "https://reg.example/token"},
      {{"Bearer realm=\"http://127.0.0.1:9999/token\""}, PingCase::k_bearer,
       "http://127.0.0.1:9999/token"},
      {{"Negotiate abc"}, PingCase::k_none},
      {{}, PingCase::k_none},
      {{"Bearer realm=\"http://evil.example/token\""}, PingCase::k_throws},
      {{"Bearer realm=\"http://127.0.0.1@203.0.113.7/token\""}, PingCase::k_throws},
      {{"Bearer realm=\"https://user:pw@auth.example/token\""}, PingCase::k_throws},
      {{"Bearer realm=\"http://127.registry.example/token\""}, PingCase::k_throws},
      {{"Bearer realm=\"ftp://auth.example/token\""}, PingCase::k_throws},
      {{"Bearer realm=\"\""}, PingCase::k_throws},
      {{"Bearer service=\"reg\""}, PingCase::k_throws},
      {{"Bearer realm=\"https://auth example/token\""}, PingCase::k_throws},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.headers.empty() ? "(none)" : c.headers.front());
    HttpResponse r{401, {}, ""};
    for (const auto& h : c.headers) {
      r.headers.emplace_back("www-authenticate", h);
    }
    if (c.want == PingCase::k_throws) {
      EXPECT_THROW(read_challenge(r, request, plain_ok), Error);
      continue;
    }
    const auto got = read_challenge(r, request, plain_ok);
    ASSERT_EQ(got.has_value(), c.want != PingCase::k_none);
    if (c.want == PingCase::k_basic) {
      EXPECT_EQ(got->scheme, AuthChallenge::Scheme::k_basic);
    }
    if (c.want == PingCase::k_bearer) {
      EXPECT_EQ(got->scheme, AuthChallenge::Scheme::k_bearer);
      EXPECT_EQ(got->realm.to_string(), c.realm);
      EXPECT_EQ(got->service, c.service);
      EXPECT_EQ(got->scopes, c.scopes);
    }
  }
}

}  // namespace
}  // namespace berth::io
