// SPDX-License-Identifier: MIT
#include "app/report.hpp"

#include <algorithm>

#include "app/json_writer.hpp"
#include "app/timings.hpp"
#include "core/text.hpp"

namespace berth::app {
namespace {

using Writer = JsonWriter;

std::vector<std::string> label_lines(const core::Labels& labels) {
  std::vector<std::string> out;
  for (const auto& [key, value] : labels) {
    out.push_back(key + "=" + value);
  }
  return out;
}

// Returns `item` fit for one line of a list output: a line break inside it
// (a repository description can hold one) is written as the two characters
// \n, so that a reader taking one item per line never sees an extra item.
std::string one_line(const std::string& item) {
  std::string out;
  for (std::size_t i = 0; i < item.size(); ++i) {
    if (item[i] == '\r' || item[i] == '\n') {
      out += "\\n";
      if (item[i] == '\r' && i + 1 < item.size() && item[i + 1] == '\n') {
        ++i;
      }
    } else {
      out += item[i];
    }
  }
  return out;
}

std::string list_output(const std::vector<std::string>& items) {
  std::vector<std::string> lines;
  for (const std::string& item : items) {
    lines.push_back(one_line(item));
  }
  return core::join(lines, "\n");
}

// Writes a BuildKit build's steps: BuildKit's id and name, whether it is a
// Dockerfile instruction, when it started (from the run's start), its time,
// status (done, cached, failed, unfinished) and error.
void write_build_steps(Writer& w, const std::vector<core::BuildStep>& steps,
                       std::int64_t started_ns) {
  w.Key("build_steps");
  w.StartArray();
  for (const core::BuildStep& b : steps) {
    w.StartObject();
    w.Key("id");
    w.Int(b.id);
    write_string(w, "name", b.name);
    w.Key("dockerfile");
    w.Bool(b.dockerfile());
    w.Key("start_ms");
    w.Int64((b.start_ns - started_ns) / 1'000'000);
    w.Key("ms");
    w.Int64(b.ms());
    w.Key("cached");
    w.Bool(b.cached);
    write_string(w, "status", b.status());
    if (!b.error.empty()) {
      write_string(w, "error", b.error);
    }
    w.EndObject();
  }
  w.EndArray();
}


std::vector<std::string> image_names(const core::Metadata& m) {
  std::vector<std::string> out;
  for (const core::ImageName& image : m.images) {
    out.push_back(image.written);
  }
  return out;
}

std::string cell(std::string_view s) { return core::markdown_cell(s); }

// The tags a run ends with: the plan's (monotonic latest may have held some
// back) when a build ran, else the metadata's.
struct RunTags {
  std::vector<std::string> names;  // "1.2.3", "latest"
  std::vector<std::string> refs;   // image by image
  bool latest = false;
};

RunTags tags_of(const core::Metadata& m, const BuildRun* run) {
  RunTags t;
  t.names = run ? run->plan.tag_names : m.tag_set.names();
  t.refs = run ? run_tags_of(m, run->plan) : m.tags;
  t.latest = m.latest() &&
             std::find(t.names.begin(), t.names.end(), m.tag_set.latest_tag) != t.names.end();
  return t;
}

}  // namespace

void write_plan(Writer& w, const core::Plan& plan, const Execution& e) {
  if (e.started_ns != 0) {
    const std::vector<core::TimingRow> rows = timing_rows(plan, e);
    w.Key("timings");
    w.StartObject();
    w.Key("started_unix_ms");
    w.Int64(e.started_ns / 1'000'000);
    w.Key("checks_ms");
    w.Int64(rows.empty() ? 0 : rows.front().ms);
    w.Key("total_ms");
    w.Int64(total_ms(e));
    w.EndObject();
  }
  w.Key("plan");
  w.StartArray();
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const core::Step& step = plan.steps[i];
    const StepOutcome& outcome = e.outcomes.at(i);
    w.StartObject();
    write_string(w, "step", core::step_kind_name(step.kind));
    if (!step.argv.empty()) {
      write_strings(w, "argv", core::shown_argv(plan, step.argv));
    }
    if (!step.target.name.written.empty()) {
      write_string(w, "target", step.target.str());
      w.Key("moving");
      w.Bool(step.moving);
    }
    if (!step.source.name.written.empty()) {
      write_string(w, "source", step.source.str());
    }
    if (!step.parts.empty()) {
      std::vector<std::string> parts;
      for (const core::Reference& part : step.parts) {
        parts.push_back(part.str());
      }
      write_strings(w, "parts", parts);
    }
    write_string(w, "status", step_status_name(outcome.status));
    if (!outcome.digest.empty()) {
      write_string(w, "digest", outcome.digest);
    }
    if (!outcome.note.empty()) {
      write_string(w, "note", outcome.note);
    }
    if (outcome.start_ns != 0) {
      w.Key("start_ms");  // from the run's start
      w.Int64((outcome.start_ns - e.started_ns) / 1'000'000);
    }
    w.Key("ms");
    w.Int64(outcome.ms);
    if (!outcome.build_steps.empty()) {
      write_build_steps(w, outcome.build_steps, e.started_ns);
    }
    if (!step.stack_image.empty()) {
      write_string(w, "stack_image", step.stack_image);
    }
    if (step.kind == core::StepKind::k_test) {
      write_string(w, "test", step.test_name);
      write_string(w, "origin", step.test_origin);
      if (outcome.status == StepStatus::k_done || outcome.status == StepStatus::k_failed) {
        write_string(w, "result", outcome.status == StepStatus::k_done ? "passed" : "failed");
        w.Key("exit_code");
        w.Int(outcome.exit_code);
        write_strings(w, "output", outcome.output_tail);
      }
    }
    w.EndObject();
  }
  w.EndArray();
}

