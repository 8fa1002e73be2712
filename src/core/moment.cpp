// SPDX-License-Identifier: MIT
#include "core/moment.hpp"

#include <array>
#include <cstdint>
#include <cstdlib>

#include "core/text.hpp"

namespace berth::core {

std::optional<ZoneOffset> UtcTimeZones::offset(std::string_view zone, EpochMs) const {
  if (zone == "UTC" || zone == "Etc/UTC" || zone == "GMT" || zone == "Etc/GMT") {
    return ZoneOffset{0, "UTC"};
  }
  return std::nullopt;
}

namespace {

constexpr std::array<const char*, 12> k_months = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<const char*, 7> k_days = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

// moment's English long date formats, expanded before the other tokens.
constexpr std::array<std::pair<std::string_view, std::string_view>, 10> k_long_formats = {
    {
        {"LTS", "h:mm:ss A"},
        {"LT", "h:mm A"},
        {"LLLL", "dddd, MMMM D, YYYY h:mm A"},
        {"LLL", "MMMM D, YYYY h:mm A"},
        {"LL", "MMMM D, YYYY"},
        {"L", "MM/DD/YYYY"},
        {"llll", "ddd, MMM D, YYYY h:mm A"},
        {"lll", "MMM D, YYYY h:mm A"},
        {"ll", "MMM D, YYYY"},
        {"l", "M/D/YYYY"},
    }};

// Every token, longest first where one is the prefix of another, as
// moment's formattingTokens regular expression tries them.
constexpr std::array<std::string_view, 57> k_tokens = {
    "Hmmss", "Hmm",  "hmmss", "hmm",   "Mo",   "MMMM", "MMM",   "MM",   "M",      "DDDo",
    "Do",    "DDDD", "DDD",   "DD",    "D",    "dddd", "ddd",   "dd",   "do",     "d",
    "wo",    "ww",   "w",     "Wo",    "WW",   "W",    "Qo",    "Q",    "YYYYYY", "YYYYY",
    "YYYY",  "YY",   "Y",     "ggggg", "gggg", "gg",   "GGGGG", "GGGG", "GG",     "e",
    "E",     "a",    "A",     "hh",    "h",    "HH",   "H",     "kk",   "k",      "mm",
    "m",     "ss",   "s",     "x",     "X",    "zz",   "z"};

std::string pad(std::int64_t v, int width) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  if (static_cast<int>(digits.size()) < width) {
    digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
  }
  return (v < 0 ? "-" : "") + digits;
}

std::string ordinal(std::int64_t n) {
  const std::int64_t tens = n % 100;
  const char* suffix = "th";
  if (tens < 11 || tens > 13) {
    switch (n % 10) {
      case 1:
        suffix = "st";
        break;
      case 2:
        suffix = "nd";
        break;
      case 3:
        suffix = "rd";
        break;
      default:
        break;
    }
  }
  return std::to_string(n) + suffix;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int weekday(int y, int m, int d) {  // 0 = Sunday
  const EpochMs t = from_civil(CivilTime{y, m, d, 0, 0, 0, 0});
  const std::int64_t days = t / 86'400'000;
  return static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
}

int day_of_year(const CivilTime& c) {
  return static_cast<int>((from_civil(CivilTime{c.year, c.month, c.day, 0, 0, 0, 0}) -
                           from_civil(CivilTime{c.year, 1, 1, 0, 0, 0, 0})) /
                          86'400'000) +
         1;
}

// Week numbering with weeks starting on `dow` (0 = Sunday) and week 1 being
// the week that holds January `doy_day` (the ISO rule: Monday, January 4th;
// moment's English locale: Sunday, January 1st).
int first_week_offset(int year, int dow, int jan_day) {
  const int fwdlw = (7 + weekday(year, 1, jan_day) - dow) % 7;
  return -fwdlw + jan_day - 1;
}

int weeks_in_year(int year, int dow, int jan_day) {
  const int days = is_leap(year) ? 366 : 365;
  return (days - first_week_offset(year, dow, jan_day) +
          first_week_offset(year + 1, dow, jan_day)) /
         7;
}

struct Week {
  int week;
  int year;
};

Week week_of_year(const CivilTime& c, int dow, int jan_day) {
  const int offset = first_week_offset(c.year, dow, jan_day);
  const int week = (day_of_year(c) - offset - 1 + 7 * 60) / 7 - 60 + 1;
  if (week < 1) {
    return {week + weeks_in_year(c.year - 1, dow, jan_day), c.year - 1};
  }
  if (week > weeks_in_year(c.year, dow, jan_day)) {
    return {week - weeks_in_year(c.year, dow, jan_day), c.year + 1};
  }
  return {week, c.year};
}

std::string zone(int minutes, bool colon) {
  const int a = std::abs(minutes);
  return std::string(minutes < 0 ? "-" : "+") + pad(a / 60, 2) + (colon ? ":" : "") +
         pad(a % 60, 2);
}

std::string render_token(std::string_view tok, EpochMs t, const CivilTime& c,
                         const ZoneOffset& off) {
  const int h12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
  const int dow = weekday(c.year, c.month, c.day);
  if (tok == "Hmmss") return std::to_string(c.hour) + pad(c.minute, 2) + pad(c.second, 2);
  if (tok == "Hmm") return std::to_string(c.hour) + pad(c.minute, 2);
  if (tok == "hmmss") return std::to_string(h12) + pad(c.minute, 2) + pad(c.second, 2);
  if (tok == "hmm") return std::to_string(h12) + pad(c.minute, 2);
  if (tok == "M") return std::to_string(c.month);
  if (tok == "Mo") return ordinal(c.month);
  if (tok == "MM") return pad(c.month, 2);
  if (tok == "MMM") return std::string(k_months[c.month - 1]).substr(0, 3);
  if (tok == "MMMM") return k_months[c.month - 1];
  if (tok == "D") return std::to_string(c.day);
  if (tok == "Do") return ordinal(c.day);
  if (tok == "DD") return pad(c.day, 2);
  if (tok == "DDD") return std::to_string(day_of_year(c));
  if (tok == "DDDo") return ordinal(day_of_year(c));
  if (tok == "DDDD") return pad(day_of_year(c), 3);
  if (tok == "d" || tok == "e") return std::to_string(dow);
  if (tok == "do") return ordinal(dow);
  if (tok == "dd") return std::string(k_days[dow]).substr(0, 2);
  if (tok == "ddd") return std::string(k_days[dow]).substr(0, 3);
  if (tok == "dddd") return k_days[dow];
  if (tok == "E") return std::to_string(dow == 0 ? 7 : dow);
  if (tok[0] == 'w' || tok[0] == 'g') {
    const Week w = week_of_year(c, 0, 1);
    if (tok == "w") return std::to_string(w.week);
    if (tok == "wo") return ordinal(w.week);
    if (tok == "ww") return pad(w.week, 2);
    if (tok == "gg") return pad(w.year % 100, 2);
    return pad(w.year, static_cast<int>(tok.size()));
  }
  if (tok[0] == 'W' || tok[0] == 'G') {
    const Week w = week_of_year(c, 1, 4);
    if (tok == "W") return std::to_string(w.week);
    if (tok == "Wo") return ordinal(w.week);
    if (tok == "WW") return pad(w.week, 2);
    if (tok == "GG") return pad(w.year % 100, 2);
    return pad(w.year, static_cast<int>(tok.size()));
  }
  if (tok == "Q") return std::to_string((c.month - 1) / 3 + 1);
  if (tok == "Qo") return ordinal((c.month - 1) / 3 + 1);
  if (tok == "Y") return c.year <= 9999 ? pad(c.year, 4) : "+" + std::to_string(c.year);
  if (tok == "YY") return pad(c.year % 100, 2);
  if (tok == "YYYY") return pad(c.year, 4);
  if (tok == "YYYYY") return pad(c.year, 5);
  if (tok == "YYYYYY") return (c.year < 0 ? "" : "+") + pad(c.year, 6);
  if (tok == "a") return c.hour < 12 ? "am" : "pm";
  if (tok == "A") return c.hour < 12 ? "AM" : "PM";
  if (tok == "h") return std::to_string(h12);
  if (tok == "hh") return pad(h12, 2);
  if (tok == "H") return std::to_string(c.hour);
  if (tok == "HH") return pad(c.hour, 2);
  if (tok == "k") return std::to_string(c.hour == 0 ? 24 : c.hour);
  if (tok == "kk") return pad(c.hour == 0 ? 24 : c.hour, 2);
  if (tok == "m") return std::to_string(c.minute);
  if (tok == "mm") return pad(c.minute, 2);
  if (tok == "s") return std::to_string(c.second);
  if (tok == "ss") return pad(c.second, 2);
  if (tok[0] == 'S') return (pad(c.millisecond, 3) + "000000").substr(0, tok.size());
  if (tok == "x") return std::to_string(t);
  if (tok == "X") return std::to_string(t >= 0 ? t / 1000 : -((-t + 999) / 1000));
  if (tok == "z" || tok == "zz") return off.abbreviation;
  if (tok == "Z") return zone(off.minutes, true);
  if (tok == "ZZ") return zone(off.minutes, false);
  return std::string(tok);
}

// Expands the localized long formats outside [brackets].
std::string expand_long_formats(std::string_view f) {
  std::string out;
  std::size_t pos = 0;
  while (pos < f.size()) {
    if (f[pos] == '[') {
      const auto end = f.find(']', pos);
      if (end != std::string_view::npos) {
        out += f.substr(pos, end - pos + 1);
        pos = end + 1;
        continue;
      }
    }
    if (f[pos] == '\\' && pos + 1 < f.size()) {
      out += f.substr(pos, 2);
      pos += 2;
      continue;
    }
    bool expanded = false;
    for (const auto& [token, format] : k_long_formats) {
      if (starts_with(f.substr(pos), token)) {
        out += format;
        pos += token.size();
        expanded = true;
        break;
      }
    }
    if (!expanded) {
      out += f[pos++];
    }
  }
  return out;
}

}  // namespace

std::string format_moment(std::optional<std::string_view> format, EpochMs t,
                          const ZoneOffset& offset) {
  std::string f;
  if (format) {
    f = expand_long_formats(*format);
  } else {
    f = offset.minutes == 0 ? "YYYY-MM-DDTHH:mm:ss[Z]" : "YYYY-MM-DDTHH:mm:ssZ";
  }
  const CivilTime c = to_civil(t + static_cast<EpochMs>(offset.minutes) * 60'000);
  std::string out;
  std::size_t pos = 0;
  while (pos < f.size()) {
    const std::string_view rest = std::string_view(f).substr(pos);
    if (rest[0] == '[') {
      const auto end = rest.find(']');
      if (end != std::string_view::npos) {
        out += rest.substr(1, end - 1);
        pos += end + 1;
        continue;
      }
    }
    if (rest[0] == '\\' && rest.size() > 1) {
      out += rest[1];
      pos += 2;
      continue;
    }
    std::string_view token;
    if (rest[0] == 'S') {
      token = rest.substr(0, std::min<std::size_t>(rest.find_first_not_of('S'), 9));
    } else if (rest[0] == 'Z') {
      token = rest.substr(0, starts_with(rest, "ZZ") ? 2 : 1);
    }
    for (std::size_t i = 0; token.empty() && i < k_tokens.size(); ++i) {
      if (starts_with(rest, k_tokens[i])) {
        token = k_tokens[i];
      }
    }
    if (token.empty()) {
      out += rest[0];
      ++pos;
      continue;
    }
    out += render_token(token, t, c, offset);
    pos += token.size();
  }
  return out;
}

}  // namespace berth::core
