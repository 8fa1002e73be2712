// SPDX-License-Identifier: MIT
#include "core/build_plan.hpp"

#include <algorithm>
#include <set>

#include "core/platform.hpp"
#include "core/semver.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

Reference tagged(const ImageName& image, const std::string& tag) {
  return Reference::with_tag(image, tag);
}

Step docker_step(StepKind kind, std::vector<std::string> argv) {
  Step step;
  step.kind = kind;
  step.argv = std::move(argv);
  return step;
}

}  // namespace

std::vector<std::string> login_hosts(bool push, const std::vector<std::string>& push_hosts,
                                     const std::vector<std::string>& pull_hosts,
                                     const std::vector<std::string>& credentialed_hosts) {
  std::vector<std::string> out;
  const auto add = [&](const std::string& host) {
    if (std::find(credentialed_hosts.begin(), credentialed_hosts.end(), host) !=
            credentialed_hosts.end() &&
        std::find(out.begin(), out.end(), host) == out.end()) {
      out.push_back(host);
    }
  };
  if (push) {
    std::for_each(push_hosts.begin(), push_hosts.end(), add);
  }
  std::for_each(pull_hosts.begin(), pull_hosts.end(), add);
  return out;
}

KeptTags keep_monotonic(const Inputs& in, const Metadata& m,
                        const std::vector<std::string>& existing_tags) {
  KeptTags kept;
  const auto version = parse_semver(m.version());
  if (m.push && in.monotonic_latest && !uses_metadata_rules(in) && version &&
      !version->is_prerelease()) {
    kept.held_back = held_back_floating_tags(*version, existing_tags);
  }
  std::set<std::string> dropped;
  for (const HeldBack& h : kept.held_back) {
    dropped.insert(h.tag);
  }
  for (const std::string& name : m.tag_set.names()) {
    if (dropped.count(name) == 0) {
      kept.names.push_back(name);
    }
  }
  return kept;
}

std::string pushed_tag(const std::vector<std::string>& tag_names) {
  const auto pinned = std::find_if(tag_names.begin(), tag_names.end(),
                                   [](const std::string& t) { return !is_moving_tag(t); });
  return pinned != tag_names.end() ? *pinned : tag_names.front();
}

namespace {

// Appends the classic builder's steps: the build (a bare build, then every
// label and tag in one step, when labels would cost one commit each), then
// one `docker push` per image.
void plan_classic(Plan& plan, BuildSpec spec, const Metadata& m, const BuildFacts& facts,
                  const std::vector<std::string>& login_hosts, const std::string& first) {
  const bool label_step = !facts.buildkit_requested && !spec.labels.empty() &&
                          labels_fit_dockerfile(spec.labels);
  if (label_step) {
    plan.temp_tag = "berth-bare:" + facts.run_id;
    BuildSpec bare = spec;
    bare.labels.clear();
    bare.tags = {plan.temp_tag};
    bare.iidfile.clear();
    plan.steps.push_back(docker_step(StepKind::k_build, build_argv(bare, facts.caps)));
    Step label = docker_step(StepKind::k_label, label_argv(spec));
    label.stdin_text = label_dockerfile(plan.temp_tag, spec.labels);
    plan.steps.push_back(std::move(label));
    plan.steps.push_back(docker_step(StepKind::k_untag, untag_argv(facts.docker, plan.temp_tag)));
  } else {
    plan.steps.push_back(docker_step(StepKind::k_build, build_argv(spec, facts.caps)));
  }
  if (!m.push) {
    return;
  }
  for (const ImageName& image : m.images) {
    const bool own_config =
        std::find(login_hosts.begin(), login_hosts.end(), image.registry) != login_hosts.end();
    Step push = docker_step(StepKind::k_push,
                            push_argv(facts.docker, own_config ? spec.config_dir : std::string(),
                                      tagged(image, first).str()));
    push.target = tagged(image, first);
    push.moving = is_moving_tag(first);
    plan.steps.push_back(std::move(push));
  }
}

// Appends one buildx build per platform. Pushing, each pushes its platform
// tag of the first tag, then one index per image joins them under that tag.
void plan_per_platform(Plan& plan, const BuildSpec& spec, const Inputs& in, const Metadata& m,
                       const DockerCapabilities& caps, const std::string& first) {
  for (const std::string& platform : in.platforms) {
    BuildSpec one = spec;
    one.platforms = {platform};
    one.tags.clear();
    one.iidfile.clear();
    one.push = m.push;
    Step build;
    build.kind = StepKind::k_build;
    for (const ImageName& image : m.images) {
      const std::vector<std::string> names =
          m.push ? std::vector<std::string>{first} : plan.tag_names;
      for (const std::string& name : names) {
        one.tags.push_back(tagged(image, platform_tag(name, platform)).str());
        if (m.push) {
          build.parts.push_back(tagged(image, platform_tag(name, platform)));
        }
      }
    }
    if (m.push) {
      one.metadata_file =
          plan.private_dir + "/build-metadata-" + platform_tag("", platform).substr(1) + ".json";
    }
    build.argv = build_argv(one, caps);
    build.secret_env = secret_vars(in.build);
    plan.steps.push_back(std::move(build));
  }
  if (!m.push) {
    return;
  }
  for (const ImageName& image : m.images) {
    Step index;
    index.kind = StepKind::k_index;
    index.target = tagged(image, first);
    index.moving = is_moving_tag(first);
    for (const std::string& platform : in.platforms) {
      index.parts.push_back(tagged(image, platform_tag(first, platform)));
    }
    index.part_platforms = in.platforms;
    plan.steps.push_back(std::move(index));
  }
}

}  // namespace