std::vector<std::string> run_tags_of(const core::Metadata& m, const core::Plan& plan) {
  std::vector<std::string> tags;
  for (const core::ImageName& image : m.images) {
    for (const std::string& name : plan.tag_names) {
      tags.push_back(core::Reference::with_tag(image, name).str());
    }
  }
  return tags;
}

std::string metadata_json(const core::Metadata& m, const BuildRun* run) {
  const RunTags tags = tags_of(m, run);
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.SetIndent(' ', 2);
  w.StartObject();
  write_string(w, "version", m.version());
  write_strings(w, "tags", tags.refs);
  write_strings(w, "tag_names", tags.names);
  write_strings(w, "labels", label_lines(m.labels));
  w.Key("latest");
  w.Bool(tags.latest);
  write_strings(w, "images", image_names(m));
  w.Key("push");
  w.Bool(m.push);
  if (run != nullptr) {
    w.Key("dry_run");
    w.Bool(run->plan.dry_run);
    write_string(w, "digest", run->execution.digest);
    write_string(w, "image_id", run->execution.image_id);
    w.Key("held_back");
    w.StartArray();
    for (const core::HeldBack& h : run->plan.held_back) {
      w.StartObject();
      write_string(w, "tag", h.tag);
      write_string(w, "because", h.because);
      w.EndObject();
    }
    w.EndArray();
    write_plan(w, run->plan, run->execution);
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

io::Outputs metadata_outputs(const core::Metadata& m, const BuildRun* run) {
  const std::vector<std::string> images = image_names(m);
  const RunTags tags = tags_of(m, run);
  io::Outputs out = {
      {"version", m.version()},
      {"tags", list_output(tags.refs)},
      {"tag-names", list_output(tags.names)},
      {"labels", list_output(label_lines(m.labels))},
      {"image", images.empty() ? std::string() : images.front()},
      {"images", list_output(images)},
      {"latest", tags.latest ? "true" : "false"},
      {"push", m.push ? "true" : "false"},
      {"json", metadata_json(m, run)},
  };
  if (run != nullptr) {
    out.emplace_back("digest", run->execution.digest);
    out.emplace_back("imageid", run->execution.image_id);
    out.emplace_back("traceparent", run->execution.traceparent);
  }
  return out;
}

std::string metadata_summary(const core::Metadata& m, bool dry_run, const BuildRun* run) {
  std::string md = "### berth";
  md += dry_run ? " (dry run: nothing was written)\n\n" : "\n\n";
  md += "| image | tags |\n|---|---|\n";
  const RunTags tags = tags_of(m, run);
  for (const core::ImageName& image : m.images) {
    std::vector<std::string> cells;
    for (const std::string& tag : tags.names) {
      cells.push_back("`" + tag + "`");
    }
    md += "| `" + cell(image.written) + "` | " + core::join(cells, " ") + " |\n";
  }
  md += "\nversion `" + cell(m.version()) + "`, push: " + (m.push ? "yes" : "no");
  if (run != nullptr && !run->execution.digest.empty()) {
    md += ", digest `" + run->execution.digest + "`";
  }
  md += "\n";
  if (run != nullptr) {
    for (const core::HeldBack& h : run->plan.held_back) {
      md += "\n`" + h.tag + "` stays where it is: " + cell(h.because) + "\n";
    }
  }
  if (run != nullptr) {
    md += timing_summary(run->plan, run->execution);
  }
  md += "\n<details><summary>labels</summary>\n\n| label | value |\n|---|---|\n";
  for (const auto& [key, value] : m.labels) {
    md += "| `" + cell(key) + "` | " + cell(value) + " |\n";
  }
  md += "\n</details>\n";
  return md;
}

std::string promotion_json(const PromotionReport& r) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.SetIndent(' ', 2);
  w.StartObject();
  write_string(w, "source", r.source);
  if (!r.stack.empty()) {
    write_string(w, "stack", r.stack);
  }
  write_strings(w, "targets", r.targets);
  w.Key("dry_run");
  w.Bool(r.dry_run);
  w.Key("images");
  w.StartArray();
  for (const auto& image : r.images) {
    w.StartObject();
    write_string(w, "image", image.name);
    if (!image.stack_name.empty()) {
      write_string(w, "stack_image", image.stack_name);
    }
    write_string(w, "digest", image.digest);
    write_string(w, "media_type", image.media_type);
    write_strings(w, "promoted", image.written);
    write_strings(w, "pending", image.pending);
    w.EndObject();
  }
  w.EndArray();
  w.Key("requests");
  w.Int(r.requests);
  w.Key("bytes_received");
  w.Uint64(r.bytes_received);
  w.Key("bytes_sent");
  w.Uint64(r.bytes_sent);
  if (r.execution.outcomes.size() == r.plan.steps.size()) {
    write_plan(w, r.plan, r.execution);
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace berth::app
