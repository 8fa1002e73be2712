// SPDX-License-Identifier: MIT
#include "core/version_order.hpp"

#include <gtest/gtest.h>

namespace berth::core {
namespace {

struct Case {
  const char* a;
  const char* b;
  int want;  // sign
};

int sgn(int x) { return x < 0 ? -1 : (x > 0 ? 1 : 0); }

TEST(VersionOrderTest, DebianPolicyOrder) {
  // Debian policy §5.6.12 and dpkg's own test cases (lib/dpkg/t/t-version.c).
  const Case cases[] = {
      {"1.0", "1.0", 0},
      {"1.0-1", "1.0-1", 0},
      {"0:1.0", "1.0", 0},
      {"1:1.0", "2.0", 1},  // the epoch first
      {"1.0", "1.1", -1},
      {"1.0-1", "1.0-2", -1},
      {"1.0~rc1", "1.0", -1},  // '~' before the end
      {"1.0~~", "1.0~~a", -1},
      {"1.0~~a", "1.0~", -1},
      {"1.0", "1.0+b1", -1},
      {"1.0a", "1.0+", -1},     // letters before other characters
      {"1.0.9", "1.0.10", -1},  // digits numerically
      {"1.0.010", "1.0.10", 0},
      {"2.36-9", "2.36-9+deb12u1", -1},
      {"12.4+deb12u15", "12.4+deb12u9", 1},
      {"1:1.2.13.dfsg-1", "1:1.2.13.dfsg-1+b1", -1},
      {"1.0-1", "1.0", 1},  // a revision after none
      {"3.0.11-1~deb12u2", "3.0.11-1", -1},
      {"a", "b", -1},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(sgn(compare_debian_versions(c.a, c.b)), c.want) << c.a << " vs " << c.b;
    EXPECT_EQ(sgn(compare_debian_versions(c.b, c.a)), -c.want) << c.b << " vs " << c.a;
  }
}

TEST(VersionOrderTest, Pep440Order) {
  // PEP 440's "Summary of permitted suffixes and relative ordering".
  const char* ordered[] = {
      "1.0.dev456",    "1.0a1",         "1.0a2.dev456", "1.0a12.dev456",
      "1.0a12",        "1.0b1.dev456",  "1.0b2",        "1.0b2.post345.dev456",
      "1.0b2.post345", "1.0rc1.dev456", "1.0rc1",       "1.0",
      "1.0+abc.5",     "1.0+abc.7",     "1.0+5",        "1.0.post456.dev34",
      "1.0.post456",   "1.0.15",        "1.1.dev1",     "1!0.1"};
  const std::size_t n = sizeof(ordered) / sizeof(ordered[0]);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    EXPECT_EQ(compare_pep440_versions(ordered[i], ordered[i + 1]), -1)
        << ordered[i] << " < " << ordered[i + 1];
    EXPECT_EQ(compare_pep440_versions(ordered[i + 1], ordered[i]), 1);
  }
  EXPECT_EQ(compare_pep440_versions("1.0", "1.0.0"), 0);
  EXPECT_EQ(compare_pep440_versions("23.0.1", "23.0.1"), 0);
  EXPECT_EQ(compare_pep440_versions("2022.9.24", "2023.7.22"), -1);
  EXPECT_EQ(compare_pep440_versions("1.0", "not a version"), std::nullopt);
}

TEST(VersionOrderTest, CondaSimpleOrder) {
  const Case cases[] = {
      {"1.26.4", "1.26.4", 0}, {"1.26.4", "2.0.0", -1},  {"1.1", "1.1.0", 0},
      {"1.0a1", "1.0", -1},    {"1.0dev1", "1.0a1", -1}, {"1.0", "1.0post1", -1},
      {"3.11.8", "3.9.18", 1}, {"1.0.8", "1.0.10", -1},  {"2023c", "2024a", -1},
      {"1.0RC1", "1.0rc1", 0},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(sgn(compare_conda_versions(c.a, c.b)), c.want) << c.a << " vs " << c.b;
    EXPECT_EQ(sgn(compare_conda_versions(c.b, c.a)), -c.want) << c.b << " vs " << c.a;
  }
}

}  // namespace
}  // namespace berth::core
