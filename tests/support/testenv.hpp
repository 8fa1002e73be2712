// SPDX-License-Identifier: MIT
#pragma once

#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io/env.hpp"

// The settings of the real test services, exported by testenv/up.sh (the
// integration tests run through tests/with-testenv.sh).
namespace berth::testing {

// Returns the environment variable `name`; throws when it is unset, so that an
// integration test run outside its environment fails instead of passing.
inline std::string need_env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') {
    throw std::runtime_error(std::string(name) +
                             " is not set: run these tests through tests/with-testenv.sh");
  }
  return v;
}

// Returns the test registries' password (random, made by testenv/).
inline std::string test_password() {
  std::ifstream f(need_env("BERTH_PASSWORD_FILE"));
  std::string p;
  std::getline(f, p);
  return p;
}

// Returns a repository name no other test run uses: "stem-123456789".
inline std::string unique_repo(const std::string& stem) {
  static std::mt19937 rng(std::random_device{}());
  return stem + "-" + std::to_string(rng() % 1000000000);
}

// One of the test registries: anonymous HTTP, basic auth over TLS, token auth.
struct RegistrySetup {
  std::string name;
  std::string host;
  bool auth;
};

// Returns the three test registries.
inline std::vector<RegistrySetup> registry_setups() {
  return {{"plain", need_env("BERTH_REG_PLAIN"), false},
          {"tls", need_env("BERTH_REG_TLS"), true},
          {"token", need_env("BERTH_REG_TOKEN"), true}};
}

// Sets in `env` what a run needs to reach registry `s`: the test CA, the
// plain-HTTP registries named insecure (as a user would, so that no TLS probe
// precedes the first request), and the credentials where `s` asks for them.
inline void set_registry_access(io::Env& env, const RegistrySetup& s) {
  env.set("BERTH_CA_FILE", need_env("BERTH_CA_CERT"));
  env.set("BERTH_INSECURE_REGISTRIES",
          need_env("BERTH_REG_PLAIN") + "," + need_env("BERTH_REG_TOKEN"));
  if (s.auth) {
    env.set("INPUT_USERNAME", need_env("BERTH_USER"));
    env.set("INPUT_PASSWORD", test_password());
  }
}

// The variables that name Engine 26's daemons (tests/with-testenv.sh with
// BERTH_ITEST_ENGINE=26-*), one parameter each for the tests that run in both
// image stores, and the parameter's name in the test's name.
inline constexpr const char* k_engine26_classic = "BERTH_ENGINE26_CLASSIC_HOST";
inline constexpr const char* k_engine26_containerd = "BERTH_ENGINE26_CONTAINERD_HOST";
inline std::string engine26_store_name(const ::testing::TestParamInfo<const char*>& info) {
  return std::string(info.param) == k_engine26_classic ? "Classic" : "Containerd";
}

}  // namespace berth::testing
