// SPDX-License-Identifier: MIT
#include "io/transport_basic.hpp"

#include <gtest/gtest.h>

#include "support/fake_http.hpp"

namespace berth::io {
namespace {

using testing::FakeHttpClient;
using testing::header_of;

TEST(TransportBasicTest, SendsCredentialsToTheRegistrysHostOnly) {
  const std::pair<std::string, bool> cases[] = {
      {"https://reg.example:5000/v2/a/manifests/x", true},
      {"http://reg.example:5000/v2/", true},  // after a loopback/insecure switch to HTTP
      {"https://REG.example:5000/v2/", true},
      {"https://reg.example/v2/", false},
      {"https://reg.example:5001/v2/", false},
      {"https://reg.example.evil:5000/v2/", false},
      {"https://auth.example/token", false},
      {"https://reg.example:5000@evil.example/v2/", false},
      {"https://evil.example/@reg.example:5000/", false},
      {"not a url", false},
  };
  for (const auto& [url, sent] : cases) {
    SCOPED_TRACE(url);
    FakeHttpClient http;
    http.then(HttpResponse{200, {}, ""});
    BasicAuthClient client(http, "reg.example:5000", Credentials{"ci", "s3cret"});
    // A header set by a caller never leaks to another host either.
    client.send(HttpRequest{"GET", url, {{"Authorization", "Bearer stale"}}, {}});
    ASSERT_EQ(http.requests().size(), 1u);
    EXPECT_EQ(header_of(http.requests()[0], "Authorization"), sent ? "Basic Y2k6czNjcmV0" : "");
  }
}

TEST(TransportBasicTest, KeepsTheRestOfTheRequest) {
  FakeHttpClient http;
  http.then(HttpResponse{201, {}, ""});
  BasicAuthClient client(http, "reg.example", Credentials{"ci", "s3cret"});
  HttpRequest request{"PUT", "https://reg.example/v2/a/manifests/t", {{"Content-Type", "x"}}, "{}"};
  request.max_body = 7;
  EXPECT_EQ(client.send(request).status, 201);
  const HttpRequest& sent = http.requests()[0];
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_EQ(sent.body, "{}");
  EXPECT_EQ(sent.max_body, 7u);
  EXPECT_EQ(header_of(sent, "Content-Type"), "x");
}

}  // namespace
}  // namespace berth::io
