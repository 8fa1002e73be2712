// SPDX-License-Identifier: MIT
// io::RetryingHttpClient over a scripted fake client, with an injected clock
// and sleep: which answers are tried again, how long it waits, when it stops.
#include "io/retrying_http.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace berth::io {
namespace {

// Answers from a script, in order; each step returns a response or throws.
// Every answer takes `m_latency` of fake time.
class ScriptedHttpClient : public HttpClient {
 public:
  using Step = std::function<HttpResponse()>;

  explicit ScriptedHttpClient(core::EpochMs& now) : m_now(now) {}

  ScriptedHttpClient& status(long code, Headers headers = {}) {
    m_script.push_back([code, headers] {
      HttpResponse r;
      r.status = code;
      r.headers = headers;
      return r;
    });
    return *this;
  }
  ScriptedHttpClient& transport_error(bool retryable) {
    m_script.push_back([retryable]() -> HttpResponse {
      throw TransportError("connection reset by peer", retryable);
    });
    return *this;
  }
  // Answers `code` to every request after the script runs out.
  void forever(long code, Headers headers = {}) {
    m_forever = [code, headers] {
      HttpResponse r;
      r.status = code;
      r.headers = headers;
      return r;
    };
  }
  void forever_transport_error() {
    m_forever = []() -> HttpResponse { throw TransportError("connection refused", true); };
  }
  void latency(core::EpochMs ms) { m_latency = ms; }

  HttpResponse send(const HttpRequest& request) override {
    m_timeouts.push_back(request.timeout_ms);
    ++m_calls;
    m_now += m_latency;
    if (m_script.empty()) {
      if (!m_forever) {
        ADD_FAILURE() << "request " << m_calls << " past the end of the script";
        throw TransportError("script exhausted", false);
      }
      return m_forever();
    }
    Step step = std::move(m_script.front());
    m_script.pop_front();
    return step();
  }

  int calls() const { return m_calls; }
  // The timeout each request carried (0: none).
  const std::vector<long>& timeouts() const { return m_timeouts; }

 private:
  core::EpochMs& m_now;
  std::deque<Step> m_script;
  Step m_forever;
  core::EpochMs m_latency = 0;
  int m_calls = 0;
  std::vector<long> m_timeouts;
};

class RetryingHttpTest : public ::testing::Test {
 protected:
  RetryingHttpClient make(core::RetryPolicy policy, HttpClient* inner = nullptr) {
    // A wait follows each note; m_waits sums the slices of each wait.
    return RetryingHttpClient(
        inner != nullptr ? *inner : m_inner, policy,
        [this](const std::string& line) {
          m_notes.push_back(line);
          m_waits.push_back(0);
        },
        [this](core::EpochMs ms) {
          m_slices.push_back(ms);
          m_waits.back() += ms;
          m_now += ms;
        },
        [this] { return m_now; }, [this] { return m_stop ? m_stop() : 0; });
  }

  static HttpRequest request() { return {"PUT", "http://registry.test/v2/a/manifests/t", {}, "{}"}; }

