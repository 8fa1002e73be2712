// SPDX-License-Identifier: MIT
#include "io/retrying_http.hpp"

#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

namespace berth::io {
namespace {

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
                                       Notify notify, Sleep sleep, Clock clock)
    : m_inner(inner),
      m_policy(policy),
      m_notify(std::move(notify)),
      m_sleep(sleep ? std::move(sleep)
                    : Sleep([](core::EpochMs ms) {
                        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
                      })),
      m_clock(clock ? std::move(clock) : Clock(wall_clock)),
      m_seed(std::random_device{}()) {}

HttpResponse RetryingHttpClient::send(const HttpRequest& request) {
  const core::EpochMs start = m_clock();
  std::mt19937 rng(m_seed++);
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  for (int attempt = 1;; ++attempt) {
    std::string why;
    std::optional<core::EpochMs> retry_after;
    try {
      HttpResponse response = m_inner.send(request);
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
    const core::EpochMs wait =
        core::retry_delay(m_policy, attempt + 1, jitter(rng), retry_after);
    if (m_clock() + wait - start > m_policy.deadline) {
      throw TransportError(request.method + " " + request.url + " " + why +
                               "; giving up: the retry deadline of " +
                               seconds(m_policy.deadline) + " is reached",
                           false);
    }
    if (m_notify) {
      m_notify(request.method + " " + request.url + " " + why + "; retry " +
               std::to_string(attempt + 1) + " of " + std::to_string(m_policy.max_attempts) +
               " in " + seconds(wait));
    }
    m_sleep(wait);
  }
}

}  // namespace berth::io
