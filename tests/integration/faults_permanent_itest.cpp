// SPDX-License-Identifier: MIT
// Promotion through permanent faults (tests/faultproxy/faultproxy.py failing
// every PUT to one image): berth stops within its retry deadline, says what
// it wrote and what not, and a re-run once the fault is gone finishes.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "app/promote.hpp"
#include "core/error.hpp"
#include "support/fault_proxy.hpp"
#include "support/faults_fixture.hpp"

namespace berth::testing {
namespace {

TEST_F(FaultsTest, PermanentPutFaultsStopWithinTheDeadlineAndAReRunFinishes) {
  const std::string source = "2023.4-dead001";
  for (const char* fault : {"503", "reset"}) {
    SCOPED_TRACE(fault);
    const Stack stack = seed_stack("faults/perm", source, 3);
    // Every PUT to the second image's manifests fails.
    FaultProxy proxy({"--permanent", "PUT /v2/" + stack.repos[1] + "/manifests/.*",
                      "--permanent-fault", fault});
    io::Env env = promotion_env(proxy, stack, source, "2023.4-stable\nprod");
    env.set("BERTH_RETRY_ATTEMPTS", "1000");
    env.set("BERTH_RETRY_BASE_MS", "100");
    env.set("BERTH_RETRY_DEADLINE_MS", "2000");
    const std::string a = proxy.host() + "/" + stack.repos[0];
    const std::string b = proxy.host() + "/" + stack.repos[1];
    const std::string c = proxy.host() + "/" + stack.repos[2];

    const auto start = Clock::now();
    try {
      app::run_promotion(env, m_console);
      FAIL() << "promoted through permanent faults";
    } catch (const Error& e) {
      const long long took = elapsed_ms(start);
      const std::string what = e.what();
      EXPECT_LT(took, 2000 + 3000) << what;  // the deadline, plus the other requests
      EXPECT_NE(what.find("retry deadline of 2.0 s"), std::string::npos) << what;
      EXPECT_NE(what.find("written: " + a + ":2023.4-stable, " + a + ":prod;"),
                std::string::npos)
          << what;
      EXPECT_NE(what.find("not written: " + b + ":2023.4-stable, " + b + ":prod, " + c +
                          ":2023.4-stable, " + c + ":prod"),
                std::string::npos)
          << what;
      EXPECT_NE(what.find("a re-run finishes the job"), std::string::npos) << what;
      const ProxyStats s = proxy.stats();
      EXPECT_GE(s.permanent, 3) << s.json;  // retried, but not for ever
      EXPECT_LE(s.permanent, 25) << s.json;
      std::printf("permanent %s on PUT: stopped after %.1f s and %d tries: %s\n", fault,
                  took / 1000.0, s.permanent, what.c_str());
    }
    EXPECT_EQ(m_direct->head_manifest(stack.repos[0], "prod"), stack.seeded[0].digest);
    EXPECT_EQ(m_direct->list_tags(stack.repos[1]), std::vector<std::string>{source});
    EXPECT_EQ(m_direct->list_tags(stack.repos[2]), std::vector<std::string>{source});

    // The fault is gone: the same promotion finishes the job.
    proxy.configure(R"({"permanent": []})");
    const app::PromotionReport r = app::run_promotion(env, m_console);
    ASSERT_EQ(r.images.size(), 3u);
    expect_promoted(stack, {"2023.4-stable", "prod"});
  }
}

}  // namespace
}  // namespace berth::testing
