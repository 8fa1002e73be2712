// SPDX-License-Identifier: MIT
#include "core/metadata.hpp"

#include <algorithm>

#include "core/images.hpp"
#include "core/meta_engine.hpp"

namespace berth::core {

bool Metadata::latest() const {
  const auto names = tag_set.names();
  return tag_set.latest || std::find(names.begin(), names.end(), "latest") != names.end();
}

Metadata compute_metadata(const Inputs& in, const GitHubContext& ctx, const Clock& clock) {
  Metadata m;
  m.images = resolve_images(in, ctx);
  m.tag_set = compute_tags(in, ctx, clock);
  for (const ImageName& image : m.images) {
    for (const std::string& tag : m.tag_set.names()) {
      m.tags.push_back(Reference::with_tag(image, tag).str());
    }
  }
  // created: SOURCE_DATE_EPOCH pins it when set (reproducible builds'
  // convention), else the commit time, else now.
  m.created = clock.source_date_epoch
                  ? *clock.source_date_epoch
                  : ctx.commit_time.value_or(clock.now);
  if (uses_metadata_rules(in)) {
    // metadata-action's labels: its list syntax, global expressions, and
    // the revision of its sha (GITHUB_SHA unless DOCKER_METADATA_PR_HEAD_SHA).
    const MetaContext mctx = make_meta_context(ctx, clock, in.default_branch);
    std::vector<std::string> extra = {"org.opencontainers.image.revision=" + mctx.sha};
    for (std::string& line : render_meta_labels(in, mctx)) {
      extra.push_back(std::move(line));  // the user's lines win
    }
    m.labels = oci_labels(ctx, m.tag_set.main, m.created, extra);
  } else {
    std::vector<std::string> extra;
    for (const ListItem& item : in.labels) {
      extra.push_back(item.text);
    }
    m.labels = oci_labels(ctx, m.tag_set.main, m.created, extra);
  }
  m.push = in.push == PushMode::k_auto ? !is_pull_request(ctx) : in.push == PushMode::k_on;
  return m;
}

}  // namespace berth::core
