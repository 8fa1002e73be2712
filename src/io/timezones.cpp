// SPDX-License-Identifier: MIT
#include "io/timezones.hpp"

#include <fstream>
#include <sstream>

#include "core/text.hpp"

namespace berth::io {
namespace {

// An IANA name: "Asia/Tokyo", "America/Argentina/Buenos_Aires", "Etc/GMT+5".
// Nothing that could leave the directory.
bool is_zone_name(std::string_view zone) {
  if (zone.empty() || zone.size() > 64 || zone[0] == '/' || zone.back() == '/') {
    return false;
  }
  for (std::string_view part : core::split(zone, '/')) {
    if (part.empty() || part == "." || part == "..") {
      return false;
    }
  }
  for (char c : zone) {
    if (!(core::is_alnum(c) || c == '/' || c == '_' || c == '-' || c == '+')) {
      return false;
    }
  }
  return true;
}

}  // namespace

ZoneInfoTimeZones::ZoneInfoTimeZones(std::string directory)
    : m_directory(std::move(directory)) {}

std::optional<core::ZoneOffset> ZoneInfoTimeZones::offset(std::string_view zone,
                                                          core::EpochMs t) const {
  if (!is_zone_name(zone)) {
    return std::nullopt;
  }
  auto it = m_cache.find(zone);
  if (it == m_cache.end()) {
    std::optional<core::TzRules> rules;
    std::ifstream file(m_directory + "/" + std::string(zone), std::ios::binary);
    if (file) {
      std::ostringstream bytes;
      bytes << file.rdbuf();
      rules = core::parse_tzif(bytes.str());
    }
    it = m_cache.emplace(std::string(zone), std::move(rules)).first;
  }
  if (!it->second) {
    // The image may lack the files; UTC needs none.
    return core::UtcTimeZones().offset(zone, t);
  }
  return it->second->offset(t);
}

std::string zoneinfo_directory(const std::string& tzdir) {
  return tzdir.empty() ? "/usr/share/zoneinfo" : tzdir;
}

}  // namespace berth::io
