// SPDX-License-Identifier: MIT
// The `flavor` and `images` inputs of metadata-action's rule language
// (declared in core/meta_rules.hpp); the `tags` rules are in meta_rules.cpp.
#include <algorithm>

#include "core/meta_fields.hpp"
#include "core/meta_rules.hpp"
#include "core/text.hpp"

namespace berth::core {

Flavor parse_flavor(const std::vector<ListItem>& items) {
  Flavor flavor;
  for (const ListItem& item : items) {
    bool* onlatest_for = nullptr;  // onlatest applies to the prefix or suffix before it
    for (const std::string& field : fields_of(item, "flavor")) {
      const auto [key, value] = split_field(field);
      if (key.empty()) {
        fail_item("flavor", item, "\"" + value + "\" is not key=value");
      }
      if (key == "latest") {
        if (value != "auto" && value != "true" && value != "false") {
          fail_item("flavor", item, "latest=" + value + " is not auto, true or false");
        }
        flavor.latest = value == "auto"   ? LatestMode::k_auto
                        : value == "true" ? LatestMode::k_true
                                          : LatestMode::k_false;
      } else if (key == "prefix" || key == "suffix") {
        check_template("flavor", item, key, value, TemplateScope::k_global);
        (key == "prefix" ? flavor.prefix : flavor.suffix) = value;
        onlatest_for = key == "prefix" ? &flavor.prefix_latest : &flavor.suffix_latest;
      } else if (key == "onlatest") {
        if (!is_true_or_false(value)) {
          fail_item("flavor", item, "onlatest=" + value + " is not true or false");
        }
        if (onlatest_for == nullptr) {
          fail_item("flavor", item,
                    "onlatest must follow prefix= or suffix= on the same line");
        }
        *onlatest_for = value == "true";
      } else {
        fail_item(
            "flavor", item,
            "unknown key \"" + key + "\" (known: latest, prefix, suffix, onlatest)");
      }
    }
  }
  return flavor;
}

Flavor parse_flavor_input(std::string_view text) {
  return parse_flavor(split_list_input(text, "flavor", true));
}

std::vector<ImageRule> parse_image_rules(const std::vector<ListItem>& items) {
  std::vector<ImageRule> images;
  if (items.size() == 1) {
    // The legacy form: one line of comma-separated names.
    const std::vector<std::string> fields = fields_of(items.front(), "images");
    const bool legacy = std::none_of(
        fields.begin(), fields.end(),
        [](const std::string& f) { return f.find('=') != std::string::npos; });
    if (legacy) {
      for (const std::string& f : fields) {
        images.push_back({std::string(trim(f)), true, items.front().line, {}});
      }
      return images;
    }
  }
  for (const ListItem& item : items) {
    ImageRule image;
    image.line = item.line;
    bool named = false;
    for (const std::string& field : fields_of(item, "images")) {
      const auto [key, value] = split_field(field);
      if (key.empty() || key == "name") {
        if (named) {
          fail_item("images", item, "names two images; write one image per line");
        }
        image.name = value;
        named = true;
      } else if (key == "enable") {
        if (!is_true_or_false(value)) {
          fail_item("images", item, "enable=" + value + " is not true or false");
        }
        image.enable = value == "true";
      } else {
        fail_item("images", item,
                  "unknown attribute \"" + key + "\" (known: name, enable)");
      }
    }
    if (image.name.empty()) {
      fail_item("images", item, "the image name is empty");
    }
    images.push_back(std::move(image));
  }
  return images;
}

std::vector<ImageRule> parse_images_input(std::string_view text) {
  return parse_image_rules(split_list_input(text, "images", true));
}

}  // namespace berth::core
