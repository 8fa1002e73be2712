// SPDX-License-Identifier: MIT
#pragma once

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>

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

}  // namespace berth::testing
