// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "core/github.hpp"
#include "core/inputs.hpp"
#include "core/labels.hpp"
#include "core/reference.hpp"
#include "core/scheme.hpp"

namespace berth::core {

// Everything berth derives from the inputs and the context before it touches
// a registry or a daemon: what `berth tags` prints and the action outputs.
struct Metadata {
  std::vector<ImageName> images;
  TagSet tag_set;
  std::vector<std::string> tags;  // Reference::with_tag(image, tag).str(), image by image
  Labels labels;
  bool push = false;              // resolved `push`
  EpochMs created = 0;

  const std::string& version() const { return tag_set.main; }
  // Returns whether "latest" is among the tags.
  bool latest() const;
};

// Computes the metadata of a run. Throws Error/Errors naming the input or the
// GitHub context variable at fault.
Metadata compute_metadata(const Inputs& in, const GitHubContext& ctx, const Clock& clock);

}  // namespace berth::core
