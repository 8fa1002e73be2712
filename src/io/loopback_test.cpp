// SPDX-License-Identifier: MIT
#include "io/loopback.hpp"

#include <gtest/gtest.h>

#include <map>

namespace berth::io {
namespace {

// Resolves from a table; names not in it do not resolve.
std::vector<std::string> table(const std::string& host) {
  static const std::map<std::string, std::vector<std::string>> k_names = {
      {"loop.test", {"127.0.0.1", "::1"}},
      {"mixed.test", {"127.0.0.1", "203.0.113.7"}},
      {"127.registry.example", {"203.0.113.7"}},
      {"remote.test", {"2001:db8::1"}},
  };
  const auto it = k_names.find(host);
  return it == k_names.end() ? std::vector<std::string>{} : it->second;
}

TEST(LoopbackTest, DecidesOnAddressesNotSpelling) {
  const std::pair<const char*, bool> cases[] = {
      {"127.0.0.1", true},
      {"127.0.0.1:5000", true},
      {"127.255.1.2:1", true},
      {"[::1]:5000", true},
      {"[::ffff:127.0.0.1]:5000", true},
      {"localhost", true},
      {"localhost:5000", true},
      {"loop.test:5000", true},
      {"127.registry.example", false},  // once downgraded to plain HTTP
      {"127.registry.example:5000", false},
      {"mixed.test", false},
      {"remote.test", false},
      {"unknown.test", false},
      {"128.0.0.1", false},
      {"[::2]", false},
      {"[::ffff:10.0.0.1]", false},
      {"127.0.0.1@203.0.113.7", false},
      {"203.0.113.7@127.0.0.1", false},
      {"127.0.0.1/x", false},
      {"", false},
  };
  for (const auto& [host, want] : cases) {
    SCOPED_TRACE(host);
    EXPECT_EQ(is_loopback_host(host, table), want);
  }
}

TEST(LoopbackTest, ResolvesLocalhostForReal) {
  for (const std::string& a : resolve_addresses("localhost")) {
    EXPECT_TRUE(is_loopback_address(a)) << a;
  }
  EXPECT_TRUE(is_loopback_host("127.0.0.1:5000"));
}

}  // namespace
}  // namespace berth::io
