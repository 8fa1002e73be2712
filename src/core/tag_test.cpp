// SPDX-License-Identifier: MIT
#include "core/tag.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace berth::core {
namespace {

TEST(TagTest, Validates) {
  EXPECT_TRUE(is_valid_tag("latest"));
  EXPECT_TRUE(is_valid_tag("1.2.3"));
  EXPECT_TRUE(is_valid_tag("_x"));
  EXPECT_TRUE(is_valid_tag("UPPER-case_ok.1"));
  EXPECT_TRUE(is_valid_tag(std::string(128, 'a')));
  EXPECT_FALSE(is_valid_tag(std::string(129, 'a')));
  EXPECT_FALSE(is_valid_tag(""));
  EXPECT_FALSE(is_valid_tag(".x"));
  EXPECT_FALSE(is_valid_tag("-x"));
  EXPECT_FALSE(is_valid_tag("a/b"));
  EXPECT_FALSE(is_valid_tag("a:b"));
  EXPECT_FALSE(is_valid_tag("a b"));
  EXPECT_FALSE(is_valid_tag("caf\xc3\xa9"));
}

TEST(TagTest, Sanitizes) {
  struct Case {
    std::string in;
    std::string out;
  };
  const Case cases[] = {
      {"main", "main"},
      {"Feature/Login-Page#12", "feature-login-page-12"},
      {"my/feature#1245", "my-feature-1245"},
      {"test-#5", "test--5"},  // the valid "-" stays, the "#" run adds one
      {"a//b", "a-b"},
      {"-leading", "leading"},
      {".hidden", "hidden"},
      {"--.-x", "x"},
      {"///", ""},
      {"-", ""},
      {"", ""},
      {"f\xc3\xa9/\xc3\xbc", "f-"},
      {"trailing/", "trailing-"},
      {"under_score.dot", "under_score.dot"},
      {std::string(200, 'B'), std::string(128, 'b')},
  };
  for (const Case& c : cases) {
    const std::string got = sanitize_tag(c.in);
    EXPECT_EQ(got, c.out) << c.in;
    if (!got.empty()) {
      EXPECT_TRUE(is_valid_tag(got)) << got;
    }
  }
}

TEST(TagTest, MakeTagRefusesWrittenTextAndRepairsTheRuns) {
  const TagOrigin rule{"tags", "tags: line 3 \"r\": "};
  const TagOrigin flavor{"flavor", "flavor: "};
  const auto written = [&](const std::string& t, const char* what = "value") {
    return TagPart{t, true, what, rule};
  };
  const auto run = [&](const std::string& t) { return TagPart{t, false, "value", rule}; };
  struct Case {
    const char* name;
    std::vector<TagPart> parts;
    std::string tag;         // "" with `refused_by` set: an error
    const char* refused_by;  // the input the error names; nullptr: none
    std::size_t warnings;
  };
  const Case cases[] = {
      {"written ok", {written("v1.2")}, "v1.2", nullptr, 0},
      {"written bad character", {written("not a valid tag!")}, "", "tags", 0},
      {"written leading dash", {written("-bad")}, "", "tags", 0},
      {"written leading dot", {written(".bad")}, "", "tags", 0},
      {"written too long", {written(std::string(129, 'x'))}, "", "tags", 0},
      {"run bad characters: sanitized silently",
       {run("Feature/X y")},
       "Feature-X-y",
       nullptr,
       0},
      {"run leading dash", {run("-bad")}, "bad", nullptr, 1},
      {"run too long", {run(std::string(129, 'x'))}, std::string(128, 'x'), nullptr, 1},
      {"run leaves nothing", {run("--")}, "", nullptr, 1},
      {"written prefix starts the tag",
       {written("-", "prefix"), run("x")},
       "",
       "tags",
       0},
      {"written suffix may start with '-'",
       {run("x"), written("-dev", "suffix")},
       "x-dev",
       nullptr,
       0},
      {"run prefix empty, written value starts", {run(""), written("-x")}, "", "tags", 0},
      {"flavor prefix is named",
       {TagPart{"a b", true, "prefix", flavor}, run("x")},
       "",
       "flavor",
       0},
      {"run start repaired before a written part",
       {run("-"), written("x")},
       "x",
       nullptr,
       1},
      {"run makes it long",
       {written("v"), run(std::string(200, 'y'))},
       "v" + std::string(127, 'y'),
       nullptr,
       1},
  };
  for (const Case& c : cases) {
    std::vector<std::string> warnings;
    try {
      EXPECT_EQ(make_tag(c.parts, rule, warnings), c.tag) << c.name;
      EXPECT_EQ(c.refused_by, nullptr) << c.name << ": accepted";
      EXPECT_EQ(warnings.size(), c.warnings) << c.name;
      for (const std::string& w : warnings) {
        EXPECT_EQ(w.rfind(rule.where, 0), 0u) << c.name << ": " << w;
      }
    } catch (const Error& e) {
      ASSERT_NE(c.refused_by, nullptr) << c.name << ": " << e.what();
      EXPECT_EQ(e.input(), c.refused_by) << c.name;
      const std::string& where = e.input() == "flavor" ? flavor.where : rule.where;
      EXPECT_EQ(std::string(e.what()).rfind(where, 0), 0u) << c.name << ": " << e.what();
    }
  }
}

}  // namespace
}  // namespace berth::core
