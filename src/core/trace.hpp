// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Traces as data: W3C Trace Context ids and headers, and the spans of a run
// (one per step), ready for an OTLP encoder. No clock, no randomness: ids and
// times come in as arguments.
namespace berth::core {

// A position in a trace: the trace id (32 lowercase hex digits) and a span
// id (16), as a `traceparent` header carries them.
struct TraceContext {
  std::string trace_id;
  std::string span_id;
  bool sampled = true;
};

// Returns whether `id` is `digits` lowercase hex digits, not all zero (W3C
// Trace Context's rule for trace and span ids).
bool is_trace_hex_id(std::string_view id, std::size_t digits);

// Parses a `traceparent` value ("00-<trace>-<span>-<flags>"); returns nothing
// when it is malformed, as the W3C spec asks (the caller starts a new trace).
// Versions above 00 are read by their first four fields.
std::optional<TraceContext> parse_traceparent(std::string_view text);

// Returns `context` as a version-00 `traceparent` value.
std::string format_traceparent(const TraceContext& context);

// Returns the trace id of a workflow run from `digest_hex` (the hex of a hash
// of repository, run id and attempt; at least 32 digits): its first 32
// digits, so every job of one run attempt derives the same id. Returns ""
// when `digest_hex` is too short or the result is not a valid id.
std::string trace_id_from_hash(std::string_view digest_hex);

// Returns the text hashed into a run's trace id ("" when `run_id` is empty:
// outside a workflow run there is nothing to share).
std::string run_trace_seed(std::string_view repository, std::string_view run_id,
                           std::string_view attempt);

// One attribute of a span or resource: a string, an integer or a list of
// strings.
struct Attribute {
  enum class Kind { k_string, k_int, k_strings };
  std::string key;
  Kind kind = Kind::k_string;
  std::string text;
  std::int64_t number = 0;
  std::vector<std::string> list;

  static Attribute string(std::string key, std::string value);
  static Attribute integer(std::string key, std::int64_t value);
  static Attribute strings(std::string key, std::vector<std::string> values);
};

// One timed operation of a trace.
struct Span {
  std::string name;
  std::string trace_id;
  std::string span_id;
  std::string parent_span_id;  // "" for a root span
  std::int64_t start_ns = 0;   // unix time, nanoseconds
  std::int64_t end_ns = 0;
  bool failed = false;
  std::string status_message;  // why it failed, when it did
  std::vector<Attribute> attributes;
};

}  // namespace berth::core
