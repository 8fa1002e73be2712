// SPDX-License-Identifier: MIT
#include "core/version_order.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "core/pep440.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

// dpkg's order of a character in a non-digit part: '~' first (before even the
// end of the part), then the end and digits, then letters, then the rest.
int debian_order(char c) {
  if (is_digit(c)) {
    return 0;
  }
  if (is_lower(c) || is_upper(c)) {
    return static_cast<unsigned char>(c);
  }
  if (c == '~') {
    return -1;
  }
  return c != 0 ? static_cast<unsigned char>(c) + 256 : 0;
}

// dpkg's verrevcmp (lib/dpkg/version.c), over string_views.
int verrevcmp(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  auto at = [](std::string_view s, std::size_t k) { return k < s.size() ? s[k] : '\0'; };
  while (i < a.size() || j < b.size()) {
    int first_diff = 0;
    while ((i < a.size() && !is_digit(a[i])) || (j < b.size() && !is_digit(b[j]))) {
      const int ac = debian_order(at(a, i));
      const int bc = debian_order(at(b, j));
      if (ac != bc) {
        return ac - bc;
      }
      ++i;
      ++j;
    }
    while (at(a, i) == '0') {
      ++i;
    }
    while (at(b, j) == '0') {
      ++j;
    }
    while (is_digit(at(a, i)) && is_digit(at(b, j))) {
      if (first_diff == 0) {
        first_diff = a[i] - b[j];
      }
      ++i;
      ++j;
    }
    if (is_digit(at(a, i))) {
      return 1;
    }
    if (is_digit(at(b, j))) {
      return -1;
    }
    if (first_diff != 0) {
      return first_diff;
    }
  }
  return 0;
}

struct DebianVersion {
  std::uint64_t epoch = 0;
  std::string_view upstream;
  std::string_view revision;
};

DebianVersion split_debian(std::string_view v) {
  DebianVersion out;
  if (const auto colon = v.find(':'); colon != std::string_view::npos) {
    for (const char c : v.substr(0, colon)) {
      if (!is_digit(c)) {
        out.epoch = 0;
        break;
      }
      out.epoch = out.epoch * 10 + static_cast<std::uint64_t>(c - '0');
    }
    v = v.substr(colon + 1);
  }
  if (const auto dash = v.rfind('-'); dash != std::string_view::npos) {
    out.revision = v.substr(dash + 1);
    v = v.substr(0, dash);
  }
  out.upstream = v;
  return out;
}

int sign(long long x) { return x < 0 ? -1 : (x > 0 ? 1 : 0); }

template <typename T>
int compare_numbers(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// PEP 440's sort keys: a dev release with no pre- or post-release sorts
// before any pre-release of its release; no pre-release sorts after them.
int pre_rank(const Pep440& v) {
  if (v.pre_label.empty()) {
    return (!v.post && v.dev) ? -1 : 3;
  }
  return v.pre_label == "a" ? 0 : (v.pre_label == "b" ? 1 : 2);
}

int compare_local(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) {
    return compare_numbers(!a.empty(), !b.empty());
  }
  const auto as = split(a, '.');
  const auto bs = split(b, '.');
  for (std::size_t i = 0; i < as.size() && i < bs.size(); ++i) {
    const bool an =
        !as[i].empty() && as[i].find_first_not_of("0123456789") == std::string::npos;
    const bool bn =
        !bs[i].empty() && bs[i].find_first_not_of("0123456789") == std::string::npos;
    if (an != bn) {
      return an ? 1 : -1;  // numeric segments sort after alphanumeric ones
    }
    int c = 0;
    if (an) {
      const auto at = as[i].find_first_not_of('0');
      const auto bt = bs[i].find_first_not_of('0');
      const std::string_view x = at == std::string_view::npos ? "" : as[i].substr(at);
      const std::string_view y = bt == std::string_view::npos ? "" : bs[i].substr(bt);
      c = x.size() != y.size() ? compare_numbers(x.size(), y.size()) : sign(x.compare(y));
    } else {
      c = sign(as[i].compare(bs[i]));
    }
    if (c != 0) {
      return c;
    }
  }
  return compare_numbers(as.size(), bs.size());
}

// A conda version part: a number, or letters (lower case).
struct CondaPart {
  bool number = true;
  std::uint64_t value = 0;
  std::string text;
};

std::vector<CondaPart> conda_parts(std::string_view v) {
  std::vector<CondaPart> parts;
  std::size_t i = 0;
  while (i < v.size()) {
    if (is_digit(v[i])) {
      CondaPart p;
      for (; i < v.size() && is_digit(v[i]); ++i) {
        p.value = p.value * 10 + static_cast<std::uint64_t>(v[i] - '0');
      }
      parts.push_back(p);
    } else if (is_lower(v[i]) || is_upper(v[i])) {
      CondaPart p;
      p.number = false;
      for (; i < v.size() && (is_lower(v[i]) || is_upper(v[i])); ++i) {
        p.text += static_cast<char>(is_upper(v[i]) ? v[i] - 'A' + 'a' : v[i]);
      }
      parts.push_back(p);
    } else {
      ++i;  // a separator
    }
  }
  return parts;
}

// dev < other letters < numbers < post
int conda_rank(const CondaPart& p) {
  if (p.number) {
    return 2;
  }
  return p.text == "dev" ? 0 : (p.text == "post" ? 3 : 1);
}

}  // namespace

int compare_debian_versions(std::string_view a, std::string_view b) {
  const DebianVersion x = split_debian(a);
  const DebianVersion y = split_debian(b);
  if (x.epoch != y.epoch) {
    return compare_numbers(x.epoch, y.epoch);
  }
  if (const int c = verrevcmp(x.upstream, y.upstream); c != 0) {
    return sign(c);
  }
  return sign(verrevcmp(x.revision, y.revision));
}

std::optional<int> compare_pep440_versions(std::string_view a, std::string_view b) {
  const auto x = parse_pep440(a);
  const auto y = parse_pep440(b);
  if (!x || !y) {
    return std::nullopt;
  }
  if (x->epoch != y->epoch) {
    return compare_numbers(x->epoch, y->epoch);
  }
  const std::size_t n = std::max(x->release.size(), y->release.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (x->part(i) != y->part(i)) {
      return compare_numbers(x->part(i), y->part(i));
    }
  }
  if (const int c = compare_numbers(pre_rank(*x), pre_rank(*y)); c != 0) {
    return c;
  }
  if (!x->pre_label.empty() && x->pre_number != y->pre_number) {
    return compare_numbers(x->pre_number, y->pre_number);
  }
  if (x->post != y->post) {
    return !x->post ? -1 : (!y->post ? 1 : compare_numbers(*x->post, *y->post));
  }
  if (x->dev != y->dev) {
    return !x->dev ? 1 : (!y->dev ? -1 : compare_numbers(*x->dev, *y->dev));
  }
  return compare_local(x->local, y->local);
}

int compare_conda_versions(std::string_view a, std::string_view b) {
  const auto x = conda_parts(a);
  const auto y = conda_parts(b);
  const CondaPart zero;
  for (std::size_t i = 0; i < x.size() || i < y.size(); ++i) {
    const CondaPart& p = i < x.size() ? x[i] : zero;
    const CondaPart& q = i < y.size() ? y[i] : zero;
    if (const int c = compare_numbers(conda_rank(p), conda_rank(q)); c != 0) {
      return c;
    }
    const int c =
        p.number ? compare_numbers(p.value, q.value) : sign(p.text.compare(q.text));
    if (c != 0) {
      return c;
    }
  }
  return 0;
}

}  // namespace berth::core
