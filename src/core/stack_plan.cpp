// SPDX-License-Identifier: MIT
#include "core/stack_plan.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/docker_args.hpp"
#include "core/error.hpp"
#include "core/reference.hpp"
#include "core/stack_packages.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

const StackImage* find_image(const Stack& stack, const std::string& name) {
  const auto it = std::find_if(stack.images.begin(), stack.images.end(),
                               [&](const StackImage& i) { return i.name == name; });
  return it == stack.images.end() ? nullptr : &*it;
}

Step docker_step(StepKind kind, std::vector<std::string> argv, const std::string& image) {
  Step step;
  step.kind = kind;
  step.argv = std::move(argv);
  step.stack_image = image;
  return step;
}

// Returns the argv of `docker run --rm --pull never --entrypoint sh REF -c RUN`.
std::vector<std::string> test_argv(const std::string& docker, const std::string& ref,
                                   const std::string& run) {
  return {docker, "run", "--rm", "--pull", "never", "--entrypoint", "sh", ref, "-c", run};
}

// Checks what a stack run needs of the builder before anything is planned:
// BuildKit on the docker driver, whose builds load into the daemon and whose
// named contexts resolve from the daemon's images.
void check_stack_builder(const BuildFacts& facts, ErrorCollector& errors) {
  if (!facts.caps.buildx) {
    errors.add(Error("stack: a stack run needs docker buildx (BuildKit): each child builds "
                     "FROM its parent just built, through a named build context, which the "
                     "classic builder lacks",
                     "stack"));
    return;
  }
  const std::string& driver = facts.caps.builder.driver;
  if (!driver.empty() && driver != "docker") {
    errors.add(Error("stack: the builder \"" + facts.caps.builder.name + "\" uses the " + driver +
                         " driver; a stack run needs the docker driver, whose builds load "
                         "into the daemon that the tests and the next image's build read",
                     "stack"));
  }
}

}  // namespace

std::vector<std::string> ancestors_of(const Stack& stack, const StackImage& image) {
  std::set<std::string> found;
  std::vector<const StackImage*> todo = {&image};
  while (!todo.empty()) {
    const StackImage* current = todo.back();
    todo.pop_back();
    for (const StackParent& parent : current->parents) {
      if (found.insert(parent.name).second) {
        if (const StackImage* p = find_image(stack, parent.name)) {
          todo.push_back(p);
        }
      }
    }
  }
  std::vector<std::string> out;
  for (const StackImage& i : stack.images) {  // build order
    if (found.count(i.name) != 0) {
      out.push_back(i.name);
    }
  }
  return out;
}

std::vector<PlannedTest> tests_of(const Stack& stack, const StackImage& image) {
  std::vector<PlannedTest> out;
  for (const StackTest& t : stack.common_tests) {
    out.push_back({t, "common"});
  }
  for (const std::string& name : ancestors_of(stack, image)) {
    for (const StackTest& t : find_image(stack, name)->tests) {
      out.push_back({t, name});
    }
  }
  for (const StackTest& t : image.tests) {
    out.push_back({t, "own"});
  }
  return out;
}

Labels stack_image_labels(const Labels& labels, const Inputs& in, const StackImage& image,
                          const std::string& build_tag) {
  const auto set_by_input = [&in](const std::string& key) {
    return std::any_of(in.labels.begin(), in.labels.end(), [&key](const ListItem& item) {
      return starts_with(item.text, key + "=");
    });
  };
  Labels out = labels;
  for (auto& [key, value] : out) {
    if (key == "org.opencontainers.image.title" && !set_by_input(key)) {
      value = image.name;
    } else if (key == "org.opencontainers.image.version" && !set_by_input(key)) {
      value = build_tag;
    }
  }
  return out;
}

