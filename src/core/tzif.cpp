// SPDX-License-Identifier: MIT
#include "core/tzif.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace berth::core {
namespace {

constexpr std::int64_t k_day = 86'400;

class Reader {
 public:
  explicit Reader(std::string_view s) : m_s(s) {}
  bool has(std::size_t n) const { return m_pos + n <= m_s.size(); }
  std::int64_t be(std::size_t n) {  // a big-endian signed integer of n bytes
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      v = (v << 8) | static_cast<unsigned char>(m_s[m_pos + i]);
    }
    m_pos += n;
    if (n < 8 && (v & (std::uint64_t{1} << (n * 8 - 1))) != 0) {
      v |= ~((std::uint64_t{1} << (n * 8)) - 1);  // sign-extend
    }
    return static_cast<std::int64_t>(v);
  }
  std::string_view take(std::size_t n) {
    const std::string_view out = m_s.substr(m_pos, n);
    m_pos += n;
    return out;
  }
  void skip(std::size_t n) { m_pos += n; }
  std::string_view rest() const { return m_s.substr(m_pos); }

 private:
  std::string_view m_s;
  std::size_t m_pos = 0;
};

struct Counts {
  std::size_t isut, isstd, leap, time, type, chars;
};

std::optional<Counts> header(Reader& r, char& version) {
  if (!r.has(44) || r.take(4) != "TZif") {
    return std::nullopt;
  }
  version = r.take(1)[0];
  r.skip(15);
  Counts c{};
  for (std::size_t* n : {&c.isut, &c.isstd, &c.leap, &c.time, &c.type, &c.chars}) {
    *n = static_cast<std::size_t>(r.be(4));
  }
  return c;
}

std::optional<TzRules> read_block(Reader& r, const Counts& c, std::size_t time_size) {
  const std::size_t size = c.time * time_size + c.time + c.type * 6 + c.chars +
                           c.leap * (time_size + 4) + c.isstd + c.isut;
  if (!r.has(size) || c.type == 0) {
    return std::nullopt;
  }
  TzRules rules;
  for (std::size_t i = 0; i < c.time; ++i) {
    rules.transitions.push_back(r.be(time_size));
  }
  for (std::size_t i = 0; i < c.time; ++i) {
    rules.transition_types.push_back(static_cast<std::size_t>(r.be(1) & 0xff));
  }
  std::vector<std::size_t> desig;
  for (std::size_t i = 0; i < c.type; ++i) {
    TzRules::Type t;
    t.utoff = static_cast<int>(r.be(4));
    t.is_dst = r.be(1) != 0;
    desig.push_back(static_cast<std::size_t>(r.be(1) & 0xff));
    rules.types.push_back(t);
  }
  const std::string_view chars = r.take(c.chars);
  for (std::size_t i = 0; i < c.type; ++i) {
    if (desig[i] >= chars.size()) {
      return std::nullopt;
    }
    const std::string_view a = chars.substr(desig[i]);
    rules.types[i].abbreviation = std::string(a.substr(0, a.find('\0')));
  }
  if (std::any_of(rules.transition_types.begin(), rules.transition_types.end(),
                  [&](std::size_t t) { return t >= c.type; })) {
    return std::nullopt;
  }
  r.skip(c.leap * (time_size + 4) + c.isstd + c.isut);
  return rules;
}

// --- POSIX TZ strings
// (https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/V1_chap08.html)

struct PosixParser {
  std::string_view s;
  std::size_t pos = 0;

