// SPDX-License-Identifier: MIT
#include "core/retry.hpp"

#include <algorithm>
#include <array>

#include "core/text.hpp"

namespace berth::core {
namespace {

std::optional<int> number(std::string_view s) {
  if (s.empty() || s.size() > 9 || !std::all_of(s.begin(), s.end(), is_digit)) {
    return std::nullopt;
  }
  int v = 0;
  for (char c : s) {
    v = v * 10 + (c - '0');
  }
  return v;
}

// IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::optional<EpochMs> parse_http_date(std::string_view s) {
  static constexpr std::array<std::string_view, 12> k_months = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (s.size() != 29 || s[3] != ',' || s.substr(25) != " GMT") {
    return std::nullopt;
  }
  const auto month = std::find(k_months.begin(), k_months.end(), s.substr(8, 3));
  const auto day = number(s.substr(5, 2));
  const auto year = number(s.substr(12, 4));
  const auto hour = number(s.substr(17, 2));
  const auto minute = number(s.substr(20, 2));
  const auto second = number(s.substr(23, 2));
  if (month == k_months.end() || !day || !year || !hour || !minute || !second ||
      s[19] != ':' || s[22] != ':') {
    return std::nullopt;
  }
  return from_civil(CivilTime{*year, static_cast<int>(month - k_months.begin()) + 1, *day,
                              *hour, *minute, *second, 0});
}

}  // namespace

bool is_retryable_status(long status) {
  return status == 408 || status == 429 ||
         (status >= 500 && status <= 599 && status != 501 && status != 505);
}

EpochMs retry_delay(const RetryPolicy& policy, int attempt, double jitter,
                    std::optional<EpochMs> retry_after) {
  EpochMs delay = policy.base_delay;
  for (int i = 2; i < attempt && delay < policy.max_delay; ++i) {
    delay *= 2;
  }
  delay = std::min(delay, policy.max_delay);
  delay = static_cast<EpochMs>(static_cast<double>(delay) * (0.8 + 0.4 * jitter));
  if (retry_after && *retry_after > delay) {
    delay = *retry_after;
  }
  return std::clamp<EpochMs>(delay, 0, policy.max_delay);
}

std::optional<EpochMs> parse_retry_after(std::string_view value, EpochMs now) {
  value = trim(value);
  if (const auto seconds = number(value)) {
    return EpochMs{*seconds} * 1000;
  }
  if (const auto at = parse_http_date(value)) {
    return std::max<EpochMs>(0, *at - now);
  }
  return std::nullopt;
}

}  // namespace berth::core