Plan plan_stack(const Stack& stack, const std::vector<StackDecision>& decisions,
                const StackRun& run, const Inputs& in, const BuildFacts& facts) {
  ErrorCollector errors;
  check_stack_builder(facts, errors);
  std::map<std::string, StackAction> action;
  for (const StackDecision& d : decisions) {
    action[d.name] = d.action;
  }
  std::map<std::string, ImageName> names;
  for (const StackImage& image : stack.images) {
    const auto decided = action.find(image.name);
    if (image.platforms.size() > 1 && facts.caps.store != ImageStore::k_containerd &&
        decided != action.end() && decided->second == StackAction::k_build &&
        (run.only.empty() || run.only == image.name)) {
      errors.add(Error("stack: " + image.name + " asks for " +
                           std::to_string(image.platforms.size()) +
                           " platforms; a stack run loads each image into the daemon to test "
                           "it and build its children, and only the containerd image store "
                           "holds an image of several platforms",
                       "stack"));
    }
    errors.guard([&] { names.emplace(image.name, parse_image_name(image.image, "stack")); });
    const auto it = action.find(image.name);
    if (it == action.end()) {
      errors.add(Error("stack: no decision for the image " + image.name, "stack"));
    } else if (it->second == StackAction::k_retag && run.push && run.tags.base_tag.empty() &&
               run.only.empty()) {
      errors.add(Error("stack: " + image.name + " is to be re-tagged, but no earlier build of the "
                       "stack is known",
                       "stack"));
    }
  }
  if (run.tags.build_tag.empty()) {
    errors.add(Error("stack: the run has no build tag", "stack"));
  }
  errors.throw_if_any();

  Plan plan;
  plan.dry_run = in.dry_run;
  plan.private_dir = facts.private_dir;
  plan.tag_names.push_back(run.tags.build_tag);
  for (const std::string& tag : run.tags.moving) {
    if (tag != run.tags.build_tag && run.only.empty()) {
      plan.tag_names.push_back(tag);
    }
  }

  // 1. Logins, into the private config.
  const bool private_config = !facts.logins.empty();
  const std::string config = private_config ? plan.private_dir + "/docker" : std::string();
  if (private_config) {
    plan.cli_plugin_dirs = facts.cli_plugin_dirs;
  }
  for (const Login& l : facts.logins) {
    Step login = docker_step(StepKind::k_login, login_argv(facts.docker, config, l.host, l.username), {});
    login.secret_input = l.secret;
    plan.steps.push_back(std::move(login));
  }

  const auto built = [&](const std::string& name) {
    if (!run.only.empty() && name != run.only) {
      return false;  // a matrix job builds its one image
    }
    const auto it = action.find(name);
    return it != action.end() && it->second == StackAction::k_build;
  };
  const auto ref_of = [&](const StackImage& image, const std::string& tag) {
    return Reference::with_tag(names.at(image.name), tag);
  };

  // 2. Builds, in build order, each loaded into the daemon.
  for (const StackImage& image : stack.images) {
    if (!built(image.name)) {
      continue;
    }
    BuildSpec spec;
    spec.docker = facts.docker;
    spec.config_dir = config;
    spec.context = image.context;
    spec.dockerfile = image.dockerfile;
    spec.build_args = image.build_args;
    spec.build_args.insert(spec.build_args.end(), in.build_args.begin(), in.build_args.end());
    spec.platforms = image.platforms;
    spec.cache_from = in.cache_from;
    spec.cache_to = in.cache_to;
    spec.options = in.build;
    spec.builder = in.build.builder;
    spec.load = true;
    spec.tags = {ref_of(image, run.tags.build_tag).str()};
    spec.labels = stack_image_labels(run.labels, in, image, run.tags.build_tag);
    // A matrix job's parents come from the registry (run.parent_contexts).
    for (const StackParent& parent : run.only.empty() ? image.parents : std::vector<StackParent>{}) {
      const StackImage* p = find_image(stack, parent.name);
      if (p == nullptr || parent.from_ref.empty()) {
        continue;
      }
      // The parent this run built, else the build it is re-tagged from: never
      // whatever its FROM tag (latest) points at now.
      const std::string& tag = built(parent.name) ? run.tags.build_tag : run.tags.base_tag;
      if (!tag.empty()) {
        spec.options.build_contexts.push_back(parent.from_ref + "=docker-image://" +
                                              ref_of(*p, tag).str());
      }
    }
    if (image.name == run.only) {
      spec.options.build_contexts.insert(spec.options.build_contexts.end(),
                                         run.parent_contexts.begin(), run.parent_contexts.end());
    }
    Step build = docker_step(StepKind::k_build, build_argv(spec, facts.caps), image.name);
    build.target = ref_of(image, run.tags.build_tag);
    build.secret_env = secret_vars(in.build);
    plan.steps.push_back(std::move(build));
  }

  // 3. Tests of every built image: common, ancestors', own.
  for (const StackImage& image : stack.images) {
    if (!built(image.name)) {
      continue;
    }
    const std::string ref = ref_of(image, run.tags.build_tag).str();
    for (const PlannedTest& t : tests_of(stack, image)) {
      Step test = docker_step(StepKind::k_test, test_argv(facts.docker, ref, t.test.run), image.name);
      test.target = ref_of(image, run.tags.build_tag);
      test.test_name = t.test.name;
      test.test_origin = t.origin;
      plan.steps.push_back(std::move(test));
    }
  }
  // 3b. The package manifest of every built image, after the tests.
  const std::string previous =
      previous_package_tag(run.tags.base_tag, run.tags.build_tag, run.tags.moving);
  for (const StackImage& image : stack.images) {
    if (run.packages && built(image.name)) {
      plan.steps.push_back(package_step(facts.docker, image.name,
                                        ref_of(image, run.tags.build_tag), previous,
                                        run.packages_dir));
    }
  }
  if (!run.push) {
    return plan;
  }

  // 4. Writes, only after every test passed (the executor's gate): pushes of
  // the build tag, re-tags of the images that did not change, then every
  // image's moving tags, by PUT of its build tag.
  for (const StackImage& image : stack.images) {
    const Reference target = ref_of(image, run.tags.build_tag);
    if (!run.only.empty() && !built(image.name)) {
      continue;  // a matrix job writes its own build tag only
    }
    if (built(image.name)) {
      const bool own_config =
          std::any_of(facts.logins.begin(), facts.logins.end(),
                      [&](const Login& l) { return l.host == target.name.registry; });
      Step push = docker_step(
          StepKind::k_push,
          push_argv(facts.docker, own_config ? config : std::string(), target.str()), image.name);
      push.target = target;
      push.moving = false;
      plan.steps.push_back(std::move(push));
      if (run.packages) {
        plan.steps.push_back(package_store_step(image.name, target));
      }
    } else {
      Step tag;
      tag.kind = StepKind::k_tag;
      tag.stack_image = image.name;
      tag.source = ref_of(image, run.tags.base_tag);
      tag.target = target;
      tag.moving = false;
      plan.steps.push_back(std::move(tag));
    }
  }
  for (const StackImage& image : stack.images) {
    if (!run.only.empty()) {
      break;  // moving tags wait for the final job (stack-finish)
    }
    const std::size_t before = plan.steps.size();
    add_tag_copies(plan.steps, names.at(image.name), run.tags.build_tag, run.tags.moving);
    for (std::size_t i = before; i < plan.steps.size(); ++i) {
      plan.steps[i].stack_image = image.name;
    }
  }
  order_writes(plan.steps);
  return plan;
}

}  // namespace berth::core
