// SPDX-License-Identifier: MIT
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "io/console.hpp"
#include "io/http.hpp"
#include "io/registry.hpp"
#include "support/fault_proxy.hpp"
#include "support/testenv.hpp"

// The GoogleTest fixture of the fault tests (tests/integration/faults_*):
// a direct client of the plain registry that bypasses the proxy, to seed
// stacks and check what a promotion through the proxy wrote.
namespace berth::testing {

using Clock = std::chrono::steady_clock;

// Returns the milliseconds since `since`.
inline long long elapsed_ms(Clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count();
}

class FaultsTest : public ::testing::Test {
 protected:
  FaultsTest() : m_http(io::make_curl_client({})) {
    io::RegistryOptions ro;
    ro.host = need_env("BERTH_REG_PLAIN");
    ro.plain_http = true;
    m_direct = std::make_unique<io::RegistryClient>(*m_http, ro);
  }

  // Seeds `n` images under `source` (see testing::seed_stack).
  Stack seed_stack(const std::string& stem, const std::string& source, std::size_t n = 4) {
    return testing::seed_stack(*m_direct, stem, source, n);
  }

  // Checks through the direct client that every target of every image is
  // the seeded manifest, byte for byte.
  void expect_promoted(const Stack& stack, const std::vector<std::string>& targets) {
    for (std::size_t i = 0; i < stack.repos.size(); ++i) {
      for (const std::string& t : targets) {
        SCOPED_TRACE(stack.repos[i] + ":" + t);
        const io::Manifest m = m_direct->get_manifest(stack.repos[i], t);
        EXPECT_EQ(m.digest, stack.seeded[i].digest);
        EXPECT_EQ(m.bytes, stack.seeded[i].bytes);
        EXPECT_EQ(m.media_type, stack.seeded[i].media_type);
      }
    }
  }

  io::Console m_console{stderr};
  std::unique_ptr<io::HttpClient> m_http;
  std::unique_ptr<io::RegistryClient> m_direct;
};

}  // namespace berth::testing
