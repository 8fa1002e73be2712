// SPDX-License-Identifier: MIT
#include "core/stack_matrix.hpp"

#include <algorithm>
#include <map>

#include "core/error.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

bool builds(const std::vector<StackDecision>& decisions, const std::string& name) {
  return std::any_of(decisions.begin(), decisions.end(), [&](const StackDecision& d) {
    return d.name == name && d.action == StackAction::k_build;
  });
}

std::string entry(const std::string& image, std::size_t level) {
  return "{\"image\":" + json_string(image) + ",\"level\":" + std::to_string(level) + "}";
}

std::string matrix_of(const std::vector<std::string>& entries) {
  return "{\"include\":[" + join(entries, ",") + "]}";
}

ImageName name_of(const StackImage& image) {
  return parse_image_name(image.image, k_stack_input);
}

}  // namespace

StackMatrix stack_matrix(const Stack& stack,
                         const std::vector<StackDecision>& decisions) {
  StackMatrix m;
  std::vector<std::string> all;
  const std::vector<std::vector<std::string>> levels = stack_levels(stack);
  for (std::size_t level = 0; level < levels.size(); ++level) {
    std::vector<std::string> entries;
    for (const std::string& name : levels[level]) {
      if (builds(decisions, name)) {
        entries.push_back(entry(name, level));
      }
    }
    all.insert(all.end(), entries.begin(), entries.end());
    m.builds.push_back(entries.size());
    if (entries.empty()) {
      entries.push_back(entry(k_no_matrix_image, level));
    }
    m.levels.push_back(matrix_of(entries));
  }
  if (all.empty()) {
    all.push_back(entry(k_no_matrix_image, 0));
  }
  m.all = matrix_of(all);
  return m;
}

std::string level_matrices_json(const StackMatrix& m) {
  return "[" + join(m.levels, ",") + "]";
}

std::string level_builds_json(const StackMatrix& m) {
  std::vector<std::string> counts;
  for (std::size_t n : m.builds) {
    counts.push_back(std::to_string(n));
  }
  return "[" + join(counts, ",") + "]";
}

std::vector<MatrixParent> matrix_parents(const Stack& stack, const StackImage& image,
                                         const std::vector<StackDecision>& decisions,
                                         const StackTags& tags) {
  std::vector<MatrixParent> out;
  for (const StackParent& link : image.parents) {
    const StackImage* parent = find_stack_image(stack, link.name);
    if (parent == nullptr) {
      continue;
    }
    MatrixParent p;
    p.name = link.name;
    p.from_ref = link.from_ref;
    p.built = builds(decisions, link.name);
    if (!p.built && tags.base_tag.empty()) {
      throw Error("stack-image: " + image.name + "'s parent " + link.name +
                      " does not build in this run and the stack has no earlier build to "
                      "take it from",
                  "stack-image");
    }
    p.ref =
        Reference::with_tag(name_of(*parent), p.built ? tags.build_tag : tags.base_tag);
    out.push_back(std::move(p));
  }
  return out;
}

StackRun matrix_job_run(StackRun run, const std::string& image,
                        const std::vector<MatrixParent>& parents) {
  run.only = image;
  run.tags.moving.clear();
  run.parent_contexts.clear();
  for (const MatrixParent& p : parents) {
    if (!p.from_ref.empty()) {
      run.parent_contexts.push_back(p.from_ref + "=docker-image://" + p.ref.str());
    }
  }
  return run;
}

Plan plan_stack_finish(const Stack& stack, const std::vector<StackDecision>& decisions,
                       const StackTags& tags, const std::set<std::string>& carrying,
                       bool dry_run) {
  std::vector<std::string> missing;
  for (const StackImage& image : stack.images) {
    if (builds(decisions, image.name) && carrying.count(image.name) == 0) {
      missing.push_back(image.name);
    }
  }
  if (!missing.empty()) {
    throw Error("stack-finish: no tag moved: " + join(missing, ", ") +
                    (missing.size() == 1 ? " lacks" : " lack") + " the run's build tag " +
                    tags.build_tag +
                    " (a matrix job of the stack failed, was skipped or did not push it)",
                "stack-finish");
  }
  Plan plan;
  plan.dry_run = dry_run;
  plan.tag_names.push_back(tags.build_tag);
  for (const std::string& tag : tags.moving) {
    if (tag != tags.build_tag) {
      plan.tag_names.push_back(tag);
    }
  }
  for (const StackImage& image : stack.images) {
    if (builds(decisions, image.name) || carrying.count(image.name) != 0) {
      continue;
    }
    if (tags.base_tag.empty()) {
      throw Error("stack-finish: " + image.name +
                      " is to be re-tagged, but no earlier build of the stack is known",
                  "stack-finish");
    }
    Step tag;
    tag.kind = StepKind::k_tag;
    tag.stack_image = image.name;
    tag.source = Reference::with_tag(name_of(image), tags.base_tag);
    tag.target = Reference::with_tag(name_of(image), tags.build_tag);
    tag.moving = false;
    plan.steps.push_back(std::move(tag));
  }
  for (const StackImage& image : stack.images) {
    const std::size_t before = plan.steps.size();
    add_tag_copies(plan.steps, name_of(image), tags.build_tag, tags.moving);
    for (std::size_t i = before; i < plan.steps.size(); ++i) {
      plan.steps[i].stack_image = image.name;
    }
  }
  order_writes(plan.steps);
  return plan;
}

}  // namespace berth::core
