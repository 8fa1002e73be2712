// SPDX-License-Identifier: MIT
// The Executor's package manifest steps of a stack run (core/stack_packages.hpp):
// list a built image's packages and compare them with the previous build's
// (app/packages.hpp), and store them next to the pushed build tag.
#include "app/execute.hpp"
#include "app/packages.hpp"
#include "core/error.hpp"

namespace berth::app {

void Executor::run_packages(const core::Step& step, StepOutcome& outcome) {
  PackagesRequest request;
  request.name = step.stack_image;
  request.image = step.target.str();
  request.previous = step.source.name.written.empty() ? std::string() : step.source.str();
  request.dir = step.dir;
  const int before = m_services.registries.stats().requests;
  try {
    auto result = std::make_shared<PackagesResult>(collect_packages(m_services, request, step.argv));
    for (const std::string& note : result->notes) {
      m_services.console.info(step.stack_image + ": " + note);
    }
    std::string counts;
    if (result->manifest) {
      for (const auto& [tool, packages] : result->manifest->tools) {
        counts += (counts.empty() ? "" : ", ") + tool + " " + std::to_string(packages.size());
      }
      m_services.console.info("packages of " + step.stack_image + ": " +
                              (counts.empty() ? "no package tool" : counts) +
                              (result->previous ? "; " + std::to_string(result->diff.changes.size()) +
                                                      " changed since " + request.previous
                                                : std::string()));
    }
    outcome.packages = std::move(result);
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    // The manifest is a report about the image, not a check of it.
    outcome.note = std::string("no package manifest: ") + e.what();
    m_services.console.warning(step.stack_image + ": " + outcome.note);
  }
  outcome.registry_requests = m_services.registries.stats().requests - before;
}

void Executor::store_packages(const core::Step& step, StepOutcome& outcome) {
  const PackagesResult* found = nullptr;
  for (std::size_t i = 0; i < m_plan.steps.size(); ++i) {
    const core::Step& s = m_plan.steps[i];
    if (s.kind == core::StepKind::k_packages && s.target.str() == step.target.str()) {
      found = m_execution.outcomes[i].packages.get();
    }
  }
  if (found == nullptr || !found->manifest) {
    outcome.note = "no package manifest to store";
    m_services.console.info(step.target.str() + ": " + outcome.note);
    return;
  }
  const int before = m_services.registries.stats().requests;
  const io::StoredPackages stored = app::store_packages(m_services, step.target.str(), found->json);
  outcome.registry_requests = m_services.registries.stats().requests - before;
  outcome.digest = stored.artifact_digest;
  outcome.manifest_bytes = static_cast<std::int64_t>(stored.artifact_size);
  outcome.note = stored.subject_recorded ? "found through the referrers API"
                                         : "listed in the referrers tag " + stored.referrers_tag;
  m_services.console.info("package manifest of " + step.target.str() + " -> " +
                          stored.artifact_digest + " (" + outcome.note + ")");
}

}  // namespace berth::app
