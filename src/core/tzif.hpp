// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "core/time_zones.hpp"

// The rules of one time zone, read from a TZif file (RFC 8536). The bytes
// are passed in: io/timezones.hpp reads the files.
namespace berth::core {

struct TzRules {
  struct Type {
    int utoff = 0;  // seconds east of UTC
    bool is_dst = false;
    std::string abbreviation;
  };
  std::vector<std::int64_t> transitions;  // UTC seconds, ascending
  std::vector<std::size_t> transition_types;
  std::vector<Type> types;
  std::string footer;  // the POSIX TZ string for times after the last transition

  // Returns the offset at `t`, or nothing when the rules cannot tell.
  std::optional<ZoneOffset> offset(EpochMs t) const;
};

// Parses the content of a TZif file (version 1 to 4; the 64-bit data of
// version 2+ is used). Returns nothing when `bytes` is not one.
std::optional<TzRules> parse_tzif(std::string_view bytes);

// Returns the offset a POSIX TZ string ("CET-1CEST,M3.5.0,M10.5.0/3") gives
// at `t`, or nothing when `tz` is not one.
std::optional<ZoneOffset> posix_tz_offset(std::string_view tz, EpochMs t);

}  // namespace berth::core
