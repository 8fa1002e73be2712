// SPDX-License-Identifier: MIT
#include "app/build.hpp"

#include <map>
#include <optional>

#include "app/build_secrets.hpp"
#include "app/private_dir.hpp"
#include "app/probe.hpp"
#include "core/build_plan.hpp"

namespace berth::app {

void print_plan(const core::Plan& plan, Services& s) {
  s.console.group(plan.dry_run ? "berth: plan (dry run: nothing runs)" : "berth: plan");
  for (const core::Step& step : plan.steps) {
    s.console.info(core::describe(plan, step));
  }
  s.console.endgroup();
}

BuildRun run_build(const core::Inputs& in, const core::Metadata& m, Services& s) {
  check_secret_sources(in.build, s);
  core::BuildFacts facts = probe_build(in, m, s);
  // A dry run creates not even the private directory: its plan shows a placeholder.
  std::optional<PrivateDir> dir;
  if (in.dry_run) {
    facts.private_dir = core::k_private_dir_placeholder;
    facts.run_id = core::k_run_id_placeholder;
  } else {
    dir.emplace(s.files, private_base(s.env, s.files));
    facts.private_dir = dir->path();
    facts.run_id = s.random_id().substr(0, 16);
  }
  BuildRun run;
  run.plan = core::plan_build(in, m, facts);
  for (const core::HeldBack& h : run.plan.held_back) {
    s.console.notice("keeping " + h.tag + " where it is: " + h.because);
  }
  print_plan(run.plan, s);
  if (!m.push) {
    s.console.info(in.push == core::PushMode::k_off
                       ? "no push (push: false)"
                       : "no push (push: auto, and this is a pull request)");
  }
  Executor executor(run.plan, s, run_secrets(in, facts, s));
  run.execution = in.dry_run ? executor.execution() : executor.run();
  return run;
}

}  // namespace berth::app
