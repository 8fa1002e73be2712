// SPDX-License-Identifier: MIT
#include "app/local_commands.hpp"

#include <cstdio>

#include "app/build.hpp"
#include "app/merge.hpp"
#include "app/report.hpp"
#include "app/run.hpp"
#include "app/terminal.hpp"
#include "core/error.hpp"
#include "core/init_workflows.hpp"
#include "io/files.hpp"
#include "io/new_file.hpp"

namespace berth::app {
namespace {

void print_stdout(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace

int plan_with(const io::Env& env, io::Console& console, const RunContext& rc,
              const core::Metadata& m, bool build, bool colour);

int run_plan_command(const io::Env& env_in, io::Console& console) {
  io::Env env = env_in;
  // --build carries the plan out; it pushes only when --push says so.
  const bool build = env.get("BERTH_PLAN_BUILD") == "true";
  env.set(io::input_variable("dry-run"), build ? "false" : "true");
  if (build && !env.find(io::input_variable("push"))) {
    env.set(io::input_variable("push"), "false");
  }
  const RunContext rc = read_run_context(env);
  const bool colour = colour_allowed(is_terminal(stderr), env);
  print_context(rc.context, console, colour);
  if (!rc.inputs.promote.empty()) {
    throw Error("berth plan shows a build; for a promotion run berth promote --dry-run", "promote");
  }
  const core::Metadata m = core::compute_metadata(rc.inputs, rc.github, rc.clock);
  for (const std::string& w : m.tag_set.warnings) {
    console.warning(w);
  }
  try {
    return plan_with(env, console, rc, m, build, colour);
  } catch (const Errors& errors) {
    // On a laptop the usual case: no registry login yet.
    std::vector<Error> all;
    for (const Error& e : errors.all()) {
      all.push_back(e.input() != "password" || build
                        ? e
                        : e.with_message(std::string(e.what()) +
                                         "; to see the plan without the push: berth plan --push "
                                         "false"));
    }
    throw Errors(std::move(all));
  }
}

int plan_with(const io::Env& env, io::Console& console, const RunContext& rc,
              const core::Metadata& m, bool build, bool colour) {
  return with_live_services(env, console, rc.inputs, [&](Services& s) {
    BuildRun run;
    {
      Progress progress(stderr, !build && is_terminal(stderr) && env.get("GITHUB_ACTIONS") != "true");
      progress.show("berth: asking docker and the registries what the plan depends on...");
      run = rc.inputs.split == core::SplitMode::k_merge  ? run_merge(rc.inputs, m, s)
            : rc.inputs.split == core::SplitMode::k_part ? run_split_part(rc.inputs, m, s)
                                                         : run_build(rc.inputs, m, s);
    }
    if (env.get("BERTH_PLAN_JSON") == "true") {
      for (const auto& [name, value] : metadata_outputs(m, &run)) {
        if (name == "json") {
          print_stdout(value + "\n");
        }
      }
      return 0;
    }
    console.info(paint("tags:", Style::k_bold, colour));
    for (const std::string& tag : run_tags_of(m, run.plan)) {
      console.info("  " + tag);
    }
    console.info(paint(build ? "built here; pushed only if --push true was given"
                             : "a dry run: nothing was built or pushed; --build builds here "
                               "(and pushes with --push true)",
                       Style::k_dim, colour));
    return 0;
  });
}

int run_init(const io::Env& env, io::Console& console, const GitOpener& open_git,
             const std::string& cwd) {
  io::RealFiles files;
  std::string root;
  core::InitOptions options;
  if (open_git) {
    const core::CheckoutFacts facts = open_git(cwd)->facts();  // throws, naming cwd
    root = facts.root;
    if (!facts.default_branch.empty()) {
      options.default_branch = facts.default_branch;
    } else if (!facts.branch.empty()) {
      options.default_branch = facts.branch;
    }
  } else if (files.is_directory(cwd + "/.git") || files.is_regular_file(cwd + "/.git")) {
    root = cwd;
  } else {
    throw Error("berth init: " + cwd +
                " is not the root of a git checkout (no .git here): cd to your clone's root "
                "(git rev-parse --show-toplevel), or git init first");
  }
  if (const std::string b = env.get("BERTH_INIT_DEFAULT_BRANCH"); !b.empty()) {
    options.default_branch = b;
  }
  if (const std::string uses = env.get("BERTH_INIT_USES"); !uses.empty()) {
    options.uses = uses;
  }
  options.calver = env.get("BERTH_INIT_CALVER") == "true";
  options.stack = files.is_regular_file(root + "/.github/berth-stack.yml");
  const std::vector<core::WorkflowFile> workflows = core::init_workflows(options);
  // Refuse before writing anything: every file that exists, by name.
  ErrorCollector errors;
  for (const core::WorkflowFile& w : workflows) {
    if (io::path_exists(root + "/" + w.path)) {
      errors.add(Error(w.path + " exists: berth init never overwrites a file; move it away "
                                "(or delete it) and run berth init again"));
    }
  }
  errors.throw_if_any();
  files.make_dirs(root + "/.github/workflows");
  for (const core::WorkflowFile& w : workflows) {
    io::write_new_file(root + "/" + w.path, w.content);
    console.info("wrote " + w.path);
  }
  console.info("next: git add .github/workflows && git commit; preview a release with "
               "berth plan --tag v1.0.0");
  return 0;
}

int run_init_command(const io::Env& env, io::Console& console) {
  return run_init(env, console, real_git_opener(), ".");
}

}  // namespace berth::app
