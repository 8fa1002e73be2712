// SPDX-License-Identifier: MIT
#include "core/semver.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

TEST(SemverTest, ParsesVersions) {
  struct Case {
    const char* text;
    const char* version;  // nullptr: not a version
  };
  const Case cases[] = {
      {"1.2.3", "1.2.3"},
      {"v1.2.3", "1.2.3"},
      {"0.0.0", "0.0.0"},
      {"v1.3.0-rc.1", "1.3.0-rc.1"},
      {"1.2.3+build.5", "1.2.3"},
      {"1.2.3-alpha.0.x-y+exp.sha.5114f85", "1.2.3-alpha.0.x-y"},
      {"10.20.30", "10.20.30"},
      {"1.0.0-0A.is.legal", "1.0.0-0A.is.legal"},
      {"V1.2.3", nullptr},
      {"vv1.2.3", nullptr},
      {"1.2", nullptr},
      {"1.2.3.4", nullptr},
      {"01.2.3", nullptr},
      {"1.02.3", nullptr},
      {"1.2.3-01", nullptr},
      {"1.2.3-", nullptr},
      {"1.2.3+", nullptr},
      {"1.2.3-rc..1", nullptr},
      {"1.2.3-rc_1", nullptr},
      {"", nullptr},
      {"v", nullptr},
      {"1.2.x", nullptr},
      {"99999999999999999999.0.0", nullptr},
      {"2024.01.5", nullptr},
  };
  for (const Case& c : cases) {
    const auto v = parse_semver(c.text);
    if (c.version == nullptr) {
      EXPECT_FALSE(v.has_value()) << c.text;
    } else {
      ASSERT_TRUE(v.has_value()) << c.text;
      EXPECT_EQ(v->version(), c.version) << c.text;
    }
  }
}

TEST(SemverTest, KeepsParts) {
  const auto v = parse_semver("v4.5.6-beta.2+sha.1");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->major, 4u);
  EXPECT_EQ(v->minor, 5u);
  EXPECT_EQ(v->patch, 6u);
  EXPECT_TRUE(v->is_prerelease());
  EXPECT_EQ(v->prerelease, (std::vector<std::string>{"beta", "2"}));
  EXPECT_EQ(v->build, (std::vector<std::string>{"sha", "1"}));
}

TEST(SemverTest, OrdersByPrecedence) {
  // The chain from semver.org rule 11, each lower than the next.
  const char* chain[] = {"1.0.0-alpha",      "1.0.0-alpha.1", "1.0.0-alpha.beta",
                         "1.0.0-beta",       "1.0.0-beta.2",  "1.0.0-beta.11",
                         "1.0.0-rc.1",       "1.0.0",         "1.0.1",
                         "1.1.0",            "2.0.0",         "10.0.0"};
  for (std::size_t i = 0; i + 1 < std::size(chain); ++i) {
    const auto a = parse_semver(chain[i]);
    const auto b = parse_semver(chain[i + 1]);
    ASSERT_TRUE(a && b);
    EXPECT_LT(compare(*a, *b), 0) << chain[i] << " < " << chain[i + 1];
    EXPECT_GT(compare(*b, *a), 0) << chain[i + 1] << " > " << chain[i];
  }
  EXPECT_EQ(compare(*parse_semver("1.2.3+a"), *parse_semver("v1.2.3+b")), 0);
}

}  // namespace
}  // namespace berth::core
