// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/time_zones.hpp"
#include "core/tzif.hpp"

namespace berth::io {

// The system's time zone database: TZif files under $TZDIR, else
// /usr/share/zoneinfo (Debian's tzdata). Files are read once, when first
// asked for.
class ZoneInfoTimeZones : public core::TimeZones {
 public:
  // Reads zones under `directory`.
  explicit ZoneInfoTimeZones(std::string directory);

  // Returns the offset of `zone` at `t`; nothing when the name is not a
  // zone name, or no readable TZif file has it. UTC is known without files.
  std::optional<core::ZoneOffset> offset(std::string_view zone,
                                         core::EpochMs t) const override;

 private:
  std::string m_directory;
  mutable std::map<std::string, std::optional<core::TzRules>, std::less<>> m_cache;
};

// Returns the zoneinfo directory of `tzdir` ($TZDIR): itself when set, else
// /usr/share/zoneinfo.
std::string zoneinfo_directory(const std::string& tzdir);

}  // namespace berth::io
