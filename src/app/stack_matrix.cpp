// SPDX-License-Identifier: MIT
#include "app/stack_matrix.hpp"

#include <set>

#include "app/build.hpp"
#include "core/error.hpp"
#include "core/reference.hpp"
#include "core/stack_matrix.hpp"
#include "core/text.hpp"

namespace berth::app {
namespace {

bool builds(const StackReport& r, const std::string& name) {
  for (const core::StackDecision& d : r.decisions) {
    if (d.name == name) {
      return d.action == core::StackAction::k_build;
    }
  }
  return false;
}

bool in_registry(const core::Reference& ref, Services& s) {
  return s.registries.registry(ref.name.registry)
      .head_manifest(ref.name.repository, ref.tag)
      .has_value();
}

}  // namespace

void check_stack_image(const core::Stack& stack, const std::string& stack_image) {
  if (stack_image.empty() || core::find_stack_image(stack, stack_image) != nullptr) {
    return;
  }
  std::vector<std::string> names;
  for (const core::StackImage& image : stack.images) {
    names.push_back(image.name);
  }
  throw Error("stack-image: \"" + stack_image + "\" is not an image of the stack " +
                  stack.path + " (" + core::join(names, ", ") + ")",
              "stack-image");
}

io::Outputs stack_matrix_outputs(const StackReport& r) {
  const core::StackMatrix m = core::stack_matrix(r.stack, r.decisions);
  return {
      {"matrix", m.all},
      {"levels", std::to_string(m.levels.size())},
      {"level-matrices", core::level_matrices_json(m)},
      {"level-builds", core::level_builds_json(m)},
  };
}

std::vector<std::string> stack_matrix_lines(const StackReport& r) {
  std::vector<std::string> lines;
  const std::vector<std::vector<std::string>> levels = core::stack_levels(r.stack);
  for (std::size_t level = 0; level < levels.size(); ++level) {
    std::vector<std::string> built;
    for (const std::string& name : levels[level]) {
      if (builds(r, name)) {
        built.push_back(name);
      }
    }
    lines.push_back("matrix level " + std::to_string(level) + ": " +
                    (built.empty() ? "nothing to build" : core::join(built, ", ")));
  }
  return lines;
}

bool prepare_matrix_job(StackReport& r, core::StackRun& run, const std::string& image,
                        bool dry_run, Services& s) {
  if (!builds(r, image)) {
    std::string why = "no decision";
    for (const core::StackDecision& d : r.decisions) {
      why = d.name == image ? d.reason : why;
    }
    s.console.notice("stack-image: " + image + " does not build in this run (" + why +
                     "); the final job (stack-finish) re-tags it");
    return false;
  }
  const core::StackImage* own = core::find_stack_image(r.stack, image);
  const std::vector<core::MatrixParent> parents =
      core::matrix_parents(r.stack, *own, r.decisions, run.tags);
  ErrorCollector errors;
  for (const core::MatrixParent& p : parents) {
    if (in_registry(p.ref, s)) {
      s.console.info("stack-image: " + image + "'s parent " + p.name + " comes from " +
                     p.ref.str());
      continue;
    }
    const std::string text =
        "stack-image: " + image + "'s parent " + p.name + " has no " + p.ref.str() +
        " in the registry: " +
        (p.built ? "the matrix job of " + p.name + " (an earlier level) has not pushed it"
                 : "its last build is gone");
    if (dry_run) {
      s.console.warning(text + " (a real run stops here)");
    } else {
      errors.add(Error(text, "stack-image"));
    }
  }
  errors.throw_if_any();
  run = core::matrix_job_run(std::move(run), image, parents);
  r.other_tags.clear();
  return true;
}

int run_stack_finish(StackReport& r, Services& s) {
  if (!r.push) {
    s.console.notice("stack-finish: nothing to finish: this run pushes nothing");
    report_stack(r, s);
    return 0;
  }
  std::set<std::string> carrying;
  for (const core::StackImage& image : r.stack.images) {
    const core::ImageName name = core::parse_image_name(image.image, core::k_stack_input);
    if (in_registry(core::Reference::with_tag(name, r.build_tag), s)) {
      carrying.insert(image.name);
    }
  }
  core::StackTags tags{r.build_tag, r.changes.base_tag, r.other_tags};
  try {
    r.plan = core::plan_stack_finish(r.stack, r.decisions, tags, carrying, r.dry_run);
  } catch (const Error& e) {
    r.error = e.what();
    report_stack(r, s);
    throw;
  }
  s.console.group("berth: stack-finish");
  for (const core::StackImage& image : r.stack.images) {
    s.console.info(image.name + ": " +
                   (carrying.count(image.name) != 0
                        ? "carries " + r.build_tag
                        : "re-tag " + r.changes.base_tag + " as " + r.build_tag));
  }
  s.console.endgroup();
  print_plan(r.plan, s);
  Executor executor(r.plan, s, {});
  try {
    r.execution = r.dry_run ? executor.preview() : executor.run();
  } catch (const Error& e) {
    r.execution = executor.execution();
    r.error = e.what();
    report_stack(r, s);
    throw;
  }
  report_stack(r, s);
  return 0;
}

}  // namespace berth::app
