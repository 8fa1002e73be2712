// SPDX-License-Identifier: MIT
#include "app/stack.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>

#include "app/build.hpp"
#include "app/build_secrets.hpp"
#include "app/logins.hpp"
#include "app/private_dir.hpp"
#include "app/probe.hpp"
#include "app/stack_matrix.hpp"
#include "app/stack_packages.hpp"
#include "core/error.hpp"
#include "core/junit.hpp"
#include "core/metadata.hpp"
#include "core/stack_plan.hpp"
#include "core/text.hpp"
#include "io/env.hpp"

namespace berth::app {
namespace {

// "2026.4-a1239a5": a calendar prefix, a dash, hex.
bool is_build_tag(const std::string& tag) {
  const std::size_t dash = tag.find('-');
  if (dash == std::string::npos || dash < 6 || tag[4] != '.' || core::is_moving_tag(tag)) {
    return false;
  }
  return std::all_of(tag.begin(), tag.begin() + 4, core::is_digit);
}

// Checks every image's context and Dockerfile before anything runs.
void check_stack_paths(const core::Stack& stack, io::Files& files) {
  ErrorCollector errors;
  for (const core::StackImage& image : stack.images) {
    if (!files.is_directory(image.context)) {
      errors.add(Error("stack: " + image.name + ": the context \"" + image.context +
                           "\" is not a directory",
                       "stack"));
    }
    const std::string file =
        image.dockerfile.empty() ? image.context + "/Dockerfile" : image.dockerfile;
    if (!files.is_regular_file(file)) {
      errors.add(Error("stack: " + image.name + ": there is no Dockerfile at \"" + file + "\"",
                       "stack"));
    }
  }
  errors.throw_if_any();
}

// Returns the registries the builds of the images of `stack` that build pull from (a
// parent re-tagged in this run is pulled by its children), each once.
// `action` holds the action's inputs, whose build args win over an image's.
std::vector<std::string> stack_pull_hosts(const core::Stack& stack,
                                          const std::vector<core::StackDecision>& decisions,
                                          const core::Inputs& action, Services& s) {
  std::vector<std::string> pulled;
  for (const core::StackImage& image : stack.images) {
    const bool builds = std::any_of(decisions.begin(), decisions.end(), [&](const auto& d) {
      return d.name == image.name && d.action == core::StackAction::k_build;
    });
    if (!builds) {
      continue;  // a re-tag pulls nothing
    }
    core::Inputs in = action;
    in.context = image.context;
    in.file = image.dockerfile;
    in.build_args = image.build_args;
    in.build_args.insert(in.build_args.end(), action.build_args.begin(),
                         action.build_args.end());
    for (const std::string& host : pull_hosts(in, s)) {
      if (std::find(pulled.begin(), pulled.end(), host) == pulled.end()) {
        pulled.push_back(host);
      }
    }
  }
  return pulled;
}

const core::StackDecision* decision_of(const StackReport& r, const std::string& name) {
  for (const core::StackDecision& d : r.decisions) {
    if (d.name == name) {
      return &d;
    }
  }
  return nullptr;
}

// The JUnit cases of one image: its test steps and what became of them.
std::vector<core::JUnitCase> junit_cases(const StackReport& r, const std::string& image) {
  std::vector<core::JUnitCase> cases;
  for (std::size_t i = 0; i < r.plan.steps.size(); ++i) {
    const core::Step& step = r.plan.steps[i];
    if (step.kind != core::StepKind::k_test || step.stack_image != image) {
      continue;
    }
    const StepOutcome& o = r.execution.outcomes.at(i);
    core::JUnitCase c;
    c.name = step.test_name;
    c.classname = step.test_origin;
    c.ms = o.ms;
    c.output = core::join(o.output_tail, "\n");
    if (o.status == StepStatus::k_failed) {
      c.result = core::JUnitCase::Result::k_failed;
      c.message = o.exit_code >= 0 ? "exit status " + std::to_string(o.exit_code) : "killed";
    } else if (o.status != StepStatus::k_done) {
      c.result = core::JUnitCase::Result::k_skipped;
      c.message = "not run: a step before it failed";
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

void write_junit(StackReport& r, Services& s) {
  r.junit_dir = private_base(s.env, s.files) + "/berth-junit-" + r.build_tag;
  s.files.make_dirs(r.junit_dir);
  r.junit_dir_output = runner_host_path(s.env, r.junit_dir);
  for (const core::StackImage& image : r.stack.images) {
    const auto* d = decision_of(r, image.name);
    if (d == nullptr || d->action != core::StackAction::k_build) {
      continue;
    }
    s.files.write_private_file(r.junit_dir + "/" + core::junit_file_name(image.name),
                               core::junit_xml(image.image, junit_cases(r, image.name)));
  }
}

}  // namespace

io::Outputs stack_outputs(const StackReport& r) {
  std::vector<std::string> refs;
  std::vector<std::string> images;
  for (const core::StackImage& image : r.stack.images) {
    images.push_back(image.image);
    refs.push_back(image.image + ":" + r.build_tag);
    for (const std::string& tag : r.other_tags) {
      refs.push_back(image.image + ":" + tag);
    }
  }
  std::vector<std::string> names = {r.build_tag};
  names.insert(names.end(), r.other_tags.begin(), r.other_tags.end());
  const std::string json = stack_json(r);
  io::Outputs outputs = {
      {"version", r.build_tag},
      {"tags", core::join(refs, "\n")},
      {"tag-names", core::join(names, "\n")},
      {"images", core::join(images, "\n")},
      {"push", r.push ? "true" : "false"},
      {"stack", json},
      {"json", json},
      {"junit-dir", r.junit_dir_output},
      {"packages-dir", written_packages_dir(r).empty() ? std::string() : r.packages_dir_output},
      {"traceparent", r.execution.traceparent},
  };
  for (auto& output : stack_matrix_outputs(r)) {
    outputs.push_back(std::move(output));
  }
  return outputs;
}

void report_stack(const StackReport& r, Services& s) {
  if (const std::string path = s.env.get("GITHUB_OUTPUT"); !path.empty()) {
    s.files.write_outputs(path, stack_outputs(r));
  }
  if (const std::string path = s.env.get("GITHUB_STEP_SUMMARY"); !path.empty()) {
    s.files.write_summary(path, stack_summary(r));
  }
}

std::vector<std::string> stack_plan_lines(const StackReport& r) {
  std::vector<std::string> lines;
  lines.push_back("stack " + r.stack.path + ", build tag " + r.build_tag +
                  (r.changes.all ? ", every image builds: " + r.changes.all_reason
                                 : ", compared with " + r.changes.base_sha + " (" +
                                       r.changes.base_tag + ")"));
  std::size_t n = 0;
  for (const core::StackImage& image : r.stack.images) {
    const auto* d = decision_of(r, image.name);
    const bool build = d != nullptr && d->action == core::StackAction::k_build;
    std::string line = std::to_string(++n) + ". " + image.name + " (" + image.image + "): " +
                       (build ? "build" : "re-tag " + r.changes.base_tag) +
                       (d != nullptr && !d->reason.empty() ? " — " + d->reason : "");
    lines.push_back(line);
    if (build) {
      for (const core::PlannedTest& t : core::tests_of(r.stack, image)) {
        lines.push_back("     test " + t.test.name + " (" + t.origin + "): " + t.test.run);
      }
    }
  }
  for (std::string& line : stack_matrix_lines(r)) {
    lines.push_back(std::move(line));
  }
  return lines;
}

int run_stack_action(const RunContext& rc, Services& s, const StackSources& sources) {
  const core::Inputs& in = rc.inputs;
  StackReport r;
  r.dry_run = in.dry_run;
  // 1. Validate: the stack, its paths, the build tag; nothing written yet.
  r.stack = sources.load(in.stack);
  check_stack_image(r.stack, in.stack_image);
  check_stack_paths(r.stack, s.files);
  core::Inputs tagged = in;
  tagged.calver.enabled = true;
  core::Metadata m = core::compute_metadata(tagged, rc.github, rc.clock);
  for (const std::string& name : m.tag_set.names()) {
    if (r.build_tag.empty() && is_build_tag(name)) {
      r.build_tag = name;
    } else {
      r.other_tags.push_back(name);
    }
  }
  if (r.build_tag.empty()) {
    throw Error("stack: the run has no calendar build tag (YYYY.Q-<sha>)", "stack");
  }
  r.push = m.push;
  // The registries pushed to are the stack's images'.
  m.images.clear();
  for (const core::StackImage& image : r.stack.images) {
    m.images.push_back(core::parse_image_name(image.image, "stack"));
  }
  check_secret_sources(in.build, s);
  // 2. What changed, and what each image does.
  r.changes = sources.changes(r.stack, rc);
  r.decisions = sources.decide(r.stack, r.changes);
  if (in.stack_finish) {
    return run_stack_finish(r, s);
  }
  // 3. Probe (docker, builder, registries, logins) with the first image's paths.
  core::Inputs probe_in = in;
  if (!r.stack.images.empty()) {
    probe_in.context = r.stack.images.front().context;
    probe_in.file = r.stack.images.front().dockerfile;
    probe_in.build_args = r.stack.images.front().build_args;
    probe_in.build_args.insert(probe_in.build_args.end(), in.build_args.begin(),
                               in.build_args.end());
  }
  core::BuildFacts facts = probe_build(probe_in, m, s, stack_pull_hosts(r.stack, r.decisions, in, s));
  std::optional<PrivateDir> dir;
  if (in.dry_run) {
    facts.private_dir = core::k_private_dir_placeholder;
    facts.run_id = core::k_run_id_placeholder;
  } else {
    dir.emplace(s.files, private_base(s.env, s.files));
    facts.private_dir = dir->path();
    facts.run_id = s.random_id().substr(0, 16);
  }
  core::StackRun run;
  run.tags = {r.build_tag, r.changes.base_tag, r.other_tags};
  run.push = r.push;
  run.labels = m.labels;
  if (!in.stack_image.empty() && !prepare_matrix_job(r, run, in.stack_image, in.dry_run, s)) {
    report_stack(r, s);
    return 0;
  }
  run.packages_dir = r.packages_dir = packages_dir_for(s, r.build_tag);
  r.packages_dir_output = runner_host_path(s.env, r.packages_dir);
  r.plan = core::plan_stack(r.stack, r.decisions, run, in, facts);

  s.console.group("berth: stack");
  for (const std::string& line : stack_plan_lines(r)) {
    s.console.info(line);
  }
  s.console.endgroup();
  print_plan(r.plan, s);

  Executor executor(r.plan, s, run_secrets(in, facts, s));
  if (in.dry_run) {
    r.execution = executor.execution();
    report_stack(r, s);
    return 0;
  }
  try {
    r.execution = executor.run();
  } catch (const Error& e) {
    r.execution = executor.execution();
    r.error = e.what();
    write_junit(r, s);
    report_stack(r, s);
    throw;
  }
  write_junit(r, s);
  report_stack(r, s);
  return 0;
}

int run_stack_command(const io::Env& env, io::Console& console) {
  io::Env own = env;
  const bool plan_only = env.get("BERTH_STACK_COMMAND") == "plan";
  if (own.get(io::input_variable("stack")).empty()) {
    own.set(io::input_variable("stack"), "true");
  }
  if (plan_only) {
    own.set(io::input_variable("dry-run"), "true");
  }
  const RunContext rc = read_run_context(own);
  if (rc.inputs.stack.empty()) {
    throw Error("stack: berth stack needs a stack file (stack: false was given)", "stack");
  }
  return with_live_services(own, console, rc.inputs, [&rc](Services& s) {
    return run_stack_action(rc, s, stack_sources(s, rc));
  });
}

}  // namespace berth::app
