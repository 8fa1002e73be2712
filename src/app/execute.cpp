// SPDX-License-Identifier: MIT
#include "app/execute.hpp"

#include <algorithm>
#include <csignal>

#include <rapidjson/document.h>

#include "app/execute_index.hpp"
#include "core/content_digest.hpp"
#include "core/error.hpp"
#include "core/mask.hpp"
#include "core/text.hpp"

namespace berth::app {

namespace {

// Returns " linux/arm64" for a build of one platform among several builds
// (one per platform), else "".
std::string build_platform(const core::Plan& plan, const core::Step& step) {
  const auto builds = std::count_if(plan.steps.begin(), plan.steps.end(), [](const core::Step& s) {
    return s.kind == core::StepKind::k_build;
  });
  const auto flag = std::find(step.argv.begin(), step.argv.end(), "--platform");
  if (builds < 2 || flag == step.argv.end() || flag + 1 == step.argv.end()) {
    return {};
  }
  return " " + *(flag + 1);
}

}  // namespace

std::string step_title(const core::Plan& plan, const core::Step& step) {
  switch (step.kind) {
    case core::StepKind::k_login: return "docker login " + step.argv.back();
    case core::StepKind::k_build:
      return step.stack_image.empty() ? "docker build" + build_platform(plan, step)
                                      : "docker build " + step.stack_image;
    case core::StepKind::k_label: return "docker build: labels and tags";
    case core::StepKind::k_untag: return "docker image rm " + core::shown_argv(plan, step.argv).back();
    case core::StepKind::k_push: return "docker push " + step.target.str();
    case core::StepKind::k_tag: return "tag " + step.target.str();
    case core::StepKind::k_builder_create: return "docker buildx create";
    case core::StepKind::k_builder_remove: return "docker buildx rm";
    case core::StepKind::k_index: return "index " + step.target.str();
    case core::StepKind::k_test: return "test " + step.stack_image + ": " + step.test_name;
    case core::StepKind::k_packages: return "packages " + step.stack_image;
    case core::StepKind::k_packages_store: return "packages store " + step.target.str();
  }
  return "?";
}

namespace {

bool writes(const core::Step& step) {
  return step.kind == core::StepKind::k_push || step.kind == core::StepKind::k_tag ||
         step.kind == core::StepKind::k_index || step.kind == core::StepKind::k_packages_store ||
         (step.kind == core::StepKind::k_build && !step.parts.empty());
}

// Returns the references `step` writes: a pushing build's parts, else its target.
std::vector<std::string> refs_written(const core::Step& step) {
  std::vector<std::string> refs;
  if (step.kind == core::StepKind::k_build) {
    for (const core::Reference& part : step.parts) {
      refs.push_back(part.str());
    }
  } else if (step.kind == core::StepKind::k_packages_store) {
    refs.push_back(step.target.str() + " (its package manifest)");
  } else {
    refs.push_back(step.target.str());
  }
  return refs;
}

bool has_index(const core::Plan& plan) {
  for (const core::Step& step : plan.steps) {
    if (step.kind == core::StepKind::k_index) {
      return true;
    }
  }
  return false;
}

std::int64_t ms_between(std::int64_t start_ns, std::int64_t end_ns) {
  return (end_ns - start_ns) / 1'000'000;
}

}  // namespace

std::string secret_key(const std::string& input, const std::string& key) {
  return input + "/" + key;
}

const char* step_status_name(StepStatus status) {
  switch (status) {
    case StepStatus::k_planned: return "planned";
    case StepStatus::k_done: return "done";
    case StepStatus::k_failed: return "failed";
    case StepStatus::k_not_run: return "not run";
  }
  return "?";
}

std::vector<std::string> written_refs(const core::Plan& plan, const Execution& e,
                                      StepStatus status) {
  std::vector<std::string> refs;
  for (std::size_t i = 0; i < plan.steps.size() && i < e.outcomes.size(); ++i) {
    const bool match = status == StepStatus::k_done
                           ? e.outcomes[i].status == StepStatus::k_done
                           : e.outcomes[i].status != StepStatus::k_done;
    if (writes(plan.steps[i]) && match) {
      const auto step_refs = refs_written(plan.steps[i]);
      refs.insert(refs.end(), step_refs.begin(), step_refs.end());
    }
  }
  return refs;
}

// Returns "written: A, B; not written: C" over the plan's writes, or "" when
// it has none.
std::string what_landed(const core::Plan& plan, const Execution& e) {
  const auto done = written_refs(plan, e, StepStatus::k_done);
  const auto pending = written_refs(plan, e, StepStatus::k_not_run);
  if (done.empty() && pending.empty()) {
    return {};
  }
  return "written: " + (done.empty() ? "none" : core::join(done, ", ")) +
         "; not written: " + (pending.empty() ? "none" : core::join(pending, ", "));
}

Executor::Executor(const core::Plan& plan, Services& s, std::map<std::string, std::string> secrets)
    : m_plan(plan), m_services(s), m_secrets(std::move(secrets)) {
  for (const auto& [name, value] : m_secrets) {
    m_masker.add(value);
  }
  m_execution.outcomes.assign(plan.steps.size(), StepOutcome{});
}

void Executor::know_manifest(const core::Reference& ref, io::Manifest manifest) {
  m_manifests[ref.str()] = std::move(manifest);
}

const Execution& Executor::run() {
  auto& outcomes = m_execution.outcomes;
  outcomes.assign(m_plan.steps.size(), StepOutcome{});
  for (StepOutcome& o : outcomes) {
    o.status = StepStatus::k_not_run;
  }
  m_execution.started_ns = m_services.started_ns != 0 ? m_services.started_ns : now_ns(m_services);
  if (m_services.record != nullptr) {
    m_execution.traceparent = m_services.record->traceparent;
  }
  for (std::size_t i = 0; i < m_plan.steps.size(); ++i) {
    const std::int64_t start = now_ns(m_services);
    bool started = false;
    try {
      if (const int signal = m_services.stop_requested()) {
        throw Cancelled(signal, "before: " + core::describe(m_plan, m_plan.steps[i]));
      }
      // The gate: nothing is written after a failed test.
      if (writes(m_plan.steps[i])) {
        if (const std::string failed = failed_tests(); !failed.empty()) {
          throw Error("tests failed: " + failed + "; nothing after the tests ran");
        }
      }
      started = true;
      outcomes[i].start_ns = start;
      if (m_plan.steps[i].kind == core::StepKind::k_test) {
        const bool passed = run_test(m_plan.steps[i], outcomes[i]);
        outcomes[i].status = passed ? StepStatus::k_done : StepStatus::k_failed;
      } else {
        run_step(i);
        outcomes[i].status = StepStatus::k_done;
      }
      m_execution.ended_ns = now_ns(m_services);
      outcomes[i].ms = ms_between(start, m_execution.ended_ns);
    } catch (const Error& e) {
      outcomes[i].status = started ? StepStatus::k_failed : StepStatus::k_not_run;
      m_execution.ended_ns = now_ns(m_services);
      outcomes[i].ms = started ? ms_between(start, m_execution.ended_ns) : 0;
      remove_builder_after(i);
      record();
      // Say exactly what landed and what a re-run still has to do.
      const std::string landed = what_landed(m_plan, m_execution);
      if (dynamic_cast<const Cancelled*>(&e) != nullptr) {
        m_services.console.warning("berth was stopped after " + std::to_string(i) + " of " +
                                   std::to_string(m_plan.steps.size()) + " steps" +
                                   (landed.empty() ? "" : "; " + landed));
        throw;
      }
      if (landed.empty()) {
        throw;
      }
      throw e.with_message(std::string(e.what()) + "; " + landed + " (a re-run finishes the job)");
    }
  }
  if (!m_plan.private_dir.empty() && m_plan.private_dir != core::k_private_dir_placeholder) {
    m_execution.image_id = m_services.files.read_first_line(m_plan.private_dir + "/iid");
  }
  if (m_plan.steps.empty()) {
    m_execution.ended_ns = now_ns(m_services);
  }
  record();
  if (const std::string failed = failed_tests(); !failed.empty()) {
    throw Error("tests failed: " + failed);
  }
  return m_execution;
}

std::string Executor::failed_tests() const {
  std::vector<std::string> failed;
  for (std::size_t i = 0; i < m_plan.steps.size(); ++i) {
    const core::Step& step = m_plan.steps[i];
    const StepOutcome& o = m_execution.outcomes[i];
    if (step.kind == core::StepKind::k_test && o.status == StepStatus::k_failed) {
      failed.push_back(step.stack_image + ": " + step.test_name +
                       (o.exit_code >= 0 ? " (exit status " + std::to_string(o.exit_code) + ")"
                                         : " (killed)"));
    }
  }
  return core::join(failed, ", ");
}

void Executor::record() const {
  if (m_services.record != nullptr) {
    m_services.record->runs.emplace_back(m_plan, m_execution);
  }
}

const Execution& Executor::preview() {
  for (std::size_t i = 0; i < m_plan.steps.size(); ++i) {
    const core::Step& step = m_plan.steps[i];
    StepOutcome& outcome = m_execution.outcomes[i];
    outcome.status = StepStatus::k_planned;
    if (step.kind == core::StepKind::k_index) {
      preview_index(step, outcome);
      continue;
    }
    const auto known = m_manifests.find(step.source.str());
    if (step.kind != core::StepKind::k_tag || known == m_manifests.end()) {
      continue;
    }
    const std::string& digest = known->second.digest;
    outcome.digest = digest;
    const auto current = m_services.registries.registry(step.target.name.registry)
                             .head_manifest(step.target.name.repository, step.target.tag);
    outcome.note = current == digest ? "already points at " + digest
                                     : "would point at " + digest +
                                           (current ? " (now " + *current + ")" : std::string());
    m_services.console.info("dry run: " + step.target.str() + " " + outcome.note);
  }
  return m_execution;
}

void Executor::preview_index(const core::Step& step, StepOutcome& outcome) {
  io::Registry& registry = m_services.registries.registry(step.target.name.registry);
  registry.add_scope(step.target.name.repository, "pull");
  std::vector<std::string> missing;
  for (const core::Reference& part : step.parts) {
    const std::string& reference = part.digest.empty() ? part.tag : part.digest;
    if (m_manifests.count(part.str()) == 0 &&
        !registry.head_manifest(part.name.repository, reference)) {
      missing.push_back(part.str());
    }
  }
  if (!missing.empty()) {
    // A build's dry run pushes no parts; a merge's names what is not there.
    outcome.note = "would PUT an index of " + std::to_string(step.parts.size()) +
                   " parts; not in the registry now: " + core::join(missing, ", ");
  } else {
    const io::Manifest index =
        assemble_index(step, [this](const core::Reference& r) -> const io::Manifest& {
          return manifest_of(r);
        });
    m_manifests[step.target.str()] = index;  // what the tag steps after it would copy
    outcome.digest = index.digest;
    outcome.manifest_bytes = static_cast<std::int64_t>(index.bytes.size());
    const auto current = registry.head_manifest(step.target.name.repository, step.target.tag);
    outcome.note = current == index.digest
                       ? "already points at " + index.digest
                       : "would point at " + index.digest + " (" + index.media_type + ")" +
                             (current ? " (now " + *current + ")" : std::string());
  }
  m_services.console.info("dry run: " + step.target.str() + " " + outcome.note);
}

void Executor::run_step(std::size_t index) {
  const core::Step& step = m_plan.steps[index];
  StepOutcome& outcome = m_execution.outcomes[index];
  switch (step.kind) {
    case core::StepKind::k_login: {
      prepare_config();
      const auto secret = m_secrets.find(step.secret_input);
      if (secret == m_secrets.end()) {
        throw Error(step_title(m_plan, step) + ": no value for " + step.secret_input);
      }
      try {
        run_docker(step, secret->second + "\n", outcome);
      } catch (const Cancelled&) {
        throw;
      } catch (const Error& e) {
        // Name the registry and the input whose credentials it refused.
        const std::string& source = step.secret_input;
        const std::string message = std::string(e.what()) + "; " + step.argv.back() +
                                    " did not take the credentials of " + source;
        if (core::starts_with(source, "registry-auth")) {
          throw Error(message, "registry-auth");
        }
        if (source == "password") {
          throw Error(message, "password");
        }
        throw Error::variable(message, "DOCKER_CONFIG");
      }
      return;
    }
    case core::StepKind::k_build: {
      run_docker(step, {}, outcome);
      if (step.parts.empty()) {
        return;
      }
      // The build pushed: what it wrote is read back, by the digest buildx
      // reports (a tag could move before the GET), else by tag. A
      // per-platform part is not the run's digest: the index is.
      const std::string digest = pushed_digest(step);
      for (const core::Reference& part : step.parts) {
        if (!digest.empty()) {
          m_manifests[part.str()] = manifest_of(core::Reference::with_digest(part.name, digest));
        }
      }
      const io::Manifest& pushed = manifest_of(step.parts.front());
      outcome.digest = pushed.digest;
      outcome.manifest_bytes = static_cast<std::int64_t>(pushed.bytes.size());
      if (has_index(m_plan)) {
        return;
      }
      break;
    }
    case core::StepKind::k_builder_create:
      run_docker(step, {}, outcome);
      return;
    case core::StepKind::k_builder_remove:
      remove_builder(step, outcome);
      return;
    case core::StepKind::k_label:
      run_docker(step, step.stdin_text, outcome);
      return;
    case core::StepKind::k_untag: {
      // The image stays, under its real tags; a failure costs a stray tag.
      io::ProcessSpec spec{step.argv, child_env(m_services.env), {}, 30'000, true};
      if (!m_services.processes.run(spec, {}).ok()) {
        outcome.note = "could not remove the temporary tag";
        m_services.console.warning(outcome.note + " " + step.argv.back());
      }
      return;
    }
    case core::StepKind::k_push: {
      run_docker(step, {}, outcome);
      const io::Manifest& pushed = manifest_of(step.target);
      outcome.digest = pushed.digest;
      outcome.manifest_bytes = static_cast<std::int64_t>(pushed.bytes.size());
      break;
    }
    case core::StepKind::k_test:
      return;  // run() runs tests (run_test): a failure is not thrown
    case core::StepKind::k_packages:
      run_packages(step, outcome);
      return;
    case core::StepKind::k_packages_store:
      store_packages(step, outcome);
      return;
    case core::StepKind::k_tag: {
      io::Registry& registry = m_services.registries.registry(step.target.name.registry);
      registry.add_scope(step.target.name.repository, "pull,push");
      const io::Manifest manifest = manifest_of(step.source);
      registry.put_manifest(step.target.name.repository, step.target.tag, manifest);
      // The tags that copy this one (a stack's moving tags) read it from here.
      m_manifests[step.target.str()] = manifest;
      outcome.digest = manifest.digest;
      outcome.manifest_bytes = static_cast<std::int64_t>(manifest.bytes.size());
      m_services.console.info(step.target.str() + " -> " + manifest.digest);
      break;
    }
    case core::StepKind::k_index: {
      io::Registry& registry = m_services.registries.registry(step.target.name.registry);
      registry.add_scope(step.target.name.repository, "pull,push");
      const io::Manifest assembled =
          assemble_index(step, [this](const core::Reference& r) -> const io::Manifest& {
            return manifest_of(r);
          });
      registry.put_manifest(step.target.name.repository, step.target.tag, assembled);
      outcome.digest = assembled.digest;
      outcome.manifest_bytes = static_cast<std::int64_t>(assembled.bytes.size());
      // The tags that copy the index read it from here, not from the registry.
      m_manifests[step.target.str()] = assembled;
      m_services.console.info(step.target.str() + " -> " + assembled.digest + " (an index of " +
                              std::to_string(step.parts.size()) + " parts)");
      // The run's digest is its (first) index, not a platform's manifest.
      if (!m_index_digest) {
        m_execution.digest = assembled.digest;
        m_index_digest = true;
      }
      return;
    }
  }
  if (m_execution.digest.empty()) {
    m_execution.digest = outcome.digest;
  }
}

void Executor::remove_builder_after(std::size_t failed) {
  bool created = false;
  for (std::size_t i = 0; i <= failed && i < m_plan.steps.size(); ++i) {
    created = created || m_plan.steps[i].kind == core::StepKind::k_builder_create;
  }
  for (std::size_t i = failed + 1; created && i < m_plan.steps.size(); ++i) {
    if (m_plan.steps[i].kind == core::StepKind::k_builder_remove) {
      StepOutcome& outcome = m_execution.outcomes[i];
      outcome.start_ns = now_ns(m_services);
      remove_builder(m_plan.steps[i], outcome);
      outcome.status = StepStatus::k_done;
      outcome.ms = ms_between(outcome.start_ns, now_ns(m_services));
    }
  }
}

const io::Manifest& Executor::manifest_of(const core::Reference& ref) {
  const std::string key = ref.str();
  auto it = m_manifests.find(key);
  if (it == m_manifests.end()) {
    io::Registry& registry = m_services.registries.registry(ref.name.registry);
    registry.add_scope(ref.name.repository, m_plan.dry_run ? "pull" : "pull,push");
    const std::string& at = ref.digest.empty() ? ref.tag : ref.digest;
    it = m_manifests.emplace(key, registry.get_manifest(ref.name.repository, at)).first;
  }
  return it->second;
}

}  // namespace berth::app
