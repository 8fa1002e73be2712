// SPDX-License-Identifier: MIT
#include "core/meta_rules.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/meta_csv.hpp"

namespace berth::core {
namespace {

using Strings = std::vector<std::string>;

Strings texts(const std::vector<ListItem>& items) {
  Strings out;
  for (const ListItem& i : items) {
    out.push_back(i.text);
  }
  return out;
}

// Returns the message of the Error `f` throws, checking it names `input`.
template <typename F>
std::string error_of(F f, const std::string& input) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), input) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return {};
}

TEST(MetaCsvTest, StripsOneLevelOfQuotesAndKeepsLineNumbers) {
  const auto items = split_list_input(
      "\n  type=ref,event=branch\n\n\"type=match,\"\"pattern=\\d{1,3}\"\"\"\n# comment\n "
      "x # y\n",
      "tags", true);
  EXPECT_EQ(texts(items), (Strings{"type=ref,event=branch",
                                   "type=match,\"pattern=\\d{1,3}\"", "x # y"}));
  EXPECT_EQ(items[0].line, 2u);
  EXPECT_EQ(items[1].line, 4u);
  EXPECT_EQ(items[2].line, 6u);
}

TEST(MetaCsvTest, TakesHashAsACommentOnlyAtTheStartOfALine) {
  EXPECT_EQ(texts(split_list_input("#a\n  #b\nc#d", "tags", true)),
            (Strings{"#b", "c#d"}));
  EXPECT_EQ(texts(split_list_input("#a", "labels", false)), (Strings{"#a"}));
}

TEST(MetaCsvTest, KeepsQuotesInsideUnquotedFields) {
  EXPECT_EQ(split_csv_fields("value=a\"b,x", "tags", 1), (Strings{"value=a\"b", "x"}));
  EXPECT_EQ(split_csv_fields("type=match,\"pattern=\\d{1,3}\"", "tags", 1),
            (Strings{"type=match", "pattern=\\d{1,3}"}));
  // Without quotes the comma splits the pattern, as in the action.
  EXPECT_EQ(split_csv_fields("type=match,pattern=\\d{1,3}", "tags", 1),
            (Strings{"type=match", "pattern=\\d{1", "3}"}));
}

TEST(MetaCsvTest, RejectsBadQuoting) {
  EXPECT_NE(
      error_of([] { split_list_input("a\n\"b", "tags", true); }, "tags").find("line 2"),
      std::string::npos);
  error_of([] { split_csv_fields("\"a\"b", "flavor", 3); }, "flavor");
}

TEST(MetaRulesTest, FillsDefaultsAndSplitsAtTheFirstEquals) {
  const TagRule raw = parse_tag_rule({"foo", 1});
  EXPECT_EQ(raw.type, TagType::k_raw);
  EXPECT_EQ(raw.attr("value"), "foo");
  EXPECT_EQ(raw.priority, 200);
  const TagRule eq = parse_tag_rule({"type=raw,value=a=b, Enable = true ", 1});
  EXPECT_EQ(eq.attr("value"), "a=b");
  EXPECT_EQ(eq.attr("enable"), "true");
  const TagRule sha = parse_tag_rule({"type=sha,prefix=", 1});
  EXPECT_TRUE(sha.has("prefix"));
  EXPECT_EQ(sha.attr("prefix"), "");
  EXPECT_FALSE(parse_tag_rule({"type=raw,x", 1}).has("prefix"));
  EXPECT_EQ(parse_tag_rule({"type=raw,x,priority=-5", 1}).priority, -5);
}

TEST(MetaRulesTest, SortsByPriorityKeepingInputOrder) {
  const auto rules =
      parse_tags_input("type=raw,a\ntype=sha\ntype=raw,b,priority=2000\ntype=raw,c");
  std::vector<std::string> order;
  for (const TagRule& r : rules) {
    order.push_back(r.type == TagType::k_sha ? "sha" : r.attr("value"));
  }
  EXPECT_EQ(order, (Strings{"b", "a", "c", "sha"}));
  EXPECT_EQ(default_tag_rules().size(), 4u);
  EXPECT_TRUE(parse_tags_input(" \n# nothing\n").empty());
}

