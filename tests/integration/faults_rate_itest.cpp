// SPDX-License-Identifier: MIT
// Promotion through transient faults (tests/faultproxy/faultproxy.py at a
// seeded rate): every fault costs one retry and the stack ends promoted, also
// when several promotions of the same tag run at once.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <rapidjson/document.h>

#include "app/promote.hpp"
#include "io/console.hpp"
#include "support/fault_proxy.hpp"
#include "support/faults_fixture.hpp"
#include "support/spawn.hpp"

namespace berth::testing {
namespace {

TEST_F(FaultsTest, PromotesAStackThroughThirtyPercentFaults) {
  const std::string source = "2023.4-f00d001";
  const std::vector<std::string> targets = {"2023.4-stable", "prod"};
  // Seeds chosen up front: each run is the same sequence of faults.
  for (const char* seed : {"20231", "7", "424242"}) {
    SCOPED_TRACE(std::string("seed ") + seed);
    const Stack stack = seed_stack("faults/rate", source);
    FaultProxy proxy({"--rate", "0.3", "--seed", seed, "--faults",
                      "500,502,503,429,reset,truncate,stall", "--retry-after", "1",
                      "--stall-ms", "200"});
    const auto start = Clock::now();
    const app::PromotionReport r =
        app::run_promotion(promotion_env(proxy, stack, source, "2023.4-stable\nprod"), m_console);
    const long long took = elapsed_ms(start);
    const ProxyStats s = proxy.stats();

    ASSERT_EQ(r.images.size(), 4u);
    for (std::size_t i = 0; i < 4; ++i) {
      EXPECT_EQ(r.images[i].digest, stack.seeded[i].digest);
      EXPECT_EQ(r.images[i].written.size(), 2u);
      EXPECT_TRUE(r.images[i].pending.empty());
    }
    expect_promoted(stack, targets);

    // Every failure the proxy injected cost exactly one retry, and nothing
    // else was sent again: proxied = logical requests + failures.
    EXPECT_EQ(s.requests, r.requests + s.failures) << s.json << proxy.request_log();
    EXPECT_GT(s.failures, 0) << s.json;
    // 4 GETs and 8 PUTs (an anonymous registry needs no token).
    EXPECT_LE(r.requests, 4 + 8 + 2);
    EXPECT_LE(s.failures, 7 * r.requests);  // at most attempts - 1 retries each
    EXPECT_LT(took, 30'000);
    std::printf("seed %s: %d requests, %d proxied, %d faults survived (%s) in %.1f s\n", seed,
                r.requests, s.requests, s.failures, injected_summary(s).c_str(), took / 1000.0);
  }
}

TEST_F(FaultsTest, TwoPromotionsOfTheSameTagAtOnceBothEndCorrectly) {
  const std::string source = "2023.4-c0c0a01";
  const Stack stack = seed_stack("faults/race", source);
  FaultProxy proxy({"--rate", "0.2", "--seed", "99", "--faults", "500,503,reset,truncate,stall",
                    "--stall-ms", "150"});
  io::Env env = promotion_env(proxy, stack, source, "2023.4-stable\nprod");
  env.set("BERTH_RETRY_ATTEMPTS", "10");

  // Two processes, as two CI jobs would be, plus two threads in this one.
  std::vector<std::string> argv = {berth_binary(), "promote", "--from", source,
                                   "--to", "2023.4-stable", "--to", "prod"};
  for (const std::string& repo : stack.repos) {
    argv.insert(argv.end(), {"--image", proxy.host() + "/" + repo});
  }
  RunResult results[2];
  std::thread jobs[2];
  for (int i = 0; i < 2; ++i) {
    jobs[i] = std::thread([&, i] { results[i] = run(argv, env); });
  }
  std::vector<app::PromotionReport> reports(2);
  std::string errors[2];
  std::thread inner[2];
  for (int i = 0; i < 2; ++i) {
    inner[i] = std::thread([&, i] {
      try {
        io::Console console(stderr);
        reports[i] = app::run_promotion(env, console);
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  for (int i = 0; i < 2; ++i) {
    jobs[i].join();
    inner[i].join();
  }
  for (int i = 0; i < 2; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(results[i].status, 0) << results[i].err;
    rapidjson::Document d;
    d.Parse(results[i].out.c_str());
    ASSERT_TRUE(d.IsObject()) << results[i].out;
    ASSERT_EQ(d["images"].Size(), 4u);
    for (rapidjson::SizeType j = 0; j < 4; ++j) {
      EXPECT_EQ(std::string(d["images"][j]["digest"].GetString()), stack.seeded[j].digest);
      EXPECT_EQ(d["images"][j]["promoted"].Size(), 2u);
    }
    EXPECT_EQ(errors[i], "");
    ASSERT_EQ(reports[i].images.size(), 4u);
    for (std::size_t j = 0; j < 4; ++j) {
      EXPECT_EQ(reports[i].images[j].written.size(), 2u);
    }
  }
  expect_promoted(stack, {"2023.4-stable", "prod"});
  const ProxyStats s = proxy.stats();
  std::printf("4 concurrent promotions: %d proxied, %d faults survived (%s)\n", s.requests,
              s.failures, injected_summary(s).c_str());
}

}  // namespace
}  // namespace berth::testing
