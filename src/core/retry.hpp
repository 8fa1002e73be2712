// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string_view>

#include "core/time.hpp"

namespace berth::core {

// How hard berth tries a registry request again.
struct RetryPolicy {
  int max_attempts = 5;        // tries of one request, the first included
  EpochMs base_delay = 500;    // backoff before the second try
  EpochMs max_delay = 15'000;  // cap of one wait (Retry-After included)
  EpochMs deadline = 120'000;  // total time one request may take, waits included
  EpochMs run_deadline = 600'000;  // every request of a run together, waits included; 0 = none
};

// Returns whether a response with `status` is worth another try: 408, 429 and
// 5xx except 501 and 505 (which will not change).
bool is_retryable_status(long status);

// Returns the wait before try `attempt` (2 = the first retry): exponential
// from base_delay, capped, with `jitter` in [0, 1) spreading it by ±20%.
// A Retry-After wait, when given and longer, wins, still capped.
EpochMs retry_delay(const RetryPolicy& policy, int attempt, double jitter,
                    std::optional<EpochMs> retry_after);

// Parses a Retry-After value, in delta seconds ("120") or as an HTTP-date
// ("Wed, 21 Oct 2015 07:28:00 GMT", RFC 9110 §10.2.3), into a wait from
// `now`. Returns nothing when the value is neither.
std::optional<EpochMs> parse_retry_after(std::string_view value, EpochMs now);

}  // namespace berth::core
