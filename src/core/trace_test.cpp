// SPDX-License-Identifier: MIT
#include "core/trace.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

const char* const k_trace = "4bf92f3577b34da6a3ce929d0e0e4736";
const char* const k_span = "00f067aa0ba902b7";

TEST(TraceTest, ParsesTraceparentAsW3CTraceContextSays) {
  struct Case {
    std::string text;
    bool valid;
    bool sampled;
  };
  const std::string base = std::string(k_trace) + "-" + k_span;
  const std::vector<Case> cases = {
      {"00-" + base + "-01", true, true},
      {"00-" + base + "-00", true, false},
      {"  00-" + base + "-01 ", true, true},              // surrounding blanks
      {"01-" + base + "-01-future", true, true},          // a later version may add fields
      {"00-" + base + "-01-extra", false, false},         // version 00 has exactly four
      {"ff-" + base + "-01", false, false},               // version ff is invalid
      {"00-" + std::string(32, '0') + "-" + k_span + "-01", false, false},  // all-zero trace
      {"00-" + std::string(k_trace) + "-" + std::string(16, '0') + "-01", false, false},
      {"00-4BF92F3577B34DA6A3CE929D0E0E4736-" + std::string(k_span) + "-01", false, false},
      {"00-" + std::string(k_trace).substr(1) + "-" + k_span + "-01", false, false},
      {"00-" + base + "-1", false, false},
      {"00-" + base + "-zz", false, false},
      {"", false, false},
      {"garbage", false, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const auto parsed = parse_traceparent(c.text);
    ASSERT_EQ(parsed.has_value(), c.valid);
    if (c.valid) {
      EXPECT_EQ(parsed->trace_id, k_trace);
      EXPECT_EQ(parsed->span_id, k_span);
      EXPECT_EQ(parsed->sampled, c.sampled);
    }
  }
}

TEST(TraceTest, FormatsWhatItParses) {
  const TraceContext c{k_trace, k_span, true};
  EXPECT_EQ(format_traceparent(c), "00-" + std::string(k_trace) + "-" + k_span + "-01");
  EXPECT_EQ(format_traceparent({k_trace, k_span, false}).substr(52), "-00");
  const auto back = parse_traceparent(format_traceparent(c));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->trace_id, c.trace_id);
  EXPECT_EQ(back->span_id, c.span_id);
}

TEST(TraceTest, DerivesARunsTraceIdFromItsHash) {
  EXPECT_EQ(trace_id_from_hash("ABCDEF0123456789abcdef0123456789ffff"),
            "abcdef0123456789abcdef0123456789");
  EXPECT_EQ(trace_id_from_hash("abc"), "");
  EXPECT_EQ(trace_id_from_hash(std::string(64, '0')), "");  // an invalid id
  EXPECT_EQ(trace_id_from_hash(std::string(31, 'a') + "g"), "");
}

TEST(TraceTest, SeedsOneTracePerRunAttempt) {
  EXPECT_EQ(run_trace_seed("o/r", "", "1"), "");  // outside a workflow run
  EXPECT_EQ(run_trace_seed("o/r", "42", ""), run_trace_seed("o/r", "42", "1"));
  EXPECT_NE(run_trace_seed("o/r", "42", "1"), run_trace_seed("o/r", "42", "2"));
  EXPECT_NE(run_trace_seed("o/r", "42", "1"), run_trace_seed("o/s", "42", "1"));
  EXPECT_NE(run_trace_seed("o/r", "421", "1"), run_trace_seed("o/r", "42", "11"));
}

TEST(TraceTest, ChecksHexIds) {
  EXPECT_TRUE(is_trace_hex_id(k_span, 16));
  EXPECT_FALSE(is_trace_hex_id(k_span, 32));
  EXPECT_FALSE(is_trace_hex_id("00f067aa0ba902bG", 16));
  EXPECT_FALSE(is_trace_hex_id(std::string(16, '0'), 16));
}

TEST(TraceTest, MakesAttributesOfEachKind) {
  const Attribute s = Attribute::string("a", "b");
  const Attribute i = Attribute::integer("n", -3);
  const Attribute l = Attribute::strings("l", {"x", "y"});
  EXPECT_EQ(s.kind, Attribute::Kind::k_string);
  EXPECT_EQ(s.text, "b");
  EXPECT_EQ(i.kind, Attribute::Kind::k_int);
  EXPECT_EQ(i.number, -3);
  EXPECT_EQ(l.kind, Attribute::Kind::k_strings);
  EXPECT_EQ(l.list, (std::vector<std::string>{"x", "y"}));
}

}  // namespace
}  // namespace berth::core
