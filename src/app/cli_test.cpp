// SPDX-License-Identifier: MIT
#include "app/cli.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <functional>
#include <stdexcept>
#include <string>

#include "core/error.hpp"

namespace berth::app {
namespace {

struct ExitCase {
  std::string name;
  std::function<void()> fail;
  int status;
};

TEST(ExitStatusOf, MapsWhatEndedTheRunToTheExitStatus) {
  const ExitCase cases[] = {
      {"SIGINT", [] { throw Cancelled(SIGINT, "between steps"); }, 130},
      {"SIGTERM", [] { throw Cancelled(SIGTERM, "in a retry's wait"); }, 143},
      {"error", [] { throw Error("bad tag", "tags"); }, 1},
      {"variable error", [] { throw Error::variable("bad sha", "GITHUB_SHA"); }, 1},
      {"errors", [] { throw Errors({Error("a", "tags"), Error("b", "flavor")}); }, 1},
      {"internal", [] { throw std::runtime_error("boom"); }, 3},
      {"logic", [] { throw std::out_of_range("index"); }, 3},
  };
  for (const ExitCase& c : cases) {
    SCOPED_TRACE(c.name);
    try {
      c.fail();
      FAIL() << "did not throw";
    } catch (const std::exception& e) {
      EXPECT_EQ(exit_status_of(e), c.status);
    }
  }
}

}  // namespace
}  // namespace berth::app
