// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/execute.hpp"
#include "app/services.hpp"
#include "core/trace.hpp"
#include "io/console.hpp"
#include "io/env.hpp"
#include "io/http.hpp"
#include "io/otlp.hpp"

// A run's timings and traces once its steps are over: the terminal view
// outside Actions, and spans sent to an OpenTelemetry collector when the
// OTEL_* variables ask for them. Neither can fail a run.
namespace berth::app {

// Where berth's spans go in a trace.
struct TraceStart {
  core::TraceContext own;      // the trace, and berth's root span id
  std::string parent_span_id;  // the outer span (from TRACEPARENT), or ""
};

// Places the run in a trace: under the `traceparent` of TRACEPARENT when it
// is valid; else in the trace of the workflow run and attempt
// (GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT, hashed), so that
// every job of a run shares one trace id; else (outside Actions) in a new
// trace. `random_hex` gives at least 32 random hex digits a call.
TraceStart start_trace(const io::Env& env, const std::function<std::string()>& random_hex);

// How a run ended, for its root span.
struct RunEnd {
  std::int64_t started_ns = 0;
  std::int64_t ended_ns = 0;
  std::string error;  // "" when it succeeded
  HttpStats http;     // the registries' requests and bytes
};

// Returns the spans of a run: a root span "berth build" / "berth promote"
// (parent: trace.parent_span_id) over a "checks" span and one span per step
// that started, each with the CI/CD semantic conventions' attributes from
// `env` and berth's own (image, tag, digest, bytes); a stack run's steps
// under one span per image, "image NAME" (app/telemetry_stack.hpp). Under a BuildKit
// build's span, one span per step of its progress (named as BuildKit names
// it; berth.buildkit.vertex, .id, .cached "true"/"false", .dockerfile,
// .reported_ms; failed with BuildKit's error). `random_hex` gives span ids.
std::vector<core::Span> run_spans(const io::Env& env, const RunRecord& record,
                                  const TraceStart& trace, const RunEnd& end,
                                  const std::function<std::string()>& random_hex);

// Returns the resource attributes of berth's spans (service and CI/CD).
std::vector<core::Attribute> resource_attributes(const io::Env& env, const std::string& service,
                                                 const std::string& version);

// The exporter's settings and the run's place in a trace.
struct Telemetry {
  io::OtlpConfig config;
  TraceStart trace;
  // berth's own traceparent, for the step output: "" when no traces are sent.
  std::string traceparent() const;
};

// Starts a run's telemetry: reads the OTLP settings, masks every header
// value (tokens) before anything else is printed, warns about settings that
// stop the export, and places the run in a trace.
Telemetry start_telemetry(const io::Env& env, io::Console& console,
                          const std::function<std::string()>& random_hex);

// Finishes a run: outside Actions (GITHUB_ACTIONS unset) prints each
// executed plan's timings; then, when the export is enabled, sends the spans
// once, through `http` when given (tests) or a curl client that waits at
// most config.timeout_ms. A refusal, stall or absent collector is a
// warning, never an error. Throws only what writing the log throws.
void finish_run(const io::Env& env, io::Console& console, const Telemetry& telemetry,
                const RunRecord& record, const RunEnd& end, io::HttpClient* http = nullptr);

}  // namespace berth::app
