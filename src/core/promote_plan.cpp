// SPDX-License-Identifier: MIT
#include "core/promote_plan.hpp"

#include "core/error.hpp"

namespace berth::core {

Plan plan_promotion(const std::vector<ImageName>& images, const std::string& source,
                    const std::vector<std::string>& targets, bool dry_run) {
  Plan plan;
  plan.dry_run = dry_run;
  plan.tag_names = targets;
  for (const std::string& target : targets) {
    if (target == source) {
      throw Error("promote-to: \"" + target + "\" is the source tag itself", "promote-to");
    }
  }
  for (const ImageName& image : images) {
    add_tag_copies(plan.steps, image, source, targets);  // no target is the source (above)
  }
  order_writes(plan.steps);
  return plan;
}

}  // namespace berth::core
