// SPDX-License-Identifier: MIT
#include "core/metadata.hpp"

#include <algorithm>

#include "core/images.hpp"

namespace berth::core {

bool Metadata::latest() const {
  const auto names = tag_set.names();
  return std::find(names.begin(), names.end(), "latest") != names.end();
}

Metadata compute_metadata(const Inputs& in, const GitHubContext& ctx, const Clock& clock) {
  Metadata m;
  m.images = resolve_images(in, ctx);
  m.tag_set = compute_tags(in, ctx, clock);
  for (const ImageName& image : m.images) {
    for (const std::string& tag : m.tag_set.names()) {
      m.tags.push_back(image.written + ":" + tag);
    }
  }
  // created: SOURCE_DATE_EPOCH pins it when set (reproducible builds'
  // convention), else the commit time, else now.
  m.created = clock.source_date_epoch
                  ? *clock.source_date_epoch
                  : ctx.commit_time.value_or(clock.now);
  m.labels = oci_labels(ctx, m.tag_set.main, m.created, in.labels);
  m.push = in.push == PushMode::k_auto ? !is_pull_request(ctx) : in.push == PushMode::k_on;
  return m;
}

}  // namespace berth::core
