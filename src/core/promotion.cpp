// SPDX-License-Identifier: MIT
#include "core/promotion.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace berth::core {

std::string default_promotion_target(std::string_view source) {
  const auto dash = source.find('-');
  const std::string_view prefix = source.substr(0, dash);
  const bool ok =
      dash != std::string_view::npos && dash + 1 < source.size() && is_calver_prefix(prefix);
  if (!ok) {
    throw Error("promote: \"" + std::string(source) +
                    "\" is not a build tag of the form YYYY.Q-<sha>; name the "
                    "target with promote-to",
                "promote");
  }
  if (source.substr(dash + 1) == "stable") {
    throw Error("promote: \"" + std::string(source) + "\" is already a stable tag",
                "promote");
  }
  return std::string(prefix) + "-stable";
}

std::vector<std::string> promotion_targets(std::string_view source,
                                           const std::vector<std::string>& requested) {
  if (!requested.empty()) {
    return requested;
  }
  return {default_promotion_target(source)};
}

}  // namespace berth::core
