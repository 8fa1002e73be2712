// SPDX-License-Identifier: MIT
#include "io/otlp.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "support/fake_http.hpp"

namespace berth::io {
namespace {

Env env_of(const std::map<std::string, std::string>& vars) {
  Env env;
  for (const auto& [k, v] : vars) {
    env.set(k, v);
  }
  return env;
}

TEST(OtlpConfigTest, FindsTheTracesEndpointAsTheSpecSays) {
  struct Case {
    std::map<std::string, std::string> vars;
    bool enabled;
    std::string url;
  };
  const std::vector<Case> cases = {
      {{}, false, ""},
      {{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"}}, true, "http://c:4318/v1/traces"},
      {{{"OTEL_EXPORTER_OTLP_ENDPOINT", "https://c/otlp/"}}, true, "https://c/otlp/v1/traces"},
      {{{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/t"}}, true, "http://c:4318/t"},
      {{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a"}, {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://b/x"}},
       true, "http://b/x"},
      {{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a"}, {"OTEL_SDK_DISABLED", "TRUE"}}, false, ""},
      {{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a"}, {"OTEL_TRACES_EXPORTER", "none"}}, false, ""},
      {{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a"}, {"OTEL_TRACES_EXPORTER", "otlp"}}, true,
       "http://a/v1/traces"},
      {{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a"}, {"OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"}},
       true, "http://a/v1/traces"},
      {{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a"},
        {"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf"}},
       false, "http://a/v1/traces"},
      {{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a"}, {"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"}}, false,
       "http://a/v1/traces"},
      {{{"OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318"}}, false, "collector:4318/v1/traces"},
  };
  for (const Case& c : cases) {
    const OtlpConfig config = otlp_config(env_of(c.vars));
    SCOPED_TRACE(c.url);
    EXPECT_EQ(config.enabled, c.enabled);
    EXPECT_EQ(config.url, c.url);
    // Only settings that ask for traces and cannot be served warn.
    EXPECT_EQ(config.warnings.empty(), c.enabled || c.url.empty());
  }
}

TEST(OtlpConfigTest, RefusesProtobufWithAWarning) {
  const OtlpConfig config = otlp_config(env_of({{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a"},
                                                {"OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"}}));
  ASSERT_EQ(config.warnings.size(), 1u);
  EXPECT_NE(config.warnings[0].find("\"http/protobuf\" is not supported; berth sends http/json"),
            std::string::npos);
}

TEST(OtlpConfigTest, DecodesHeadersAndLetsTheTracesListWin) {
  const OtlpConfig config = otlp_config(
      env_of({{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a"},
              {"OTEL_EXPORTER_OTLP_HEADERS", " Authorization=Basic%20dXNlcjpwdw%3D%3D , x-a=1,"},
              {"OTEL_EXPORTER_OTLP_TRACES_HEADERS", "X-A=2,x-b=%E2%9C%93"}}));
  ASSERT_TRUE(config.enabled);
  EXPECT_EQ(config.headers, (Headers{{"Authorization", "Basic dXNlcjpwdw=="},
                                     {"X-A", "2"},
                                     {"x-b", "\xE2\x9C\x93"}}));
}

TEST(OtlpConfigTest, AMalformedHeaderListSendsNothingAndNamesNoValue) {
  for (const std::string bad : {"token-without-key", "=s3cret9", "k=%zz", "k=a%0Ab", "a b=c"}) {
    const OtlpConfig config = otlp_config(env_of(
        {{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a"}, {"OTEL_EXPORTER_OTLP_HEADERS", bad}}));
    EXPECT_FALSE(config.enabled) << bad;
    ASSERT_EQ(config.warnings.size(), 1u) << bad;
    EXPECT_NE(config.warnings[0].find("OTEL_EXPORTER_OTLP_HEADERS is not a list"),
              std::string::npos);
    EXPECT_EQ(config.warnings[0].find(bad), std::string::npos) << config.warnings[0];
  }
}

TEST(OtlpConfigTest, WaitsAtMostTheBound) {
  const auto timeout = [](const std::string& value) {
    return otlp_config(env_of({{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a"},
                               {"OTEL_EXPORTER_OTLP_TIMEOUT", value}}))
        .timeout_ms;
  };
  EXPECT_EQ(timeout(""), k_otlp_max_wait_ms);
  EXPECT_EQ(timeout("10000"), k_otlp_max_wait_ms);  // the spec's default, cut to the bound
  EXPECT_EQ(timeout("500"), 500);
  EXPECT_EQ(timeout("0"), k_otlp_max_wait_ms);
  EXPECT_EQ(timeout("soon"), k_otlp_max_wait_ms);
}

TEST(OtlpJsonTest, EncodesSpansAsOtlpJson) {
  core::Span span;
  span.name = "tag r/o/a:1";
  span.trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
  span.span_id = "00f067aa0ba902b7";
  span.parent_span_id = "00f067aa0ba902b8";
  span.start_ns = 1'700'000'000'123'456'789;
  span.end_ns = 1'700'000'001'000'000'000;
  span.failed = true;
  span.status_message = "500";
  span.attributes = {core::Attribute::string("s", "v"), core::Attribute::integer("n", 42),
                     core::Attribute::strings("l", {"a", "b"})};
  core::Span root = span;
  root.parent_span_id.clear();
  root.failed = false;
  root.status_message.clear();
  const std::string json = otlp_json({root, span}, {core::Attribute::string("service.name", "berth")}, "1.0");
  rapidjson::Document d;
  d.Parse(json.c_str());
  ASSERT_FALSE(d.HasParseError()) << json;
  const auto& rs = d["resourceSpans"][0];
  EXPECT_STREQ(rs["resource"]["attributes"][0]["key"].GetString(), "service.name");
  EXPECT_STREQ(rs["scopeSpans"][0]["scope"]["name"].GetString(), "berth");
  const auto& spans = rs["scopeSpans"][0]["spans"];
  ASSERT_EQ(spans.Size(), 2u);
  EXPECT_FALSE(spans[0].HasMember("parentSpanId"));
  EXPECT_EQ(spans[0]["status"]["code"].GetInt(), 1);
  const auto& s = spans[1];
  EXPECT_STREQ(s["traceId"].GetString(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_STREQ(s["parentSpanId"].GetString(), "00f067aa0ba902b8");
  EXPECT_STREQ(s["startTimeUnixNano"].GetString(), "1700000000123456789");
  EXPECT_STREQ(s["endTimeUnixNano"].GetString(), "1700000001000000000");
  EXPECT_EQ(s["kind"].GetInt(), 1);
  EXPECT_EQ(s["status"]["code"].GetInt(), 2);
  EXPECT_STREQ(s["status"]["message"].GetString(), "500");
  EXPECT_STREQ(s["attributes"][0]["value"]["stringValue"].GetString(), "v");
  EXPECT_STREQ(s["attributes"][1]["value"]["intValue"].GetString(), "42");
  EXPECT_STREQ(s["attributes"][2]["value"]["arrayValue"]["values"][1]["stringValue"].GetString(),
               "b");
}

TEST(OtlpSendTest, PostsOnceAndSaysWhyItFailed) {
  OtlpConfig config;
  config.enabled = true;
  config.url = "http://c/v1/traces";
  config.headers = {{"authorization", "Bearer t0k"}};
  testing::FakeHttpClient http;
  http.then(HttpResponse{200, {}, "{}"});
  http.then(HttpResponse{500, {}, "no"});
  http.then([](const HttpRequest&) -> HttpResponse { throw TransportError("refused", true); });
  EXPECT_EQ(send_otlp(http, config, "{}"), "");
  EXPECT_EQ(send_otlp(http, config, "{}"), "the collector at http://c/v1/traces answered 500");
  EXPECT_EQ(send_otlp(http, config, "{}"), "refused");
  ASSERT_EQ(http.requests().size(), 3u);  // no retry
  const HttpRequest& r = http.requests()[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(testing::header_of(r, "authorization"), "Bearer t0k");
  EXPECT_EQ(testing::header_of(r, "Content-Type"), "application/json");
}

}  // namespace
}  // namespace berth::io
