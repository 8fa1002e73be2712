// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/env.hpp"
#include "io/http.hpp"
#include "io/registry.hpp"
#include "support/spawn.hpp"
#include "support/testenv.hpp"

// Promotion through a faulty network: tests/faultproxy/faultproxy.py sits in
// front of the plain HTTP registry of testenv/ and answers 5xx, 429 with
// Retry-After, resets, truncated bodies and stalls, at a seeded rate or
// permanently for a pattern. Images are seeded and checked through a direct
// client that bypasses the proxy.
namespace berth::testing {

// What the proxy counted (GET /__faultproxy/stats).
struct ProxyStats {
  int requests = 0;  // requests proxied, faulted or not
  int passed = 0;    // answered by the registry (stalls included)
  int failures = 0;  // requests the client saw fail
  int permanent = 0;
  std::map<std::string, int> injected;
  std::map<std::string, int> by_method;
  std::string json;
};

// Returns the injected faults as "500 3, reset 1", or "none".
std::string injected_summary(const ProxyStats& s);

// The fault proxy as a child process in front of BERTH_REG_PLAIN, stopped
// (SIGTERM, by its pid) when destroyed.
class FaultProxy {
 public:
  // Starts the proxy with faultproxy.py's `options` and waits until it
  // listens; throws std::runtime_error when it exits or does not start.
  explicit FaultProxy(const std::vector<std::string>& options);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  // Returns "127.0.0.1:PORT", the registry host berth is given.
  std::string host() const { return "127.0.0.1:" + std::to_string(m_port); }

  // Returns what the proxy counted; throws std::runtime_error on a bad answer.
  ProxyStats stats();

  // Changes the proxy's configuration (rate, faults, permanent, ...); throws
  // std::runtime_error when the proxy refuses it.
  void configure(const std::string& json);

  // Returns the proxy's log of the requests it saw.
  std::string request_log() const;

 private:
  std::string control(const std::string& what) const;
  void stop();

  std::string m_dir;
  std::optional<Background> m_process;
  int m_port = 0;
  std::unique_ptr<io::HttpClient> m_http;
};

// A stack of images on the plain registry, each under the same source tag.
struct Stack {
  std::vector<std::string> repos;
  std::vector<io::Manifest> seeded;
};

// Seeds `n` images named after `stem` under `source` through `direct`, by
// turns an OCI index, a Docker manifest list, an OCI image and a Docker
// image. Throws what the registry client throws.
Stack seed_stack(io::RegistryClient& direct, const std::string& stem, const std::string& source,
                 std::size_t n = 4);

// Returns the environment of a promotion of `stack` from `source` to
// `targets` (one a line) through `proxy`, with short retry waits.
io::Env promotion_env(const FaultProxy& proxy, const Stack& stack, const std::string& source,
                      const std::string& targets);

}  // namespace berth::testing
