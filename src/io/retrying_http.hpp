// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <string>

#include "core/retry.hpp"
#include "io/http.hpp"

namespace berth::io {

// Tries requests again on transport errors, 408, 429 and 5xx, with bounded
// exponential backoff and jitter, honouring Retry-After, within an overall
// deadline per request. Never retries another 4xx: the caller handles 401.
class RetryingHttpClient : public HttpClient {
 public:
  using Sleep = std::function<void(core::EpochMs)>;
  using Clock = std::function<core::EpochMs()>;
  using Notify = std::function<void(const std::string&)>;

  // `notify` hears one line per retry ("registry answered 503; retry 2 of 5
  // in 1.0 s"). `sleep` and `clock` default to the real ones.
  RetryingHttpClient(HttpClient& inner, core::RetryPolicy policy, Notify notify,
                     Sleep sleep = {}, Clock clock = {});

  HttpResponse send(const HttpRequest& request) override;

 private:
  HttpClient& m_inner;
  core::RetryPolicy m_policy;
  Notify m_notify;
  Sleep m_sleep;
  Clock m_clock;
  unsigned m_seed;
};

}  // namespace berth::io
