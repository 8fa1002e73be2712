// SPDX-License-Identifier: MIT
#include "app/merge.hpp"

#include "app/probe.hpp"
#include "core/error.hpp"
#include "core/merge_plan.hpp"

namespace berth::app {
namespace {

// Checks that every part of every index step is in the registry: a missing
// platform stops the merge before its first write, naming every one missing.
void check_parts(const core::Plan& plan, Services& s) {
  ErrorCollector errors;
  for (const core::Step& step : plan.steps) {
    if (step.kind != core::StepKind::k_index) {
      continue;
    }
    io::Registry& registry = s.registries.registry(step.target.name.registry);
    for (std::size_t i = 0; i < step.parts.size(); ++i) {
      const core::Reference& part = step.parts[i];
      errors.guard([&] {
        if (!registry.head_manifest(part.name.repository, part.tag)) {
          const std::string platform = i < step.part_platforms.size() ? step.part_platforms[i] : "";
          throw Error("platforms: " + part.str() + " is not in the registry: the split job of " +
                          platform + " has not pushed it (split: true, same tags and platforms)",
                      "platforms");
        }
      });
    }
  }
  errors.throw_if_any();
}

}  // namespace

BuildRun run_merge(const core::Inputs& in, const core::Metadata& m, Services& s) {
  BuildRun run;
  if (!m.push) {
    run.plan = core::plan_merge(in, m, {});
    s.console.info("no merge: push: auto, and this is a pull request");
    run.execution.outcomes.clear();
    return run;
  }
  core::MergeFacts facts;
  facts.existing_tags = probe_registries(in, m, s);
  run.plan = core::plan_merge(in, m, facts);
  check_parts(run.plan, s);
  for (const core::HeldBack& h : run.plan.held_back) {
    s.console.notice("keeping " + h.tag + " where it is: " + h.because);
  }
  print_plan(run.plan, s);
  Executor executor(run.plan, s, {});
  run.execution = in.dry_run ? executor.preview() : executor.run();
  return run;
}

BuildRun run_split_part(const core::Inputs& in, const core::Metadata& m, Services& s) {
  if (in.platforms.size() != 1) {
    throw Error("platforms: split: true builds one platform per job; " +
                    std::to_string(in.platforms.size()) + " are named",
                "platforms");
  }
  return run_build(in, core::split_part_metadata(m, in.platforms.front()), s);
}

}  // namespace berth::app
