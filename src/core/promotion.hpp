// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace berth::core {

// Returns the default promotion target of build tag `source`: its "YYYY.N"
// prefix with "-stable" ("2023.2-a1239a5" gives "2023.2-stable"), whatever
// today's date. Throws Error naming `promote` when `source` has no such prefix.
std::string default_promotion_target(std::string_view source);

// Returns the targets of a promotion: `requested`, or the default target.
std::vector<std::string> promotion_targets(std::string_view source,
                                           const std::vector<std::string>& requested);

}  // namespace berth::core