  // 2024-01-01T00:00:00Z, so that HTTP-dates can be written by hand.
  core::EpochMs m_now = core::from_civil({2024, 1, 1, 0, 0, 0, 0});
  ScriptedHttpClient m_inner{m_now};
  std::vector<core::EpochMs> m_waits;
  std::vector<core::EpochMs> m_slices;
  std::vector<std::string> m_notes;
  std::function<int()> m_stop;
};

TEST_F(RetryingHttpTest, RetriesServerErrorsUntilAnAnswer) {
  for (long code : {500L, 502L, 503L, 504L, 408L}) {
    SCOPED_TRACE(code);
    ScriptedHttpClient inner(m_now);
    m_waits.clear();
    m_notes.clear();
    inner.status(code).status(code).status(201);
    RetryingHttpClient client = make({}, &inner);
    EXPECT_EQ(client.send(request()).status, 201);
    EXPECT_EQ(inner.calls(), 3);
    EXPECT_EQ(m_waits.size(), 2u);
    EXPECT_EQ(m_notes.size(), 2u);
  }
}

TEST_F(RetryingHttpTest, RetriesRetryableTransportErrors) {
  m_inner.transport_error(true).transport_error(true).status(200);
  RetryingHttpClient client = make({});
  EXPECT_EQ(client.send(request()).status, 200);
  EXPECT_EQ(m_inner.calls(), 3);
  ASSERT_EQ(m_notes.size(), 2u);
  EXPECT_NE(m_notes[0].find("failed (connection reset by peer)"), std::string::npos)
      << m_notes[0];
}

TEST_F(RetryingHttpTest, NeverRetriesATransportErrorThatWillNotPass) {
  m_inner.transport_error(false);
  RetryingHttpClient client = make({});
  EXPECT_THROW(client.send(request()), TransportError);
  EXPECT_EQ(m_inner.calls(), 1);
  EXPECT_TRUE(m_waits.empty());
  EXPECT_TRUE(m_notes.empty());
}

TEST_F(RetryingHttpTest, NeverRetriesOtherClientErrorsOrFinalServerErrors) {
  for (long code : {200L, 201L, 202L, 307L, 400L, 401L, 403L, 404L, 405L, 409L, 412L, 501L,
                    505L}) {
    SCOPED_TRACE(code);
    ScriptedHttpClient inner(m_now);
    inner.status(code);
    RetryingHttpClient client = make({}, &inner);
    EXPECT_EQ(client.send(request()).status, code);
    EXPECT_EQ(inner.calls(), 1);
    EXPECT_TRUE(m_waits.empty());
    EXPECT_TRUE(m_notes.empty());
  }
}

TEST_F(RetryingHttpTest, HonoursRetryAfterInSeconds) {
  m_inner.status(429, {{"retry-after", "3"}}).status(200);
  RetryingHttpClient client = make({});
  EXPECT_EQ(client.send(request()).status, 200);
  EXPECT_EQ(m_waits, std::vector<core::EpochMs>{3000});
  ASSERT_EQ(m_notes.size(), 1u);
  EXPECT_NE(m_notes[0].find("answered 429; retry 2 of 5 in 3.0 s"), std::string::npos)
      << m_notes[0];
  // The wait went in slices of at most a tenth of a second, to notice a stop.
  EXPECT_EQ(m_slices.size(), 30u);
  EXPECT_EQ(*std::max_element(m_slices.begin(), m_slices.end()), 100);
}

TEST_F(RetryingHttpTest, HonoursRetryAfterAsAnHttpDate) {
  m_inner.status(503, {{"retry-after", "Mon, 01 Jan 2024 00:00:07 GMT"}}).status(200);
  RetryingHttpClient client = make({});
  EXPECT_EQ(client.send(request()).status, 200);
  EXPECT_EQ(m_waits, std::vector<core::EpochMs>{7000});
}

TEST_F(RetryingHttpTest, CapsRetryAfterAtTheLongestWait) {
  core::RetryPolicy policy;
  policy.max_delay = 4000;
  m_inner.status(429, {{"retry-after", "3600"}}).status(200);
  RetryingHttpClient client = make(policy);
  EXPECT_EQ(client.send(request()).status, 200);
  EXPECT_EQ(m_waits, std::vector<core::EpochMs>{4000});
}

TEST_F(RetryingHttpTest, BacksOffExponentiallyWithBoundedJitter) {
  core::RetryPolicy policy;
  policy.base_delay = 100;
  policy.max_delay = 1000;
  policy.max_attempts = 7;
  m_inner.forever(503);
  RetryingHttpClient client = make(policy);
  EXPECT_EQ(client.send(request()).status, 503);
  ASSERT_EQ(m_waits.size(), 6u);
  const core::EpochMs nominal[] = {100, 200, 400, 800, 1000, 1000};
  for (std::size_t i = 0; i < m_waits.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_GE(m_waits[i], nominal[i] * 8 / 10);
    EXPECT_LE(m_waits[i], std::min<core::EpochMs>(nominal[i] * 12 / 10, 1000));
  }
}

TEST_F(RetryingHttpTest, GivesUpAtMaxAttemptsWithTheLastAnswer) {
  core::RetryPolicy policy;
  policy.max_attempts = 4;
  policy.base_delay = 10;
  m_inner.forever(503);
  RetryingHttpClient client = make(policy);
  EXPECT_EQ(client.send(request()).status, 503);  // the caller reports it
  EXPECT_EQ(m_inner.calls(), 4);
  EXPECT_EQ(m_waits.size(), 3u);
  ASSERT_EQ(m_notes.size(), 3u);
  EXPECT_NE(m_notes[2].find("retry 4 of 4"), std::string::npos) << m_notes[2];
}

TEST_F(RetryingHttpTest, GivesUpAtMaxAttemptsOnTransportErrors) {
  core::RetryPolicy policy;
  policy.max_attempts = 3;
  policy.base_delay = 10;
  m_inner.forever_transport_error();
  RetryingHttpClient client = make(policy);
  EXPECT_THROW(client.send(request()), TransportError);
  EXPECT_EQ(m_inner.calls(), 3);
  EXPECT_EQ(m_notes.size(), 2u);
}

TEST_F(RetryingHttpTest, GivesUpAtTheDeadlineWithoutSleepingPastIt) {
  core::RetryPolicy policy;
  policy.max_attempts = 1000;
  policy.base_delay = 400;
  policy.max_delay = 1000;
  policy.deadline = 5000;
  m_inner.latency(250);  // each answer takes a quarter of a second
  m_inner.forever(503);
  RetryingHttpClient client = make(policy);
  const core::EpochMs start = m_now;
  try {
    client.send(request());
    FAIL() << "retried past the deadline";
  } catch (const TransportError& e) {
    EXPECT_FALSE(e.retryable());
    EXPECT_NE(std::string(e.what()).find("retry deadline of 5.0 s"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("answered 503"), std::string::npos) << e.what();
  }
  EXPECT_LE(m_now - start, policy.deadline + 250);  // the last answer's latency at most
  EXPECT_LT(m_inner.calls(), 20);
  EXPECT_GE(m_inner.calls(), 4);
  EXPECT_EQ(m_notes.size(), m_waits.size());
  EXPECT_EQ(static_cast<int>(m_waits.size()), m_inner.calls() - 1);
}

TEST_F(RetryingHttpTest, GivesUpAtOnceWhenRetryAfterPassesTheDeadline) {
  core::RetryPolicy policy;
  policy.deadline = 10'000;
  m_inner.status(429, {{"retry-after", "12"}});
  RetryingHttpClient client = make(policy);
  EXPECT_THROW(client.send(request()), TransportError);
  EXPECT_EQ(m_inner.calls(), 1);
  EXPECT_TRUE(m_waits.empty());
  EXPECT_TRUE(m_notes.empty());
}

TEST_F(RetryingHttpTest, NotifiesOncePerRetryNamingTheRequest) {
  m_inner.status(502).transport_error(true).status(503).status(200);
  RetryingHttpClient client = make({});
  EXPECT_EQ(client.send(request()).status, 200);
  ASSERT_EQ(m_notes.size(), 3u);
  for (std::size_t i = 0; i < m_notes.size(); ++i) {
    SCOPED_TRACE(m_notes[i]);
    EXPECT_EQ(m_notes[i].rfind("PUT http://registry.test/v2/a/manifests/t ", 0), 0u);
    EXPECT_NE(m_notes[i].find("retry " + std::to_string(i + 2) + " of 5 in "),
              std::string::npos);
  }
  EXPECT_EQ(m_waits.size(), m_notes.size());
}

TEST_F(RetryingHttpTest, EachRequestHasItsOwnAttemptsAndDeadline) {
  core::RetryPolicy policy;
  policy.max_attempts = 2;
  policy.base_delay = 10;
  m_inner.status(503).status(200).status(503).status(200);
  RetryingHttpClient client = make(policy);
  EXPECT_EQ(client.send(request()).status, 200);
  EXPECT_EQ(client.send(request()).status, 200);
  EXPECT_EQ(m_inner.calls(), 4);
  EXPECT_EQ(m_notes.size(), 2u);
}

TEST_F(RetryingHttpTest, AStopDuringAWaitEndsItAtOnce) {
  const core::EpochMs start = m_now;
  m_stop = [this, start] { return m_now - start >= 250 ? 15 : 0; };
  m_inner.status(429, {{"retry-after", "10"}});
  RetryingHttpClient client = make({});
  try {
    client.send(request());
    FAIL() << "not cancelled";
  } catch (const Cancelled& e) {
    EXPECT_EQ(e.signal(), 15);
    EXPECT_NE(std::string(e.what()).find("while waiting to retry PUT http://registry.test/"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(m_inner.calls(), 1);
  EXPECT_LE(m_now - start, 300);
}

TEST_F(RetryingHttpTest, AStopBeforeAnAttemptSendsNothing) {
  m_stop = [] { return 2; };
  RetryingHttpClient client = make({});
  EXPECT_THROW(client.send(request()), Cancelled);
  EXPECT_EQ(m_inner.calls(), 0);
}

TEST_F(RetryingHttpTest, NeverRetriesACancelOrABodyOverItsLimit) {
  for (int which = 0; which < 2; ++which) {
    SCOPED_TRACE(which);
    struct Throwing : HttpClient {
      int which = 0;
      int calls = 0;
      HttpResponse send(const HttpRequest&) override {
        ++calls;
        if (which == 0) {
          throw Cancelled(15, "during GET");
        }
        throw BodyTooLarge("the answer is larger than the limit of 4 MiB");
      }
    } throwing;
    throwing.which = which;
    RetryingHttpClient client = make({}, &throwing);
    EXPECT_THROW(client.send(request()), Error);
    EXPECT_EQ(throwing.calls, 1);
  }
  EXPECT_TRUE(m_notes.empty());
}

TEST_F(RetryingHttpTest, GivesUpAtTheRunsDeadlineAcrossRequests) {
  core::RetryPolicy policy;
  policy.max_attempts = 100;
  policy.deadline = 1'000'000;
  policy.run_deadline = 5000;
  policy.base_delay = 500;
  policy.max_delay = 500;
  RetryingHttpClient client = make(policy);
  const core::EpochMs created = m_now;
  m_inner.latency(1000);
  m_inner.status(200);
  EXPECT_EQ(client.send(request()).status, 200);
  m_inner.forever(503);
  try {
    client.send(request());
    FAIL() << "retried past the run's deadline";
  } catch (const TransportError& e) {
    EXPECT_NE(std::string(e.what()).find("the run's deadline of 5.0 s"), std::string::npos)
        << e.what();
  }
  EXPECT_LE(m_now - created, 5000 + 1000);
}

TEST_F(RetryingHttpTest, SendsNothingOnceTheRunsTimeIsSpent) {
  core::RetryPolicy policy;
  policy.run_deadline = 2500;
  RetryingHttpClient client = make(policy);
  m_inner.latency(1000);
  m_inner.forever(200);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(client.send(request()).status, 200);
  }
  EXPECT_THROW(client.send(request()), TransportError);
  EXPECT_EQ(m_inner.calls(), 3);
  // Each transfer may take only what is left of the run's time.
  EXPECT_EQ(m_inner.timeouts(), (std::vector<long>{2500, 1500, 500}));
}

TEST_F(RetryingHttpTest, TheRunsDeadlineCountsOnlyTimeSpentInRequests) {
  core::RetryPolicy policy;
  policy.run_deadline = 5000;
  RetryingHttpClient client = make(policy);
  m_inner.latency(1000);
  m_inner.status(200).status(200);
  EXPECT_EQ(client.send(request()).status, 200);
  m_now += 60'000;  // a long docker build between two requests
  EXPECT_EQ(client.send(request()).status, 200);
}

}  // namespace
}  // namespace berth::io
