// SPDX-License-Identifier: MIT
#include "app/telemetry.hpp"

#include <algorithm>
#include <memory>

#include "app/telemetry_stack.hpp"
#include "app/timings.hpp"
#include "core/text.hpp"
#include "core/timing_chart.hpp"
#include "io/digest.hpp"
#include "io/otlp.hpp"
#include "io/random.hpp"

#ifndef BERTH_VERSION
#define BERTH_VERSION "0.0.0-dev"
#endif

namespace berth::app {
namespace {

using core::Attribute;

std::string span_id(const std::function<std::string()>& random_hex) {
  return random_hex().substr(0, 16);
}

// The CI/CD semantic conventions' attributes of the workflow run.
// https://opentelemetry.io/docs/specs/semconv/registry/attributes/cicd/
void add_pipeline(const io::Env& env, std::vector<Attribute>& out) {
  const auto add = [&](const char* key, const char* variable) {
    if (const std::string value = env.get(variable); !value.empty()) {
      out.push_back(Attribute::string(key, value));
    }
  };
  add("cicd.pipeline.name", "GITHUB_WORKFLOW");
  add("cicd.pipeline.run.id", "GITHUB_RUN_ID");
  add("vcs.repository.name", "GITHUB_REPOSITORY");
  add("vcs.ref.head.revision", "GITHUB_SHA");
  add("vcs.ref.head.name", "GITHUB_REF_NAME");
  const std::string server = env.get("GITHUB_SERVER_URL");
  const std::string repo = env.get("GITHUB_REPOSITORY");
  const std::string run = env.get("GITHUB_RUN_ID");
  if (!server.empty() && !repo.empty() && !run.empty()) {
    const std::string attempt = env.get("GITHUB_RUN_ATTEMPT");
    out.push_back(Attribute::string("cicd.pipeline.run.url.full",
                                    server + "/" + repo + "/actions/runs/" + run +
                                        (attempt.empty() ? "" : "/attempts/" + attempt)));
  }
}

const char* task_type(core::StepKind kind) {
  switch (kind) {
    case core::StepKind::k_login:
    case core::StepKind::k_build:
    case core::StepKind::k_label:
    case core::StepKind::k_untag:
    case core::StepKind::k_builder_create:
    case core::StepKind::k_builder_remove:
    case core::StepKind::k_packages: return "build";
    case core::StepKind::k_push:
    case core::StepKind::k_packages_store:
    case core::StepKind::k_tag:
    case core::StepKind::k_index: return "deploy";
    case core::StepKind::k_test: return "test";
  }
  return "build";
}

std::vector<Attribute> step_attributes(const core::Plan& plan, const core::Step& step,
                                       const StepOutcome& o) {
  std::vector<Attribute> a = {
      Attribute::string("cicd.pipeline.task.name", step_title(plan, step)),
      Attribute::string("cicd.pipeline.task.type", task_type(step.kind)),
      Attribute::string("berth.step", core::step_kind_name(step.kind)),
      Attribute::string("berth.status", step_status_name(o.status)),
  };
  if (!step.target.name.written.empty()) {
    a.push_back(Attribute::string("berth.image", step.target.name.written));
    a.push_back(Attribute::string("berth.tag", step.target.tag));
    a.push_back(Attribute::string("berth.target", step.target.str()));
    a.push_back(Attribute::string("berth.moving", step.moving ? "true" : "false"));
  }
  if (!step.source.name.written.empty()) {
    a.push_back(Attribute::string("berth.source", step.source.str()));
  }
  if (!step.stack_image.empty()) {
    a.push_back(Attribute::string("berth.stack.image", step.stack_image));
  }
  if (step.kind == core::StepKind::k_test) {
    a.push_back(Attribute::string("berth.test.name", step.test_name));
    a.push_back(Attribute::string("berth.test.origin", step.test_origin));
    a.push_back(Attribute::string("berth.test.result",
                                  o.status == StepStatus::k_done     ? "passed"
                                  : o.status == StepStatus::k_failed ? "failed"
                                                                     : "not run"));
    if (o.status == StepStatus::k_done || o.status == StepStatus::k_failed) {
      a.push_back(Attribute::integer("berth.test.exit_code", o.exit_code));
    }
  }
  add_package_attributes(step, o, a);
  if (!o.digest.empty()) {
    a.push_back(Attribute::string("berth.digest", o.digest));
  }
  if (o.manifest_bytes > 0) {
    a.push_back(Attribute::integer("berth.manifest.bytes", o.manifest_bytes));
  }
  return a;
}

// Returns the span of a BuildKit step under its build's span `build`: from
// its first line for as long as BuildKit says it took, within the build.
core::Span build_step_span(const core::BuildStep& b, const core::Span& build, std::string id) {
  core::Span s;
  s.name = b.name;
  s.trace_id = build.trace_id;
  s.span_id = std::move(id);
  s.parent_span_id = build.span_id;
  s.start_ns = std::clamp(b.start_ns, build.start_ns, build.end_ns);
  s.end_ns = std::clamp(s.start_ns + b.ms() * 1'000'000, s.start_ns, build.end_ns);
  s.failed = !b.error.empty();
  s.status_message = b.error;
  s.attributes = {
      Attribute::string("cicd.pipeline.task.name", b.name),
      Attribute::string("cicd.pipeline.task.type", "build"),
      Attribute::string("berth.step", "buildkit"),
      Attribute::string("berth.status", b.status()),
      Attribute::string("berth.buildkit.vertex", b.name),
      Attribute::integer("berth.buildkit.id", b.id),
      Attribute::string("berth.buildkit.cached", b.cached ? "true" : "false"),
      Attribute::string("berth.buildkit.dockerfile", b.dockerfile() ? "true" : "false"),
  };
  if (b.reported_ms >= 0) {
    s.attributes.push_back(Attribute::integer("berth.buildkit.reported_ms", b.reported_ms));
  }
  return s;
}

std::string root_name(const RunRecord& record) {
  for (const auto& [plan, execution] : record.runs) {
    for (const core::Step& step : plan.steps) {
      if (!step.stack_image.empty()) {
        return "berth stack";
      }
      if (step.kind == core::StepKind::k_build) {
        return "berth build";
      }
    }
  }
  return record.runs.empty() ? "berth" : "berth promote";
}

}  // namespace

TraceStart start_trace(const io::Env& env, const std::function<std::string()>& random_hex) {
  TraceStart t;
  t.own.span_id = span_id(random_hex);
  if (const auto outer = core::parse_traceparent(env.get("TRACEPARENT"))) {
    t.own.trace_id = outer->trace_id;
    t.own.sampled = outer->sampled;
    t.parent_span_id = outer->span_id;
    return t;
  }
  const std::string seed = core::run_trace_seed(
      env.get("GITHUB_REPOSITORY"), env.get("GITHUB_RUN_ID"), env.get("GITHUB_RUN_ATTEMPT"));
  if (!seed.empty()) {
    const std::string digest = io::sha256_digest(seed);
    t.own.trace_id = core::trace_id_from_hash(digest.substr(digest.find(':') + 1));
  }
  if (t.own.trace_id.empty()) {
    t.own.trace_id = random_hex().substr(0, 32);
  }
  return t;
}

std::vector<core::Attribute> resource_attributes(const io::Env& env, const std::string& service,
                                                 const std::string& version) {
  std::vector<Attribute> a = {Attribute::string("service.name", service),
                              Attribute::string("service.version", version)};
  add_pipeline(env, a);
  return a;
}

std::vector<core::Span> run_spans(const io::Env& env, const RunRecord& record,
                                  const TraceStart& trace, const RunEnd& end,
                                  const std::function<std::string()>& random_hex) {
  std::vector<core::Span> spans;
  core::Span root;
  root.name = root_name(record);
  root.trace_id = trace.own.trace_id;
  root.span_id = trace.own.span_id;
  root.parent_span_id = trace.parent_span_id;
  root.start_ns = end.started_ns;
  root.end_ns = std::max(end.ended_ns, end.started_ns);
  root.failed = !end.error.empty();
  root.status_message = end.error;
  add_pipeline(env, root.attributes);
  if (const std::string job = env.get("GITHUB_JOB"); !job.empty()) {
    root.attributes.push_back(Attribute::string("cicd.pipeline.task.name", job));
  }
  root.attributes.push_back(Attribute::integer("berth.http.requests", end.http.requests));
  root.attributes.push_back(Attribute::integer(
      "berth.http.bytes_received", static_cast<std::int64_t>(end.http.bytes_received)));
  root.attributes.push_back(
      Attribute::integer("berth.http.bytes_sent", static_cast<std::int64_t>(end.http.bytes_sent)));
  std::vector<std::string> images;
  std::vector<std::string> tags;
  for (const auto& [plan, execution] : record.runs) {
    for (const core::Step& step : plan.steps) {
      const std::string image = step.target.name.written;
      if (!image.empty() && std::find(images.begin(), images.end(), image) == images.end()) {
        images.push_back(image);
      }
      if (!step.target.tag.empty() &&
          std::find(tags.begin(), tags.end(), step.target.tag) == tags.end()) {
        tags.push_back(step.target.tag);
      }
    }
    if (!execution.digest.empty()) {
      root.attributes.push_back(Attribute::string("berth.digest", execution.digest));
    }
  }
  root.attributes.push_back(Attribute::strings("berth.images", images));
  root.attributes.push_back(Attribute::strings("berth.tags", tags));
  spans.push_back(root);

  const auto child = [&](std::string name, std::int64_t start, std::int64_t stop) {
    core::Span s;
    s.name = std::move(name);
    s.trace_id = root.trace_id;
    s.span_id = span_id(random_hex);
    s.parent_span_id = root.span_id;
    s.start_ns = start;
    s.end_ns = std::max(stop, start);
    return s;
  };
  for (const auto& [plan, e] : record.runs) {
    core::Span checks = child("checks", e.started_ns, checks_end_ns(e));
    checks.attributes.push_back(Attribute::string("cicd.pipeline.task.name", "checks"));
    spans.push_back(checks);
    // A stack's steps go under their image's span (app/telemetry_stack.hpp).
    StackImageSpans image_spans(spans, root, [&random_hex] { return random_hex(); });
    for (std::size_t i = 0; i < plan.steps.size() && i < e.outcomes.size(); ++i) {
      const StepOutcome& o = e.outcomes[i];
      if (o.start_ns == 0) {
        continue;  // never started: no span
      }
      core::Span s = child(step_title(plan, plan.steps[i]), o.start_ns,
                           o.start_ns + o.ms * 1'000'000);
      s.parent_span_id = image_spans.parent_of(plan, plan.steps[i], o, s.start_ns, s.end_ns);
      s.failed = o.status == StepStatus::k_failed;
      s.attributes = step_attributes(plan, plan.steps[i], o);
      spans.push_back(s);
      for (const core::BuildStep& b : o.build_steps) {
        spans.push_back(build_step_span(b, s, span_id(random_hex)));
      }
    }
  }
  return spans;
}

std::string Telemetry::traceparent() const {
  return config.enabled ? core::format_traceparent(trace.own) : std::string();
}

Telemetry start_telemetry(const io::Env& env, io::Console& console,
                          const std::function<std::string()>& random_hex) {
  Telemetry t{io::otlp_config(env), start_trace(env, random_hex)};
  for (const auto& [name, value] : t.config.headers) {
    if (value.empty()) {
      continue;
    }
    console.add_mask(value);
    // "Bearer <token>": the token may show on its own somewhere too.
    const std::size_t space = value.find(' ');
    if (space != std::string::npos && space + 1 < value.size()) {
      console.add_mask(core::trim(value.substr(space + 1)));
    }
  }
  for (const std::string& warning : t.config.warnings) {
    console.warning(warning);
  }
  return t;
}

void finish_run(const io::Env& env, io::Console& console, const Telemetry& telemetry,
                const RunRecord& record, const RunEnd& end, io::HttpClient* http) {
  if (env.get("GITHUB_ACTIONS") != "true") {
    for (const auto& [plan, execution] : record.runs) {
      const auto rows = timing_rows(plan, execution);
      if (!rows.empty()) {
        console.info("timings (" + core::human_ms(total_ms(execution)) + "):\n" +
                     core::timing_text(rows));
      }
    }
  }
  const io::OtlpConfig& config = telemetry.config;
  if (!config.enabled) {
    return;
  }
  const std::string body = io::otlp_json(
      run_spans(env, record, telemetry.trace, end, io::random_token),
      resource_attributes(env, config.service_name, BERTH_VERSION), BERTH_VERSION);
  std::unique_ptr<io::HttpClient> curl;
  if (http == nullptr) {
    io::HttpOptions options;
    options.connect_timeout_ms = config.timeout_ms;
    options.timeout_ms = config.timeout_ms;
    options.low_speed_time_s = 1 + config.timeout_ms / 1000;
    options.user_agent = std::string("berth/") + BERTH_VERSION;
    // The run is over: a stop request now must not turn the export into an
    // error; the timeout bounds the wait anyway.
    options.stop = [] { return 0; };
    curl = io::make_curl_client(options);
    http = curl.get();
  }
  if (const std::string why = io::send_otlp(*http, config, body); !why.empty()) {
    console.warning("traces were not sent (the run is not affected): " + why);
  }
}

}  // namespace berth::app
