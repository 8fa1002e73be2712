// SPDX-License-Identifier: MIT
// The parser rows of docker/metadata-action's test suite
// (testdata/conformance/metadata-action-parse-cases.json), run through
// berth's parsers. Rows the action rejects, berth rejects too, naming the
// input; image.transform/09, which the action accepts, berth rejects (one
// line naming two images: docs/compatibility.md).
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/meta_rules.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

using rapidjson::Value;
using Attrs = std::map<std::string, std::string>;

rapidjson::Document load() {
  std::ifstream file(std::string(BERTH_TESTDATA) +
                     "/conformance/metadata-action-parse-cases.json");
  std::ostringstream text;
  text << file.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  return doc;
}

std::vector<ListItem> items_of(const Value& input) {
  std::vector<ListItem> items;
  if (input.IsString()) {
    items.push_back({input.GetString(), 1});
  } else {
    for (const Value& line : input.GetArray()) {
      items.push_back({line.GetString(), items.size() + 1});
    }
  }
  return items;
}

void expect_rule(const TagRule& rule, const Value& expected) {
  EXPECT_EQ(tag_type_name(rule.type), expected["type"].GetString());
  Attrs attrs;
  for (const auto& m : expected["attrs"].GetObject()) {
    attrs[m.name.GetString()] = m.value.GetString();
  }
  EXPECT_EQ(rule.attrs, attrs);
}

// Runs `parse` on the case; returns the input the error named, or "".
template <typename Parse>
std::string error_input(Parse parse) {
  try {
    parse();
  } catch (const Error& e) {
    return e.input();
  }
  return {};
}

TEST(MetaParseConformanceTest, ParsesEveryRowAsTheActionDoes) {
  const rapidjson::Document cases = load();
  ASSERT_TRUE(cases.IsArray());
  ASSERT_EQ(cases.Size(), 55u);
  for (const Value& c : cases.GetArray()) {
    const std::string name = c["name"].GetString();
    SCOPED_TRACE(name);
    const std::vector<ListItem> items = items_of(c["input"]);
    const bool invalid = c["invalid"].GetBool();
    const Value& expected = c["expected"];
    if (starts_with(name, "tag.")) {
      if (invalid) {
        EXPECT_EQ(error_input([&] { parse_tag_rules(items); }), "tags");
        continue;
      }
      const std::vector<TagRule> rules = parse_tag_rules(items);
      if (expected.IsArray()) {
        ASSERT_EQ(rules.size(), expected.Size());
        for (std::size_t i = 0; i < rules.size(); ++i) {
          expect_rule(rules[i], expected[static_cast<rapidjson::SizeType>(i)]);
        }
      } else {
        ASSERT_EQ(rules.size(), 1u);
        expect_rule(rules.front(), expected);
      }
    } else if (starts_with(name, "flavor.")) {
      if (invalid) {
        EXPECT_EQ(error_input([&] { parse_flavor(items); }), "flavor");
        continue;
      }
      const Flavor f = parse_flavor(items);
      const std::string latest = expected["latest"].GetString();
      EXPECT_EQ(f.latest, latest == "auto"   ? LatestMode::k_auto
                          : latest == "true" ? LatestMode::k_true
                                             : LatestMode::k_false);
      EXPECT_EQ(f.prefix, expected["prefix"].GetString());
      EXPECT_EQ(f.prefix_latest, expected["prefixLatest"].GetBool());
      EXPECT_EQ(f.suffix, expected["suffix"].GetString());
      EXPECT_EQ(f.suffix_latest, expected["suffixLatest"].GetBool());
    } else {
      ASSERT_TRUE(starts_with(name, "image."));
      if (invalid) {
        EXPECT_EQ(error_input([&] { parse_image_rules(items); }), "images");
        continue;
      }
      const std::vector<ImageRule> images = parse_image_rules(items);
      ASSERT_EQ(images.size(), expected.Size());
      for (std::size_t i = 0; i < images.size(); ++i) {
        const Value& e = expected[static_cast<rapidjson::SizeType>(i)];
        EXPECT_EQ(images[i].name, e["name"].GetString());
        EXPECT_EQ(images[i].enable, e["enable"].GetBool());
      }
    }
  }
}

}  // namespace
}  // namespace berth::core
