// SPDX-License-Identifier: MIT
#include "app/build_secrets.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/inputs.hpp"
#include "support/fake_services.hpp"

namespace berth::app {
namespace {

TEST(CheckSecretSourcesTest, NamesEachMissingFileAndVariable) {
  testing::FakeServices fake(io::Env({{"SET_VAR", "v4lue"}, {"EMPTY_VAR", ""}}));
  fake.files.add_file("/w/present");
  const core::Inputs in = core::parse_inputs({
      {"secrets", "inline=never-checked"},
      {"secret-files", "a=/w/present\nb=/w/absent"},
      {"secret-envs", "c=SET_VAR,d=EMPTY_VAR\ne=UNSET_VAR"},
  });
  Services s = fake.services();
  try {
    check_secret_sources(in.build, s);
    FAIL() << "no error";
  } catch (const Errors& e) {
    ASSERT_EQ(e.all().size(), 3u);
    EXPECT_EQ(e.all()[0].input(), "secret-files");
    EXPECT_STREQ(e.all()[0].what(), "secret-files: line 2: secret \"b\": \"/w/absent\" is not a file");
    EXPECT_EQ(e.all()[1].input(), "secret-envs");
    EXPECT_NE(std::string(e.all()[1].what()).find("line 1: secret \"d\": variable EMPTY_VAR"),
              std::string::npos);
    EXPECT_NE(std::string(e.all()[2].what()).find("line 2: secret \"e\": variable UNSET_VAR"),
              std::string::npos);
  }
}

TEST(CheckSecretSourcesTest, PresentSourcesPass) {
  testing::FakeServices fake(io::Env({{"SET_VAR", "v4lue"}, {"OTHER", "x"}}));
  fake.files.add_file("f");
  const core::Inputs in =
      core::parse_inputs({{"secret-files", "a=f"}, {"secret-envs", "c=SET_VAR"}});
  Services s = fake.services();
  EXPECT_NO_THROW(check_secret_sources(in.build, s));
}

}  // namespace
}  // namespace berth::app
