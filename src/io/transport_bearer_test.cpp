// SPDX-License-Identifier: MIT
#include "io/transport_bearer.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "support/fake_http.hpp"

namespace berth::io {
namespace {

using testing::FakeHttpClient;
using testing::header_of;

// One exchange: the request expected and the answer given.
struct Step {
  std::string method;
  std::string url;
  std::string authorization;  // "" = no header
  HttpResponse answer;
};

const std::string k_token_url =
    "https://auth.example/token?service=reg&scope=repository%3Aa%3Apull"
    "&scope=repository%3Aa%3Apull%2Cpush";
const std::string k_basic = "Basic Y2k6czNjcmV0";

HttpResponse token(const std::string& t) { return HttpResponse{200, {}, "{\"token\":\"" + t + "\"}"}; }

HttpResponse unauthorized(const std::string& scope) {
  return HttpResponse{401,
                      {{"www-authenticate", "Bearer realm=\"https://auth.example/token\","
                                            "service=\"reg\",scope=\"" + scope + "\""}},
                      ""};
}

struct BearerCase {
  std::string name;
  Credentials credentials;
  std::vector<HttpRequest> requests;  // sent in order through the client
  std::vector<Step> steps;
  std::vector<long> statuses;  // what each request returns
};

TEST(TransportBearerTest, FetchesSendsAndRefreshesTokens) {
  const std::vector<std::string> declared = {"repository:a:pull,push"};
  const HttpRequest get{"GET", "https://reg.example/v2/a/manifests/x", {}, {}};
  const HttpRequest put{"PUT", "https://reg.example/v2/c/manifests/x", {}, "{}"};
  const HttpRequest elsewhere{"GET", "https://cdn.example/blob", {}, {}};
  const BearerCase cases[] = {
      {"one token, then the request",
       {"ci", "s3cret"}, {get},
       {{"GET", k_token_url, k_basic, token("t1")},
        {"GET", get.url, "Bearer t1", HttpResponse{200, {}, ""}}},
       {200}},
      {"anonymous token",
       {}, {get},
       {{"GET", k_token_url, "", token("t1")},
        {"GET", get.url, "Bearer t1", HttpResponse{200, {}, ""}}},
       {200}},
      {"a 401 with a fresh token is the caller's",
       {"ci", "s3cret"}, {get},
       {{"GET", k_token_url, k_basic, token("t1")},
        {"GET", get.url, "Bearer t1", unauthorized("repository:a:pull")}},
       {401}},
      {"an older token is refreshed once, with the new scope",
       {"ci", "s3cret"}, {get, put},
       {{"GET", k_token_url, k_basic, token("t1")},
        {"GET", get.url, "Bearer t1", HttpResponse{200, {}, ""}},
        {"PUT", put.url, "Bearer t1", unauthorized("repository:c:push")},
        {"GET",
         "https://auth.example/token?service=reg&scope=repository%3Aa%3Apull"
         "&scope=repository%3Ac%3Apush&scope=repository%3Aa%3Apull%2Cpush",
         k_basic, token("t2")},
        {"PUT", put.url, "Bearer t2", unauthorized("repository:c:push")}},
       {200, 401}},
      {"the token goes to the registry's host only",
       {"ci", "s3cret"}, {elsewhere},
       {{"GET", k_token_url, k_basic, token("t1")},
        {"GET", elsewhere.url, "", HttpResponse{200, {}, ""}}},
       {200}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    FakeHttpClient http;
    for (const Step& step : c.steps) {
      http.then([step](const HttpRequest& r) {
        EXPECT_EQ(r.method, step.method);
        EXPECT_EQ(r.url, step.url);
        EXPECT_EQ(header_of(r, "Authorization"), step.authorization);
        return step.answer;
      });
    }
    AuthChallenge challenge{AuthChallenge::Scheme::k_bearer,
                            *core::parse_url("https://auth.example/token"), "reg",
                            {"repository:a:pull"}};
    BearerAuthClient client(http, BearerOptions{"reg.example", "reg.example", challenge,
                                                c.credentials, &declared});
    for (std::size_t i = 0; i < c.requests.size(); ++i) {
      EXPECT_EQ(client.send(c.requests[i]).status, c.statuses[i]);
    }
    EXPECT_TRUE(http.done());
    EXPECT_EQ(http.requests().front().max_body, k_max_small_body);
  }
}

TEST(TransportBearerTest, RefusesBadTokenAnswers) {
  const std::pair<HttpResponse, std::string> cases[] = {
      {HttpResponse{401, {}, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}"}, "password"},
      {HttpResponse{200, {}, "{}"}, ""},
      {HttpResponse{200, {}, "not json"}, ""},
      {HttpResponse{200, {}, "{\"token\":\"a\\r\\nX-Evil: 1\"}"}, ""},
      {HttpResponse{200, {}, "{\"token\":\"a b\"}"}, ""},
      {HttpResponse{200, {}, "{\"token\":42}"}, ""},
  };
  for (const auto& [answer, input] : cases) {
    SCOPED_TRACE(answer.body);
    FakeHttpClient http;
    http.then(answer);
    AuthChallenge challenge{AuthChallenge::Scheme::k_bearer,
                            *core::parse_url("https://auth.example/token"), "", {}};
    BearerAuthClient client(http, BearerOptions{"reg.example", "reg.example", challenge,
                                                {"ci", "s3cret"}, nullptr});
    try {
      client.send(HttpRequest{"GET", "https://reg.example/v2/", {}, {}});
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.input(), input);
      EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos);
    }
    EXPECT_EQ(http.requests().size(), 1u);  // nothing reached the registry
    EXPECT_EQ(http.requests()[0].url, "https://auth.example/token?service=reg.example");
  }
}

}  // namespace
}  // namespace berth::io
