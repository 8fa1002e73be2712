// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "core/time_zones.hpp"

namespace berth::core {

// Formats `t`, seen at `offset` from UTC, with a moment.js format string
// (https://momentjs.com/docs/#/displaying/format/, English locale): tokens
// such as YYYY, MM, DD, HH, mm, ss, SSS, Do, dddd, W, Z, X, and the localized
// L/LL/LT forms; [text] and \c are literal. With no `format`, uses moment's
// default: "YYYY-MM-DDTHH:mm:ss[Z]" at UTC, else "YYYY-MM-DDTHH:mm:ssZ".
std::string format_moment(std::optional<std::string_view> format, EpochMs t,
                          const ZoneOffset& offset);

}  // namespace berth::core
