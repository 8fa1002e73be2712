// SPDX-License-Identifier: MIT
#include "core/time.hpp"

#include <algorithm>
#include <cstdio>

#include "core/text.hpp"

namespace berth::core {
namespace {

constexpr std::int64_t k_ms_per_day = 86'400'000;

// Days since 1970-01-01 of a proleptic Gregorian date, by counting in 400-year
// eras that start on March 1st (so the leap day ends each era's year).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) {
    return std::nullopt;
  }
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!is_digit(s[i])) {
      return std::nullopt;
    }
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

CivilTime to_civil(EpochMs t) {
  std::int64_t days = t / k_ms_per_day;
  std::int64_t ms = t % k_ms_per_day;
  if (ms < 0) {
    ms += k_ms_per_day;
    --days;
  }
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  CivilTime c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2 ? 1 : 0));
  c.hour = static_cast<int>(ms / 3'600'000);
  c.minute = static_cast<int>(ms / 60'000 % 60);
  c.second = static_cast<int>(ms / 1000 % 60);
  c.millisecond = static_cast<int>(ms % 1000);
  return c;
}

EpochMs from_civil(const CivilTime& c) {
  return days_from_civil(c.year, c.month, c.day) * k_ms_per_day +
         ((c.hour * 60LL + c.minute) * 60 + c.second) * 1000 + c.millisecond;
}

std::optional<EpochMs> parse_rfc3339(std::string_view s) {
  s = trim(s);
  // YYYY-MM-DDTHH:MM:SS
  const auto y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2),
             h = digits(s, 11, 2), mi = digits(s, 14, 2), se = digits(s, 17, 2);
  if (!y || !mo || !d || !h || !mi || !se || s[4] != '-' || s[7] != '-' ||
      (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' ||
      s[16] != ':') {
    return std::nullopt;
  }
  if (*mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *h > 23 || *mi > 59 ||
      *se > 60) {
    return std::nullopt;
  }
  CivilTime c{*y, *mo, *d, *h, *mi, *se, 0};
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int scale = 100;
    const std::size_t start = pos;
    while (pos < s.size() && is_digit(s[pos])) {
      c.millisecond += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) {
      return std::nullopt;
    }
  }
  EpochMs t = from_civil(c);
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
    return t;
  }
  if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
    const auto oh = digits(s, pos + 1, 2), om = digits(s, pos + 4, 2);
    if (!oh || !om || *oh > 23 || *om > 59) {
      return std::nullopt;
    }
    const EpochMs offset = (*oh * 60LL + *om) * 60'000;
    return s[pos] == '+' ? t - offset : t + offset;
  }
  return std::nullopt;
}

std::optional<EpochMs> parse_epoch_seconds(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 12) {
    return std::nullopt;
  }
  EpochMs v = 0;
  for (char c : text) {
    if (!is_digit(c)) {
      return std::nullopt;
    }
    v = v * 10 + (c - '0');
  }
  return v * 1000;
}

std::string format_iso8601(EpochMs t) {
  const CivilTime c = to_civil(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year,
                c.month, c.day, c.hour, c.minute, c.second, c.millisecond);
  return buf;
}

bool is_calver_prefix(std::string_view s) {
  const auto dot = s.find('.');
  if (dot != 4 || s.size() < 6 || s.size() > 7) {
    return false;
  }
  const std::string_view year = s.substr(0, 4);
  const std::string_view period = s.substr(5);
  return std::all_of(year.begin(), year.end(), is_digit) &&
         std::all_of(period.begin(), period.end(), is_digit) && period[0] != '0';
}

std::string year_quarter(EpochMs t) {
  const CivilTime c = to_civil(t);
  return std::to_string(c.year) + "." + std::to_string((c.month - 1) / 3 + 1);
}

}  // namespace berth::core
