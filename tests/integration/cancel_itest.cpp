// SPDX-License-Identifier: MIT
// A cancelled job against the real registry: the fault proxy holds one
// manifest PUT open, the runner's SIGTERM arrives, and berth must stop before
// its next write, with every pinned tag written and no moving tag moved.
#include <signal.h>

#include <cstdio>

#include "support/faults_fixture.hpp"
#include "support/fixtures.hpp"

namespace berth::testing {
namespace {

TEST_F(FaultsTest, SigtermDuringAPutStopsBeforeTheNextWrite) {
  const Stack stack = seed_stack("cancel", "2024.1-c0ffee1", 2);
  // The first moving write hangs: pinned tags go first, so both 1.4.2 land.
  FaultProxy proxy({"--permanent", "PUT /v2/" + stack.repos[0] + "/manifests/stable",
                    "--permanent-fault", "hang", "--hang-ms", "60000"});
  io::Env env = promotion_env(proxy, stack, "2024.1-c0ffee1", "1.4.2\nstable\nlatest");
  env.set("PATH", "/usr/local/bin:/usr/bin:/bin");
  TempDir dir;
  const std::string log = dir.path() + "/berth.log";
  Background berth({berth_binary()}, env, log);
  for (int i = 0; i < 400 && proxy.stats().permanent == 0; ++i) {
    usleep(25'000);
  }
  ASSERT_EQ(proxy.stats().permanent, 1) << dir.read("berth.log");
  const auto start = Clock::now();
  kill(berth.pid(), SIGTERM);
  const int status = berth.wait(20'000);
  const long long took = elapsed_ms(start);
  const std::string out = dir.read("berth.log");
  EXPECT_EQ(status, 143) << out;
  EXPECT_LT(took, 5'000) << out;
  std::printf("berth stopped %lld ms after SIGTERM, in a held PUT\n", took);

  // What landed is what the log says landed, and nothing moved.
  const std::string a = proxy.host() + "/" + stack.repos[0];
  const std::string b = proxy.host() + "/" + stack.repos[1];
  EXPECT_NE(out.find("written: " + a + ":1.4.2, " + b + ":1.4.2; not written: " + a + ":stable, " +
                     a + ":latest, " + b + ":stable, " + b + ":latest"),
            std::string::npos)
      << out;
  // Outside Actions (this env has no GITHUB_ACTIONS=true) the error is a plain line.
  EXPECT_NE(out.find("error: stopped by signal 15"), std::string::npos) << out;
  EXPECT_EQ(out.find("::error"), std::string::npos) << out;
  for (std::size_t i = 0; i < stack.repos.size(); ++i) {
    EXPECT_EQ(m_direct->get_manifest(stack.repos[i], "1.4.2").digest, stack.seeded[i].digest);
    EXPECT_FALSE(m_direct->head_manifest(stack.repos[i], "stable").has_value()) << i;
    EXPECT_FALSE(m_direct->head_manifest(stack.repos[i], "latest").has_value()) << i;
  }
  // Only the held PUT reached the proxy after the pinned ones: no later write.
  EXPECT_EQ(proxy.stats().by_method["PUT"], 3) << proxy.stats().json;
}

}  // namespace
}  // namespace berth::testing
