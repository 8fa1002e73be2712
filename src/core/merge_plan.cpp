// SPDX-License-Identifier: MIT
#include "core/merge_plan.hpp"


#include "core/build_plan.hpp"
#include "core/error.hpp"
#include "core/platform.hpp"

namespace berth::core {

std::vector<std::string> split_tags(const std::string& first_tag,
                                    const std::vector<std::string>& platforms) {
  std::vector<std::string> tags;
  for (const std::string& platform : platforms) {
    tags.push_back(platform_tag(first_tag, platform));
  }
  return tags;
}

Metadata split_part_metadata(const Metadata& m, const std::string& platform) {
  Metadata part = m;
  const std::vector<std::string> names = m.tag_set.names();
  if (names.empty()) {
    return part;
  }
  part.tag_set.main = split_tags(pushed_tag(names), {platform}).front();
  part.tag_set.partials.clear();
  part.tag_set.latest = false;
  part.tags.clear();
  for (const ImageName& image : part.images) {
    part.tags.push_back(Reference::with_tag(image, part.tag_set.main).str());
  }
  return part;
}

Plan plan_merge(const Inputs& in, const Metadata& m, const MergeFacts& facts) {
  Plan plan;
  plan.dry_run = in.dry_run;
  KeptTags kept = keep_monotonic(in, m, facts.existing_tags);
  plan.held_back = std::move(kept.held_back);
  plan.tag_names = std::move(kept.names);
  if (!m.push || plan.tag_names.empty()) {
    return plan;
  }
  const std::string first = pushed_tag(plan.tag_names);
  const std::vector<std::string> parts = split_tags(first, in.platforms);
  for (const ImageName& image : m.images) {
    Step index;
    index.kind = StepKind::k_index;
    index.target = Reference::with_tag(image, first);
    index.moving = is_moving_tag(first);
    for (const std::string& part : parts) {
      index.parts.push_back(Reference::with_tag(image, part));
    }
    index.part_platforms = in.platforms;
    plan.steps.push_back(std::move(index));
    add_tag_copies(plan.steps, image, first, plan.tag_names);
  }
  order_writes(plan.steps);
  return plan;
}

}  // namespace berth::core
