// SPDX-License-Identifier: MIT
#include "core/images.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/text.hpp"

namespace berth::core {

std::vector<ImageName> resolve_images(const Inputs& in, const GitHubContext& ctx) {
  std::vector<ImageName> out;
  std::vector<Error> errors;
  const auto add = [&](const ImageName& name) {
    const bool seen = std::any_of(out.begin(), out.end(), [&](const ImageName& o) {
      return o.full() == name.full();
    });
    if (!seen) {
      out.push_back(name);
    }
  };
  if (!in.image_rules.empty()) {
    // docker/metadata-action's syntax, parsed (names included) by
    // parse_inputs: names, one a line or comma-separated on one line, or
    // name=NAME,enable=true|false.
    for (const ImageRule& rule : in.image_rules) {
      if (!rule.enable) {
        continue;
      }
      add(rule.image);
    }
  } else {
    std::string image = in.image.empty() ? to_lower(ctx.repository) : in.image;
    if (image.empty()) {
      errors.emplace_back(
          "image: no image name given and GITHUB_REPOSITORY is not set", "image");
    } else {
      // The registry prefixes the image, unless the image names its own
      // registry in its first component ("localhost:5000/app").
      const std::string_view first = std::string_view(image).substr(0, image.find('/'));
      const bool names_registry = image.find('/') != std::string::npos &&
                                  (first.find_first_of(".:") != std::string_view::npos ||
                                   first == "localhost");
      const std::string full = names_registry ? image : in.registry + "/" + image;
      try {
        ImageName name = parse_image_name(full, "image");
        add(name);
      } catch (const Error& e) {
        errors.emplace_back(std::string("image: ") + e.what(), "image");
      }
    }
  }
  if (!errors.empty()) {
    throw Errors(std::move(errors));
  }
  return out;
}

}  // namespace berth::core
