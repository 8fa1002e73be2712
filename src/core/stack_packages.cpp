// SPDX-License-Identifier: MIT
#include "core/stack_packages.hpp"

#include "core/packages.hpp"

namespace berth::core {

std::string previous_package_tag(const std::string& base_tag, const std::string& build_tag,
                                 const std::vector<std::string>& moving) {
  if (!base_tag.empty()) {
    return base_tag;
  }
  for (const std::string& tag : moving) {
    if (tag != build_tag && !tag.empty()) {
      return tag;
    }
  }
  return {};
}

Step package_step(const std::string& docker, const std::string& stack_image,
                  const Reference& built, const std::string& previous_tag,
                  const std::string& dir) {
  Step step;
  step.kind = StepKind::k_packages;
  step.argv = package_collector_argv(docker, built.str());
  step.stack_image = stack_image;
  step.target = built;
  if (!previous_tag.empty()) {
    step.source = Reference::with_tag(built.name, previous_tag);
  }
  step.dir = dir;
  return step;
}

Step package_store_step(const std::string& stack_image, const Reference& pushed) {
  Step step;
  step.kind = StepKind::k_packages_store;
  step.stack_image = stack_image;
  step.target = pushed;
  return step;
}

std::string describe_package_step(const Step& step) {
  if (step.kind == StepKind::k_packages_store) {
    return "PUT " + step.target.name.registry + "/v2/" + step.target.name.repository +
           "/manifests/<digest>   (the package manifest of " + step.target.str() +
           ", an OCI artifact whose subject it is; the referrers tag too where the registry "
           "lacks the referrers API)";
  }
  // The collector script is long: the plan names it instead of printing it.
  std::string line;
  for (std::size_t i = 0; i < step.argv.size(); ++i) {
    if (i + 1 == step.argv.size() && i > 0 && step.argv[i - 1] == "-c") {
      line += " '<the package collector: dpkg, pip, conda>'";
      break;
    }
    line += (i == 0 ? "" : " ") + step.argv[i];
  }
  return line + "   (the packages of " + step.stack_image + ", after its tests; compared with " +
         (step.source.name.written.empty() ? std::string("nothing: no earlier build known")
                                           : step.source.str() + "'s stored manifest") +
         (step.dir.empty() ? std::string() : "; files into " + step.dir) + ")";
}

}  // namespace berth::core
