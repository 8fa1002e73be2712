// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "core/trace.hpp"
#include "io/env.hpp"
#include "io/http.hpp"

// OpenTelemetry traces over OTLP/HTTP with the JSON encoding: where to send
// them (the standard OTEL_* variables), the request body, and one bounded
// attempt to deliver it. https://opentelemetry.io/docs/specs/otlp/
namespace berth::io {

// The longest berth waits for a collector, connect and answer included.
inline constexpr long k_otlp_max_wait_ms = 2'000;

// Where and how a run's traces go, from the environment.
struct OtlpConfig {
  bool enabled = false;    // false: nothing is sent (variables unset, or refused)
  std::string url;         // the traces endpoint, ".../v1/traces"
  Headers headers;         // OTEL_EXPORTER_OTLP_[TRACES_]HEADERS, values decoded
  long timeout_ms = k_otlp_max_wait_ms;
  std::string service_name = "berth";  // OTEL_SERVICE_NAME
  // Why traces are not sent although variables ask for them (a protocol
  // berth does not speak, a malformed header list): one warning each.
  std::vector<std::string> warnings;
};

// Reads the exporter's settings as the OTLP exporter spec names them:
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as it is, else
// OTEL_EXPORTER_OTLP_ENDPOINT with "v1/traces" appended; the TRACES_ forms of
// HEADERS, PROTOCOL and TIMEOUT win over the general ones. Only http/json is
// spoken: http/protobuf and grpc disable the export with a warning, and an
// unset protocol means http/json (collectors take both on one endpoint).
// OTEL_SDK_DISABLED=true or an OTEL_TRACES_EXPORTER without "otlp" disables
// it. The timeout is at most k_otlp_max_wait_ms.
OtlpConfig otlp_config(const Env& env);

// Returns the ExportTraceServiceRequest of `spans` in OTLP's JSON encoding
// (hex ids, 64-bit integers as decimal strings), under one resource with
// `resource` attributes and the instrumentation scope "berth" `version`.
std::string otlp_json(const std::vector<core::Span>& spans,
                      const std::vector<core::Attribute>& resource, const std::string& version);

// Sends `body` to the collector once (no retry), within config.timeout_ms.
// Returns "" on a 2xx answer, else why it was not delivered (the status, or
// the transport error); never throws but Cancelled. The message names the
// endpoint, never a header.
std::string send_otlp(HttpClient& http, const OtlpConfig& config, const std::string& body);

}  // namespace berth::io
