// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// UTC calendar arithmetic on milliseconds since the Unix epoch. The core never
// reads a clock: callers pass the time in.
namespace berth::core {

using EpochMs = std::int64_t;

struct CivilTime {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int millisecond = 0;
};

// Converts between epoch milliseconds and a UTC calendar time.
CivilTime to_civil(EpochMs t);
EpochMs from_civil(const CivilTime& c);

// Parses an RFC 3339 / ISO 8601 timestamp as GitHub writes them
// ("2023-04-19T11:27:24+02:00", "2023-04-19T09:27:24Z", fractions allowed).
// Returns nothing when `text` is not one.
std::optional<EpochMs> parse_rfc3339(std::string_view text);

// Parses a SOURCE_DATE_EPOCH value (decimal seconds). Returns nothing if bad.
std::optional<EpochMs> parse_epoch_seconds(std::string_view text);

// Formats `t` as "2023-04-19T09:27:24.000Z" (JavaScript's toISOString).
std::string format_iso8601(EpochMs t);

// Returns the calendar quarter prefix of `t` in UTC: "2023.2".
std::string year_quarter(EpochMs t);

// Returns whether `s` is a calendar prefix "YYYY.N": a four-digit year and a
// period number (one or two digits, no leading zero), as calver tags start.
bool is_calver_prefix(std::string_view s);

}  // namespace berth::core