  bool name(std::string& out) {
    if (pos < s.size() && s[pos] == '<') {
      const auto end = s.find('>', pos);
      if (end == std::string_view::npos) {
        return false;
      }
      out = std::string(s.substr(pos + 1, end - pos - 1));
      pos = end + 1;
      return true;
    }
    const std::size_t start = pos;
    while (pos < s.size() && (is_lower(s[pos]) || is_upper(s[pos]))) {
      ++pos;
    }
    out = std::string(s.substr(start, pos - start));
    return out.size() >= 3;
  }
  std::optional<int> number() {
    const std::size_t start = pos;
    int v = 0;
    while (pos < s.size() && is_digit(s[pos]) && pos - start < 3) {
      v = v * 10 + (s[pos++] - '0');
    }
    return pos == start ? std::nullopt : std::optional<int>(v);
  }
  // [+-]hh[:mm[:ss]] in seconds.
  std::optional<int> time() {
    int sign = 1;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
      sign = s[pos++] == '-' ? -1 : 1;
    }
    const auto h = number();
    if (!h) {
      return std::nullopt;
    }
    int v = *h * 3600;
    for (int scale : {60, 1}) {
      if (pos < s.size() && s[pos] == ':') {
        ++pos;
        const auto n = number();
        if (!n) {
          return std::nullopt;
        }
        v += *n * scale;
      }
    }
    return sign * v;
  }
  bool eat(char c) {
    if (pos < s.size() && s[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
};

struct PosixDate {
  char kind = 'M';  // 'J': Jn, 'N': n, 'M': Mm.w.d
  int a = 0, b = 0, c = 0;
  int time = 7200;  // seconds after local midnight
};

std::optional<PosixDate> posix_date(PosixParser& p) {
  PosixDate d;
  if (p.eat('J')) {
    d.kind = 'J';
  } else if (p.eat('M')) {
    d.kind = 'M';
  } else {
    d.kind = 'N';
  }
  const auto a = p.number();
  if (!a) {
    return std::nullopt;
  }
  d.a = *a;
  if (d.kind == 'M') {
    if (!p.eat('.')) {
      return std::nullopt;
    }
    const auto b = p.number();
    if (!b || !p.eat('.')) {
      return std::nullopt;
    }
    const auto c = p.number();
    if (!c) {
      return std::nullopt;
    }
    d.b = *b;
    d.c = *c;
    if (d.a < 1 || d.a > 12 || d.b < 1 || d.b > 5 || d.c > 6) {
      return std::nullopt;
    }
  }
  if (p.eat('/')) {
    const auto t = p.time();
    if (!t) {
      return std::nullopt;
    }
    d.time = *t;
  }
  return d;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// The local midnight of `d` in `year`, as seconds since the epoch (local).
std::int64_t date_seconds(const PosixDate& d, int year) {
  const std::int64_t jan1 = from_civil(CivilTime{year, 1, 1, 0, 0, 0, 0}) / 1000;
  if (d.kind == 'J') {  // 1..365, February 29th never counted
    const int day = d.a - 1 + (leap(year) && d.a > 59 ? 1 : 0);
    return jan1 + day * k_day;
  }
  if (d.kind == 'N') {
    return jan1 + d.a * k_day;
  }
  const std::int64_t first = from_civil(CivilTime{year, d.a, 1, 0, 0, 0, 0}) / 1000;
  const int first_weekday =
      static_cast<int>(((first / k_day) % 7 + 11) % 7);  // 0 = Sunday
  int day = 1 + (d.c - first_weekday + 7) % 7 + (d.b - 1) * 7;
  const int month_days =
      static_cast<int>((from_civil(CivilTime{d.a == 12 ? year + 1 : year,
                                             d.a == 12 ? 1 : d.a + 1, 1, 0, 0, 0, 0}) /
                            1000 -
                        first) /
                       k_day);
  while (day > month_days) {
    day -= 7;
  }
  return first + (day - 1) * k_day;
}

}  // namespace

std::optional<ZoneOffset> posix_tz_offset(std::string_view tz, EpochMs t) {
  PosixParser p{tz};
  std::string std_name;
  std::string dst_name;
  if (!p.name(std_name)) {
    return std::nullopt;
  }
  const auto std_off = p.time();  // POSIX counts west of UTC: EST5
  if (!std_off) {
    return std::nullopt;
  }
  const ZoneOffset standard{-*std_off / 60, std_name};
  if (p.pos == tz.size()) {
    return standard;
  }
  if (!p.name(dst_name)) {
    return std::nullopt;
  }
  int dst_off = *std_off - 3600;
  if (p.pos < tz.size() && p.s[p.pos] != ',') {
    const auto o = p.time();
    if (!o) {
      return std::nullopt;
    }
    dst_off = *o;
  }
  PosixDate start{'M', 3, 2, 0, 7200};  // the US rules when none are given
  PosixDate end{'M', 11, 1, 0, 7200};
  if (p.eat(',')) {
    const auto s = posix_date(p);
    if (!s || !p.eat(',')) {
      return std::nullopt;
    }
    const auto e = posix_date(p);
    if (!e) {
      return std::nullopt;
    }
    start = *s;
    end = *e;
  }
  if (p.pos != tz.size()) {
    return std::nullopt;
  }
  const ZoneOffset daylight{-dst_off / 60, dst_name};
  const std::int64_t secs = t >= 0 ? t / 1000 : -((-t + 999) / 1000);
  const int year = to_civil(t - static_cast<EpochMs>(*std_off) * 1000).year;
  // Transitions happen at local wall time: the start in standard time, the
  // end in daylight time.
  const std::int64_t dst_start = date_seconds(start, year) + start.time + *std_off;
  const std::int64_t dst_end = date_seconds(end, year) + end.time + dst_off;
  const bool in_dst = dst_start < dst_end ? secs >= dst_start && secs < dst_end
                                          : secs >= dst_start || secs < dst_end;
  return in_dst ? daylight : standard;
}

std::optional<ZoneOffset> TzRules::offset(EpochMs t) const {
  const std::int64_t secs = t >= 0 ? t / 1000 : -((-t + 999) / 1000);
  if (!transitions.empty() && secs >= transitions.back() && !footer.empty()) {
    if (auto o = posix_tz_offset(footer, t)) {
      return o;
    }
  }
  std::size_t type = 0;  // RFC 8536: before the first transition, type 0
  const auto it = std::upper_bound(transitions.begin(), transitions.end(), secs);
  if (it != transitions.begin()) {
    type = transition_types[static_cast<std::size_t>(it - transitions.begin()) - 1];
  } else if (transitions.empty() && !footer.empty()) {
    if (auto o = posix_tz_offset(footer, t)) {
      return o;
    }
  }
  if (type >= types.size()) {
    return std::nullopt;
  }
  return ZoneOffset{types[type].utoff / 60, types[type].abbreviation};
}

std::optional<TzRules> parse_tzif(std::string_view bytes) {
  Reader r(bytes);
  char version = 0;
  const auto v1 = header(r, version);
  if (!v1) {
    return std::nullopt;
  }
  if (version == '\0') {
    return read_block(r, *v1, 4);
  }
  // Version 2+: skip the 32-bit block, read the 64-bit one and the footer.
  const std::size_t v1_size =
      v1->time * 5 + v1->type * 6 + v1->chars + v1->leap * 8 + v1->isstd + v1->isut;
  if (!r.has(v1_size)) {
    return std::nullopt;
  }
  r.skip(v1_size);
  char version2 = 0;
  const auto v2 = header(r, version2);
  if (!v2) {
    return std::nullopt;
  }
  auto rules = read_block(r, *v2, 8);
  if (!rules) {
    return std::nullopt;
  }
  const std::string_view rest = r.rest();
  if (rest.size() >= 2 && rest[0] == '\n') {
    rules->footer = std::string(rest.substr(1, rest.find('\n', 1) - 1));
  }
  return rules;
}

}  // namespace berth::core
