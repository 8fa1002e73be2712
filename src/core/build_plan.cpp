// SPDX-License-Identifier: MIT
#include "core/build_plan.hpp"

#include <algorithm>
#include <set>

#include "core/semver.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

// A release must not move latest, X or X.Y below a higher release already in
// the registry (pushing v1.9.1 after v2.0.1 keeps latest on 2.0.1).
std::vector<HeldBack> held_back(const Inputs& in, const Metadata& m, const BuildFacts& facts) {
  const auto version = parse_semver(m.version());
  const bool rules = uses_metadata_rules(in);
  if (!m.push || !in.monotonic_latest || rules || !version || version->is_prerelease()) {
    return {};
  }
  return held_back_floating_tags(*version, facts.existing_tags);
}

std::vector<std::string> kept_names(const TagSet& tags, const std::vector<HeldBack>& held) {
  std::set<std::string> dropped;
  for (const HeldBack& h : held) {
    dropped.insert(h.tag);
  }
  std::vector<std::string> names;
  for (const std::string& name : tags.names()) {
    if (dropped.count(name) == 0) {
      names.push_back(name);
    }
  }
  return names;
}

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

std::string pushed_tag(const std::vector<std::string>& tag_names) {
  const auto pinned = std::find_if(tag_names.begin(), tag_names.end(),
                                   [](const std::string& t) { return !is_moving_tag(t); });
  return pinned != tag_names.end() ? *pinned : tag_names.front();
}

Plan plan_build(const Inputs& in, const Metadata& m, const BuildFacts& facts) {
  Plan plan;
  plan.dry_run = in.dry_run;
  plan.private_dir = facts.private_dir;
  plan.held_back = held_back(in, m, facts);
  plan.tag_names = kept_names(m.tag_set, plan.held_back);
  const std::string first = pushed_tag(plan.tag_names);

  // 1. Log in, into the private config, where the password may go.
  const std::vector<std::string> login_hosts = m.push ? facts.login_hosts : std::vector<std::string>{};
  const std::string config = login_hosts.empty() ? std::string() : plan.private_dir + "/docker";
  for (const std::string& host : login_hosts) {
    Step login = docker_step(StepKind::k_login, login_argv(facts.docker, config, host, in.username));
    login.secret_input = "password";
    plan.steps.push_back(std::move(login));
  }

  // 2. Build, with every tag of every image.
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
  spec.iidfile = plan.private_dir + "/iid";
  for (const ImageName& image : m.images) {
    for (const std::string& name : plan.tag_names) {
      spec.tags.push_back(tagged(image, name).str());
    }
  }
  const bool multi_platform = in.platforms.size() > 1;
  if (multi_platform) {
    // buildx pushes a multi-platform image itself: one tag per image, the
    // others through the registry API.
    spec.tags.clear();
    for (const ImageName& image : m.images) {
      spec.tags.push_back(tagged(image, first).str());
    }
    spec.push = m.push;
  }
  // With the classic builder: a bare build, then every label and tag in one
  // step (see core::label_dockerfile), then the temporary tag goes.
  const bool label_step = !facts.caps.buildx && !facts.buildkit_requested && !spec.labels.empty() &&
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

  // 3. Push one tag per image; every other tag is one manifest PUT.
  if (m.push) {
    for (const ImageName& image : m.images) {
      if (!multi_platform) {
        const bool own_config = std::find(login_hosts.begin(), login_hosts.end(),
                                          image.registry) != login_hosts.end();
        Step push = docker_step(
            StepKind::k_push,
            push_argv(facts.docker, own_config ? config : std::string(),
                      tagged(image, first).str()));
        push.target = tagged(image, first);
        push.moving = is_moving_tag(first);
        plan.steps.push_back(std::move(push));
      }
      for (const std::string& name : plan.tag_names) {
        if (name == first) {
          continue;
        }
        Step tag;
        tag.kind = StepKind::k_tag;
        tag.target = tagged(image, name);
        tag.source = tagged(image, first);
        tag.moving = is_moving_tag(name);
        plan.steps.push_back(std::move(tag));
      }
    }
  }
  order_writes(plan.steps);
  return plan;
}

}  // namespace berth::core