TEST(MetaRulesTest, RejectsBadRulesNamingTheLine) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"type=foo", "unknown type \"foo\""},
      {"type=raw,value=x,pattern=y", "unknown attribute \"pattern\" for type=raw"},
      {"type=sha,value=x", "unknown attribute \"value\""},
      {"type=semver", "missing pattern"},
      {"type=match", "missing pattern"},
      {"type=raw", "missing value"},
      {"type=ref", "missing event"},
      {"type=ref,event=foo", "event=foo is not branch, tag or pr"},
      {"type=sha,format=foo", "format=foo is not short or long"},
      {"type=raw,x,priority=high", "priority=high is not a whole number"},
      {"type=raw,x,enable=yes", "enable=yes is not true or false"},
      {"type=match,pattern=v(.*),group=foo", "group=foo is not a group number"},
      {"type=match,pattern=v.*,group=1", "has no capture group for group=1"},
      {"\"type=semver,pattern={{version}},match=v\\d\"", "has no capture group"},
      {"type=match,pattern=v(", "is not a regular expression"},
      {"type=match,pattern=/v(.*)/s,group=1", "flag 's' is not supported"},
      {"type=raw,value={{foo}}", "{{foo}} is not known here"},
      {"type=semver,pattern={{branch}}", "{{branch}} is not known here"},
      {"type=schedule,pattern={{sha}}", "{{sha}} is not known here"},
      {"type=raw,value={{date 'YYYY' zone='UTC'}}", "unknown attribute zone"},
      {"type=raw,value={{#if tag}}x{{/if}}", "block helpers"},
      {"type=raw,value={{tag", "is not closed"},
      {"foo,bar", "value is given twice"},
      {"type=raw,type=sha", "type is given twice"},
  };
  for (const Case& c : cases) {
    const std::string message = error_of(
        [&] { parse_tags_input(std::string("type=raw,ok\n") + c.text); }, "tags");
    EXPECT_NE(message.find("tags: line 2 "), std::string::npos) << message;
    EXPECT_NE(message.find(c.message), std::string::npos) << message;
  }
}

TEST(MetaRulesTest, AcceptsTheActionsTemplates) {
  parse_tags_input(
      "type=schedule,pattern={{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}\n"
      "type=raw,value={{commit_date YYYY-MM-DD}}\n"
      "type=raw,value=x,enable={{is_default_branch}}\n"
      "type=semver,pattern={{ raw }}\n"
      "type=pep440,pattern={{major}}.{{minor}}\n"
      "\"type=match,\"\"pattern=/^v(\\d.\\d.\\d)$/ig\"\",group=1\"\n"
      "type=raw,value={{{branch}}}{{! a comment }}\n");
}

TEST(MetaRulesTest, ParsesFlavor) {
  const Flavor f =
      parse_flavor_input("latest=false\nprefix=dev-,onlatest=true\nsuffix= -a=b ");
  EXPECT_EQ(f.latest, LatestMode::k_false);
  EXPECT_EQ(f.prefix, "dev-");
  EXPECT_TRUE(f.prefix_latest);
  EXPECT_EQ(f.suffix, "-a=b");  // berth keeps what follows the first '='
  EXPECT_FALSE(f.suffix_latest);
  EXPECT_EQ(parse_flavor_input("prefix={{date 'YYYY' tz='Asia/Tokyo'}}-").prefix,
            "{{date 'YYYY' tz='Asia/Tokyo'}}-");
}

TEST(MetaRulesTest, RejectsBadFlavor) {
  for (const char* text :
       {"latest", "latest=maybe", "color=red", "onlatest=true,prefix=a-",
        "prefix=a-\nonlatest=true", "suffix=-a,onlatest=yes", "prefix={{nope}}"}) {
    const std::string message = error_of([&] { parse_flavor_input(text); }, "flavor");
    EXPECT_NE(message.find("flavor: line"), std::string::npos) << message;
  }
}

TEST(MetaRulesTest, ParsesImages) {
  const auto legacy = parse_images_input("name/foo, name/bar");
  ASSERT_EQ(legacy.size(), 2u);
  EXPECT_EQ(legacy[1].name, "name/bar");
  const auto lines = parse_images_input("name=ghcr.io/A/B\nc/d,enable=false\n# off\ne/f");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].name, "ghcr.io/A/B");
  EXPECT_FALSE(lines[1].enable);
  EXPECT_EQ(lines[2].line, 4u);
}

TEST(MetaRulesTest, RejectsBadImages) {
  for (const char* text : {"value=a/b", "a/b,enable=yes", "a/b,tag=x",
                           "name=,enable=true", "a/b,name=c/d", "x/y\na/b,c/d"}) {
    error_of([&] { parse_images_input(text); }, "images");
  }
}

// fuzz/fuzz_meta_rules.cpp: std::regex compiles recursively, and a pattern
// nested 30000 groups deep crashed berth with a stack overflow.
TEST(MetaRulesTest, RefusesARegexTooLongToCompileSafely) {
  const std::string deep = std::string(30000, '(') + "a" + std::string(30000, ')');
  const std::string msg = error_of(
      [&] { parse_tags_input("type=match,pattern=" + deep + ",group=1"); }, "tags");
  EXPECT_NE(msg.find("longer than 1024 characters"), std::string::npos) << msg;
  error_of([&] { parse_tags_input("type=semver,pattern={{version}},match=" + deep); }, "tags");
  // The limit leaves room for any real pattern.
  const std::string long_ok = "v(" + std::string(1000, 'a') + ")";
  const auto rules = parse_tags_input("type=match,pattern=" + long_ok + ",group=1");
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].regex->groups, 1u);
}

}  // namespace
}  // namespace berth::core
