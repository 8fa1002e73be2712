// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace berth::core {

// A zone's offset from UTC at one instant.
struct ZoneOffset {
  int minutes = 0;           // east of UTC: +540 in Asia/Tokyo
  std::string abbreviation;  // "JST", "CEST", "UTC"
};

// The time zone database, as the core sees it: the caller passes one in
// (io/timezones.hpp reads the system's TZif files), so the core reads no file.
class TimeZones {
 public:
  virtual ~TimeZones() = default;
  // Returns the offset of the IANA zone `zone` ("Asia/Tokyo") at `t`, or
  // nothing when the zone is unknown.
  virtual std::optional<ZoneOffset> offset(std::string_view zone, EpochMs t) const = 0;
};

// A database that knows only UTC (UTC, Etc/UTC, GMT, Etc/GMT): the fallback
// when the caller gives none.
class UtcTimeZones : public TimeZones {
 public:
  std::optional<ZoneOffset> offset(std::string_view zone, EpochMs t) const override;
};

}  // namespace berth::core
