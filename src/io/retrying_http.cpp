// SPDX-License-Identifier: MIT
#include "io/retrying_http.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

#include "io/process.hpp"

namespace berth::io {
namespace {

// The longest a wait goes without looking for a stop request.
constexpr core::EpochMs k_wait_slice = 100;

core::EpochMs wall_clock() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string seconds(core::EpochMs ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms) / 1000.0);
  return buf;
}

}  // namespace

RetryingHttpClient::RetryingHttpClient(HttpClient& inner, core::RetryPolicy policy,
                                       Notify notify, Sleep sleep, Clock clock, Stop stop)
    : m_inner(inner),
      m_policy(policy),
      m_notify(std::move(notify)),
      m_sleep(sleep ? std::move(sleep)
                    : Sleep([](core::EpochMs ms) {
                        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
                      })),
      m_clock(clock ? std::move(clock) : Clock(wall_clock)),
      m_stop(stop ? std::move(stop) : Stop(stop_requested)),
      m_seed(std::random_device{}()) {}

void RetryingHttpClient::wait(core::EpochMs ms, const std::string& what) {
  while (true) {
    if (const int sig = m_stop()) {
      throw Cancelled(sig, "while waiting to retry " + what);
    }
    if (ms <= 0) {
      return;
    }
    const core::EpochMs slice = std::min(ms, k_wait_slice);
    m_sleep(slice);
    ms -= slice;
  }
}

void RetryingHttpClient::check_deadlines(core::EpochMs start, core::EpochMs wait,
                                         const std::string& why) const {
  const core::EpochMs after = m_clock() + wait;
  if (after - start > m_policy.deadline) {
    throw TransportError(why + "; giving up: the retry deadline of " +
                             seconds(m_policy.deadline) + " is reached",
                         false);
  }
  if (m_policy.run_deadline > 0 && m_spent + (after - start) > m_policy.run_deadline) {
    throw TransportError(why + "; giving up: the run's deadline of " +
                             seconds(m_policy.run_deadline) + " is reached",
                         false);
  }
}

HttpRequest RetryingHttpClient::within_run(const HttpRequest& request,
                                           core::EpochMs start) const {
  HttpRequest bounded = request;
  if (m_policy.run_deadline > 0) {
    // check_deadlines has made sure some time is left.
    bounded.timeout_ms = static_cast<long>(
        std::max<core::EpochMs>(1, m_policy.run_deadline - m_spent - (m_clock() - start)));
  }
  return bounded;
}

HttpResponse RetryingHttpClient::send(const HttpRequest& request) {
  const std::string what = request.method + " " + request.url;
  const core::EpochMs start = m_clock();
  // Adds the time this request took to the run's, however it ends.
  struct Spent {
    RetryingHttpClient& self;
    core::EpochMs start;
    ~Spent() { self.m_spent += self.m_clock() - start; }
  } spent{*this, start};
  std::mt19937 rng(m_seed++);
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  check_deadlines(start, 0, what);
  for (int attempt = 1;; ++attempt) {
    if (const int sig = m_stop()) {
      throw Cancelled(sig, "before " + what);
    }
    std::string why;
    std::optional<core::EpochMs> retry_after;
    try {
      HttpResponse response = m_inner.send(within_run(request, start));
      if (!core::is_retryable_status(response.status)) {
        return response;
      }
      why = "answered " + std::to_string(response.status);
      retry_after = core::parse_retry_after(response.header("retry-after"), m_clock());
      if (attempt >= m_policy.max_attempts) {
        return response;  // the caller reports the final status
      }
    } catch (const TransportError& e) {
      if (!e.retryable() || attempt >= m_policy.max_attempts) {
        throw;
      }
      why = "failed (" + std::string(e.what()) + ")";
    }
    const core::EpochMs delay =
        core::retry_delay(m_policy, attempt + 1, jitter(rng), retry_after);
    check_deadlines(start, delay, what + " " + why);
    if (m_notify) {
      m_notify(what + " " + why + "; retry " + std::to_string(attempt + 1) + " of " +
               std::to_string(m_policy.max_attempts) + " in " + seconds(delay));
    }
    wait(delay, what);
  }
}

}  // namespace berth::io
