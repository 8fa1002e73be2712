// SPDX-License-Identifier: MIT
#include "core/plan.hpp"

#include <algorithm>

#include "core/docker_args.hpp"
#include "core/semver.hpp"
#include "core/stack_packages.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace berth::core {
namespace {

// Returns whether `s` is between `min` and `max` lowercase hex digits.
bool is_hex_run(std::string_view s, std::size_t min, std::size_t max) {
  return s.size() >= min && s.size() <= max &&
         std::all_of(s.begin(), s.end(), [](char c) { return is_hex(c) && !is_upper(c); });
}

// "2023.2-a1239a5": a calendar prefix and a commit.
bool is_calver_build_tag(std::string_view tag) {
  const std::size_t dash = tag.find('-');
  return dash != std::string_view::npos && is_calver_prefix(tag.substr(0, dash)) &&
         is_hex_run(tag.substr(dash + 1), 7, 40);
}

int write_group(const Step& step) {
  switch (step.kind) {
    case StepKind::k_push: return 1;
    case StepKind::k_tag: return step.moving ? 3 : 2;
    case StepKind::k_index: return 2;  // before the tags that copy it
    case StepKind::k_packages_store: return 2;  // after its image's push
    case StepKind::k_builder_remove: return 4;
    default: return 0;
  }
}

}  // namespace

const char* step_kind_name(StepKind kind) {
  switch (kind) {
    case StepKind::k_login: return "login";
    case StepKind::k_build: return "build";
    case StepKind::k_label: return "label";
    case StepKind::k_untag: return "untag";
    case StepKind::k_push: return "push";
    case StepKind::k_tag: return "tag";
    case StepKind::k_builder_create: return "builder-create";
    case StepKind::k_builder_remove: return "builder-remove";
    case StepKind::k_index: return "index";
    case StepKind::k_test: return "test";
    case StepKind::k_packages: return "packages";
    case StepKind::k_packages_store: return "packages-store";
  }
  return "?";
}

bool uses_buildx_config(const Step& step) {
  return step.kind == StepKind::k_builder_create || step.kind == StepKind::k_builder_remove ||
         (step.kind == StepKind::k_build &&
          std::find(step.argv.begin(), step.argv.end(), "buildx") != step.argv.end());
}

bool is_moving_tag(const std::string& tag) {
  // A platform tag ("sha-abc1234-linux-arm64") moves when its base tag does.
  for (const char* os : {"-linux-", "-windows-", "-darwin-", "-freebsd-"}) {
    const std::size_t at = tag.rfind(os);
    if (at != std::string::npos && at > 0 &&
        tag.find_first_of("/.:", at) == std::string::npos) {
      return is_moving_tag(tag.substr(0, at));
    }
  }
  if (starts_with(tag, "sha-") && is_hex_run(std::string_view(tag).substr(4), 7, 64)) {
    return false;
  }
  if (is_hex_run(tag, 40, 64) || is_calver_build_tag(tag)) {
    return false;
  }
  // A full version, with or without a "v": "1.2" and "1" float, "1.2.3" does not.
  const std::string_view version =
      starts_with(tag, "v") ? std::string_view(tag).substr(1) : std::string_view(tag);
  return !parse_semver(version).has_value();
}

std::vector<std::string> shown_argv(const Plan& plan, const std::vector<std::string>& argv) {
  std::vector<std::string> out;
  out.reserve(argv.size());
  for (const std::string& arg : argv) {
    std::string shown = arg;
    const std::string& dir = plan.private_dir;
    if (!dir.empty() && starts_with(shown, dir) &&
        (shown.size() == dir.size() || shown[dir.size()] == '/')) {
      shown = k_private_dir_placeholder + shown.substr(dir.size());
    }
    if (!plan.builder_name.empty() && shown == plan.builder_name) {
      shown = std::string("berth-") + k_run_id_placeholder;
    }
    if (!plan.temp_tag.empty() && shown == plan.temp_tag) {
      shown = shown.substr(0, shown.find(':') + 1) + k_run_id_placeholder;
    }
    out.push_back(std::move(shown));
  }
  return out;
}

std::string describe(const Plan& plan, const Step& step) {
  std::string command = format_argv(shown_argv(plan, step.argv));
  if (!plan.buildx_config.empty() && uses_buildx_config(step)) {
    command = "BUILDX_CONFIG=" + format_argv(shown_argv(plan, {plan.buildx_config})) + " " + command;
  }
  switch (step.kind) {
    case StepKind::k_login:
      return command + "   (" + step.secret_input + " on stdin)";
    case StepKind::k_label:
      return command + "   (on stdin: FROM the bare build, one LABEL instruction; the classic "
                       "builder makes one step of it)";
    case StepKind::k_untag:
      return command + "   (only the temporary tag)";
    case StepKind::k_tag:
      return "PUT " + step.target.name.registry + "/v2/" + step.target.name.repository +
             "/manifests/" + step.target.tag + "   (the manifest of " +
             step.source.str() + ")";
    case StepKind::k_index: {
      std::string parts;
      for (const Reference& part : step.parts) {
        parts += (parts.empty() ? "" : ", ") + part.str();
      }
      return "PUT " + step.target.name.registry + "/v2/" + step.target.name.repository +
             "/manifests/" + step.target.tag + "   (an image index of " + parts + ")";
    }
    case StepKind::k_builder_remove:
      return command + "   (runs even when a step before it failed)";
    case StepKind::k_test:
      return command + "   (test " + step.test_name + " of " + step.stack_image + ", " +
             step.test_origin + "; every test runs, a failure holds back every write)";
    case StepKind::k_packages:
    case StepKind::k_packages_store:
      return describe_package_step(step);
    case StepKind::k_build:
    case StepKind::k_push:
    case StepKind::k_builder_create:
      break;
  }
  return command;
}

void add_tag_copies(std::vector<Step>& steps, const ImageName& image, const std::string& source_tag,
                    const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (name == source_tag) {
      continue;
    }
    Step tag;
    tag.kind = StepKind::k_tag;
    tag.source = Reference::with_tag(image, source_tag);
    tag.target = Reference::with_tag(image, name);
    tag.moving = is_moving_tag(name);
    steps.push_back(std::move(tag));
  }
}

void order_writes(std::vector<Step>& steps) {
  std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) {
    return write_group(a) < write_group(b);
  });
}

}  // namespace berth::core
