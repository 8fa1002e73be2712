// SPDX-License-Identifier: MIT
#include "core/builder_info.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace berth::core {
namespace {

// Splits "Key:   value" at its first colon; false when the line has none.
bool key_value(std::string_view line, std::string_view& key, std::string_view& value) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    return false;
  }
  key = trim(line.substr(0, colon));
  value = trim(line.substr(colon + 1));
  return true;
}

}  // namespace

BuilderInfo parse_buildx_inspect(std::string_view text) {
  BuilderInfo info;
  bool in_nodes = false;
  for (std::string_view line : split(text, '\n')) {
    std::string_view key;
    std::string_view value;
    if (trim(line) == "Nodes:") {
      in_nodes = true;
      continue;
    }
    if (!key_value(line, key, value)) {
      continue;
    }
    if (!in_nodes && key == "Name" && info.name.empty()) {
      info.name = std::string(value);
    } else if (!in_nodes && key == "Driver" && info.driver.empty()) {
      info.driver = std::string(value);
    } else if (in_nodes && key == "Platforms") {
      for (std::string_view item : split(value, ',')) {
        std::string platform(trim(item));
        if (!platform.empty() && platform.back() == '*') {
          platform.pop_back();
        }
        if (!platform.empty() &&
            std::find(info.platforms.begin(), info.platforms.end(), platform) ==
                info.platforms.end()) {
          info.platforms.push_back(std::move(platform));
        }
      }
    }
  }
  return info;
}

ImageStore image_store_of(const DriverStatus& status) {
  for (const auto& [key, value] : status) {
    // moby daemon/containerd: DriverStatus = [["driver-type", "io.containerd.snapshotter.v1"]]
    if (key == "driver-type" && value == "io.containerd.snapshotter.v1") {
      return ImageStore::k_containerd;
    }
  }
  return status.empty() ? ImageStore::k_unknown : ImageStore::k_classic;
}

ImageStore parse_image_store(std::string_view text) {
  DriverStatus status;
  for (std::string_view line : split(text, '\n')) {
    std::string_view key;
    std::string_view value;
    if (key_value(line, key, value)) {
      status.emplace_back(std::string(key), std::string(value));
    }
  }
  return image_store_of(status);
}

const char* image_store_name(ImageStore store) {
  switch (store) {
    case ImageStore::k_classic: return "classic";
    case ImageStore::k_containerd: return "containerd";
    case ImageStore::k_unknown: break;
  }
  return "unknown";
}

}  // namespace berth::core
