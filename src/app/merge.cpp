// SPDX-License-Identifier: MIT
#include "app/merge.hpp"

#include <set>

#include "core/error.hpp"
#include "core/merge_plan.hpp"

namespace berth::app {
namespace {

// Reaches every registry (push rights unless dry) and returns the tags the
// target repositories hold, for monotonic latest.
std::vector<std::string> read_tags(const core::Inputs& in, const core::Metadata& m, Services& s) {
  ErrorCollector errors;
  std::set<std::string> hosts;
  for (const core::ImageName& image : m.images) {
    if (!in.dry_run && hosts.insert(image.registry).second && !s.registries.can_push(image.registry)) {
      errors.add(Error("password: writing to " + image.registry +
                           " needs credentials: set username and password, or log in before "
                           "this step",
                       "password"));
    }
  }
  errors.throw_if_any();
  std::vector<std::string> existing;
  for (const core::ImageName& image : m.images) {
    errors.guard([&] {
      try {
        io::Registry& registry = s.registries.registry(image.registry);
        registry.add_scope(image.repository, in.dry_run ? "pull" : "pull,push");
        const auto tags = registry.list_tags(image.repository);
        existing.insert(existing.end(), tags.begin(), tags.end());
      } catch (const Cancelled&) {
        throw;
      } catch (const Error& e) {
        const std::string input = e.input().empty() ? core::registry_input(in) : e.input();
        throw Error(input + ": " + image.written + ": " + e.what(), input);
      }
    });
  }
  errors.throw_if_any();
  return existing;
}

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
  facts.existing_tags = read_tags(in, m, s);
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