Plan plan_build(const Inputs& in, const Metadata& m, const BuildFacts& facts) {
  Plan plan;
  plan.dry_run = in.dry_run;
  plan.private_dir = facts.private_dir;
  KeptTags kept = keep_monotonic(in, m, facts.existing_tags);
  plan.held_back = std::move(kept.held_back);
  plan.tag_names = std::move(kept.names);
  const std::string first = pushed_tag(plan.tag_names);
  const BuildChoice choice = choose_build(in, facts.caps, m.push);

  // 1. Log in, into the private config: the registries pushed to (when the
  // run pushes) and pulled from (on every event) that berth has credentials for.
  std::vector<std::string> login_hosts;
  for (const Login& login : facts.logins) {
    login_hosts.push_back(login.host);
  }
  const bool private_config = !login_hosts.empty();
  const std::string config = private_config ? plan.private_dir + "/docker" : std::string();
  if (private_config && facts.caps.buildx) {
    plan.cli_plugin_dirs = facts.cli_plugin_dirs;
  }
  for (const Login& l : facts.logins) {
    Step login = docker_step(StepKind::k_login, login_argv(facts.docker, config, l.host, l.username));
    login.secret_input = l.secret;
    plan.steps.push_back(std::move(login));
  }
  if (choice.private_builder) {
    plan.builder_name = "berth-" + facts.run_id;
    plan.buildx_config = plan.private_dir + "/buildx";
    plan.steps.push_back(docker_step(StepKind::k_builder_create,
                                     builder_create_argv(facts.docker, config, plan.builder_name)));
  }

  // 2. Build, with every label and tag (with buildx, every annotation too).
  BuildSpec spec;
  spec.docker = facts.docker;
  spec.config_dir = config;
  spec.context = in.context;
  spec.dockerfile = in.file;
  spec.target = in.target;
  spec.build_args = in.build_args;
  spec.labels = m.labels;
  spec.platforms = in.platforms;
  spec.cache_from = in.cache_from;
  spec.cache_to = in.cache_to;
  spec.options = in.build;
  spec.builder = choice.private_builder ? plan.builder_name : in.build.builder;
  spec.iidfile = plan.private_dir + "/iid";
  spec.load = choice.load;
  for (const ImageName& image : m.images) {
    for (const std::string& name : plan.tag_names) {
      spec.tags.push_back(tagged(image, name).str());
    }
  }
  Step build;
  build.kind = StepKind::k_build;
  if (choice.mode == BuildMode::k_classic) {
    plan_classic(plan, spec, m, facts, login_hosts, first);
  } else if (choice.mode == BuildMode::k_per_platform) {
    plan_per_platform(plan, spec, in, m, facts.caps, first);
  } else {
    if (m.push) {
      // The build pushes one pinned tag per image itself; every other tag
      // is a manifest PUT below, so nothing moves before the pinned tags.
      spec.tags.clear();
      for (const ImageName& image : m.images) {
        spec.tags.push_back(tagged(image, first).str());
        build.parts.push_back(tagged(image, first));
      }
      spec.push = true;
      spec.metadata_file = plan.private_dir + "/build-metadata.json";
    }
    build.argv = build_argv(spec, facts.caps);
    build.secret_env = secret_vars(in.build);
    plan.steps.push_back(std::move(build));
  }

  // 3. Every other tag is one manifest PUT of the first.
  if (m.push) {
    for (const ImageName& image : m.images) {
      add_tag_copies(plan.steps, image, first, plan.tag_names);
    }
  }
  if (choice.private_builder) {
    plan.steps.push_back(docker_step(StepKind::k_builder_remove,
                                     builder_remove_argv(facts.docker, config, plan.builder_name)));
  }
  order_writes(plan.steps);
  return plan;
}

}  // namespace berth::core
