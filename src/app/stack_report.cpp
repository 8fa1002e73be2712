// SPDX-License-Identifier: MIT
// The `stack` output (JSON) and the job summary of a stack run.
#include "app/json_writer.hpp"
#include "app/report.hpp"
#include "app/stack.hpp"
#include "app/stack_packages.hpp"
#include "app/timings.hpp"
#include "core/text.hpp"

namespace berth::app {
namespace {

using Writer = JsonWriter;

const char* result_of(const StepOutcome& o) {
  switch (o.status) {
    case StepStatus::k_done: return "passed";
    case StepStatus::k_failed: return "failed";
    case StepStatus::k_planned: return "planned";
    case StepStatus::k_not_run: return "not run";
  }
  return "?";
}

std::string cell(std::string_view s) { return core::markdown_cell(s); }

std::string seconds(std::int64_t ms) {
  std::string frac = std::to_string((ms % 1000) / 100);
  return std::to_string(ms / 1000) + "." + frac + " s";
}

const core::StackDecision* decision(const StackReport& r, const std::string& name) {
  for (const core::StackDecision& d : r.decisions) {
    if (d.name == name) {
      return &d;
    }
  }
  return nullptr;
}

// The digest the run wrote under the image's build tag ("" when none).
std::string digest_of(const StackReport& r, const core::StackImage& image) {
  for (std::size_t i = 0; i < r.plan.steps.size() && i < r.execution.outcomes.size(); ++i) {
    const core::Step& step = r.plan.steps[i];
    if (step.stack_image == image.name && !step.moving &&
        (step.kind == core::StepKind::k_push || step.kind == core::StepKind::k_tag) &&
        step.target.tag == r.build_tag) {
      return r.execution.outcomes[i].digest;
    }
  }
  return {};
}

}  // namespace

std::string stack_json(const StackReport& r) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.SetIndent(' ', 2);
  w.StartObject();
  write_string(w, "stack", r.stack.path);
  write_string(w, "build_tag", r.build_tag);
  write_strings(w, "tags", r.other_tags);
  w.Key("dry_run");
  w.Bool(r.dry_run);
  w.Key("push");
  w.Bool(r.push);
  w.Key("changes");
  w.StartObject();
  w.Key("all");
  w.Bool(r.changes.all);
  write_string(w, "reason", r.changes.all_reason);
  write_string(w, "base_sha", r.changes.base_sha);
  write_string(w, "base_tag", r.changes.base_tag);
  write_strings(w, "paths", r.changes.paths);
  w.EndObject();
  w.Key("images");
  w.StartArray();
  for (const core::StackImage& image : r.stack.images) {
    const core::StackDecision* d = decision(r, image.name);
    w.StartObject();
    write_string(w, "name", image.name);
    write_string(w, "image", image.image);
    write_string(w, "action", d == nullptr ? "" : d->action == core::StackAction::k_build ? "build" : "retag");
    write_string(w, "reason", d == nullptr ? "" : d->reason);
    write_string(w, "digest", digest_of(r, image));
    w.Key("tests");
    w.StartArray();
    for (std::size_t i = 0; i < r.plan.steps.size(); ++i) {
      const core::Step& step = r.plan.steps[i];
      if (step.kind != core::StepKind::k_test || step.stack_image != image.name) {
        continue;
      }
      const StepOutcome& o = r.execution.outcomes.at(i);
      w.StartObject();
      write_string(w, "name", step.test_name);
      write_string(w, "origin", step.test_origin);
      write_string(w, "result", result_of(o));
      w.Key("exit_code");
      w.Int(o.exit_code);
      w.Key("ms");
      w.Int64(o.ms);
      write_strings(w, "output", o.output_tail);
      w.EndObject();
    }
    w.EndArray();
    write_image_packages(w, r, image.name);
    w.EndObject();
  }
  w.EndArray();
  write_plan(w, r.plan, r.execution);
  write_string(w, "junit_dir", r.junit_dir);
  write_string(w, "packages_dir", written_packages_dir(r));
  if (!r.error.empty()) {
    write_string(w, "error", r.error);
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string stack_summary(const StackReport& r) {
  std::string md = "### berth stack";
  md += r.dry_run ? " (dry run: nothing was written)\n\n" : "\n\n";
  md += "build tag `" + cell(r.build_tag) + "`";
  if (!r.other_tags.empty()) {
    md += ", then `" + cell(core::join(r.other_tags, "`, `")) + "`";
  }
  md += r.changes.all ? "; every image builds: " + cell(r.changes.all_reason)
                      : "; compared with `" + cell(r.changes.base_tag) + "`";
  md += "\n\n| image | | why | digest |\n|---|---|---|---|\n";
  for (const core::StackImage& image : r.stack.images) {
    const core::StackDecision* d = decision(r, image.name);
    const bool build = d != nullptr && d->action == core::StackAction::k_build;
    const std::string digest = digest_of(r, image);
    md += "| `" + cell(image.image) + "` | " + (build ? "build" : "re-tag") + " | " +
          cell(d == nullptr ? "" : d->reason) + " | " +
          (digest.empty() ? "" : "`" + digest + "`") + " |\n";
  }
  md += "\n#### tests\n\n| image | test | from | result | time |\n|---|---|---|---|---|\n";
  std::string failures;
  for (std::size_t i = 0; i < r.plan.steps.size(); ++i) {
    const core::Step& step = r.plan.steps[i];
    if (step.kind != core::StepKind::k_test) {
      continue;
    }
    const StepOutcome& o = r.execution.outcomes.at(i);
    const std::string result = result_of(o);
    md += "| " + cell(step.stack_image) + " | " + cell(step.test_name) + " | " +
          cell(step.test_origin) + " | " +
          (o.status == StepStatus::k_failed ? "❌ failed (exit status " +
                                                  std::to_string(o.exit_code) + ")"
           : o.status == StepStatus::k_done ? "✅ passed"
                                            : result) +
          " | " + seconds(o.ms) + " |\n";
    if (o.status == StepStatus::k_failed) {
      failures += "\n<details><summary>" + cell(step.stack_image) + ": " + cell(step.test_name) +
                  ", its last lines</summary>\n\n<pre>\n";
      for (const std::string& line : o.output_tail) {
        failures += cell(line) + "\n";
      }
      failures += "</pre>\n\n</details>\n";
    }
  }
  md += failures;
  md += stack_packages_summary(r);
  if (!r.error.empty()) {
    md += "\n**" + cell(r.error) + "**\n";
  }
  if (!r.dry_run && r.execution.started_ns != 0) {
    md += timing_summary(r.plan, r.execution);
  }
  return md;
}

}  // namespace berth::app
