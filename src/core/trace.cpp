// SPDX-License-Identifier: MIT
#include "core/trace.hpp"

#include "core/text.hpp"

namespace berth::core {
namespace {

bool is_lower_hex(std::string_view s) {
  for (char c : s) {
    if (!is_digit(c) && !(c >= 'a' && c <= 'f')) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool is_trace_hex_id(std::string_view id, std::size_t digits) {
  return id.size() == digits && is_lower_hex(id) && id.find_first_not_of('0') != std::string_view::npos;
}

// https://www.w3.org/TR/trace-context/#traceparent-header-field-values
std::optional<TraceContext> parse_traceparent(std::string_view text) {
  text = trim(text);
  const std::vector<std::string_view> parts = split(text, '-');
  if (parts.size() < 4 || parts[0].size() != 2 || !is_lower_hex(parts[0]) || parts[0] == "ff") {
    return std::nullopt;
  }
  // Version 00 has exactly four fields; later versions may add more.
  if (parts[0] == "00" && parts.size() != 4) {
    return std::nullopt;
  }
  if (!is_trace_hex_id(parts[1], 32) || !is_trace_hex_id(parts[2], 16) || parts[3].size() != 2 ||
      !is_lower_hex(parts[3])) {
    return std::nullopt;
  }
  const int flags = std::stoi(std::string(parts[3]), nullptr, 16);
  return TraceContext{std::string(parts[1]), std::string(parts[2]), (flags & 1) != 0};
}

std::string format_traceparent(const TraceContext& context) {
  return "00-" + context.trace_id + "-" + context.span_id + (context.sampled ? "-01" : "-00");
}

std::string trace_id_from_hash(std::string_view digest_hex) {
  if (digest_hex.size() < 32) {
    return {};
  }
  const std::string id = to_lower(digest_hex.substr(0, 32));
  return is_trace_hex_id(id, 32) ? id : std::string();
}

std::string run_trace_seed(std::string_view repository, std::string_view run_id,
                           std::string_view attempt) {
  if (trim(run_id).empty()) {
    return {};
  }
  // The attempt defaults to 1, as the runner counts: a re-run is a new trace.
  const std::string_view n = trim(attempt).empty() ? std::string_view("1") : trim(attempt);
  return "berth-trace\n" + std::string(repository) + "\n" + std::string(trim(run_id)) + "\n" +
         std::string(n);
}

Attribute Attribute::string(std::string key, std::string value) {
  Attribute a;
  a.key = std::move(key);
  a.kind = Kind::k_string;
  a.text = std::move(value);
  return a;
}

Attribute Attribute::integer(std::string key, std::int64_t value) {
  Attribute a;
  a.key = std::move(key);
  a.kind = Kind::k_int;
  a.number = value;
  return a;
}

Attribute Attribute::strings(std::string key, std::vector<std::string> values) {
  Attribute a;
  a.key = std::move(key);
  a.kind = Kind::k_strings;
  a.list = std::move(values);
  return a;
}

}  // namespace berth::core
