// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <string>

#include "core/retry.hpp"
#include "io/http.hpp"

namespace berth::io {

// Tries requests again on transport errors, 408, 429 and 5xx, with bounded
// exponential backoff and jitter, honouring Retry-After, within an overall
// deadline per request and one for all requests of the client's life (the
// run's time in HTTP, waits included; time between requests is not). Never
// retries another 4xx (the caller handles 401), a body over its limit, or a
// cancelled request. Waits in slices of at most 100 ms and stops waiting as
// soon as a stop is requested.
class RetryingHttpClient : public HttpClient {
 public:
  using Sleep = std::function<void(core::EpochMs)>;
  using Clock = std::function<core::EpochMs()>;
  using Notify = std::function<void(const std::string&)>;
  using Stop = std::function<int()>;

  // `notify` hears one line per retry ("registry answered 503; retry 2 of 5
  // in 1.0 s"). `sleep` and `clock` default to the real ones, `stop` to
  // io::stop_requested.
  RetryingHttpClient(HttpClient& inner, core::RetryPolicy policy, Notify notify,
                     Sleep sleep = {}, Clock clock = {}, Stop stop = {});

  // Sends `request`, again while it may pass. Throws what the inner client
  // throws, TransportError when a deadline is reached, and Cancelled when a
  // stop is requested before an attempt or during a wait.
  HttpResponse send(const HttpRequest& request) override;

 private:
  // Sleeps `ms` in slices; throws Cancelled when a stop is requested.
  void wait(core::EpochMs ms, const std::string& what);
  // Throws TransportError when waiting `wait` more would pass a deadline.
  void check_deadlines(core::EpochMs start, core::EpochMs wait, const std::string& why) const;
  // Returns `request` bounded by what is left of the run's time in HTTP, so
  // that one slow transfer cannot outlast the run's deadline either.
  HttpRequest within_run(const HttpRequest& request, core::EpochMs start) const;

  HttpClient& m_inner;
  core::RetryPolicy m_policy;
  Notify m_notify;
  Sleep m_sleep;
  Clock m_clock;
  Stop m_stop;
  core::EpochMs m_spent = 0;  // in send(), over the client's life
  unsigned m_seed;
};

}  // namespace berth::io
