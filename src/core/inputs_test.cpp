// SPDX-License-Identifier: MIT
#include "core/inputs.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/error.hpp"

namespace berth::core {
namespace {

// Returns the inputs named by the errors of parsing `values` (none if valid).
std::set<std::string> failing_inputs(const InputValues& values) {
  try {
    parse_inputs(values);
    return {};
  } catch (const Errors& e) {
    std::set<std::string> names;
    for (const Error& err : e.all()) {
      names.insert(err.input());
    }
    return names;
  }
}

TEST(InputsTest, AppliesDefaults) {
  const Inputs in = parse_inputs({});
  EXPECT_EQ(in.registry, "ghcr.io");
  EXPECT_EQ(in.context, ".");
  EXPECT_EQ(in.push, PushMode::k_auto);
  EXPECT_FALSE(in.dry_run);
  EXPECT_FALSE(in.calver.enabled);
  EXPECT_TRUE(in.tag_rules.empty());
  EXPECT_FALSE(in.flavor.has_value());
  EXPECT_TRUE(in.image_rules.empty());
}

TEST(InputsTest, ParsesValues) {
  const Inputs in = parse_inputs({
      {"registry", "LOCALHOST:5000"},
      {"images", "a/b\n\n# comment\n  c/d  \n"},
      {"build-args", "A=1\nB=x=y\n"},
      {"labels", "org.example.team=data"},
      {"platforms", "linux/amd64, linux/arm64/v8\nlinux/s390x"},
      {"push", "False"},
      {"dry-run", "TRUE"},
      {"calver", "2023.4"},
      {"promote", "2023.2-a1239a5"},
      {"promote-to", "2023.2-stable\nprod"},
  });
  EXPECT_EQ(in.registry, "localhost:5000");
  ASSERT_EQ(in.image_rules.size(), 2u);
  EXPECT_EQ(in.image_rules[0].name, "a/b");
  EXPECT_EQ(in.image_rules[1].name, "c/d");
  ASSERT_EQ(in.labels.size(), 1u);
  EXPECT_EQ(in.labels[0].text, "org.example.team=data");
  EXPECT_EQ(in.build_args, (std::vector<std::string>{"A=1", "B=x=y"}));
  EXPECT_EQ(in.platforms,
            (std::vector<std::string>{"linux/amd64", "linux/arm64/v8", "linux/s390x"}));
  EXPECT_EQ(in.push, PushMode::k_off);
  EXPECT_TRUE(in.dry_run);
  EXPECT_TRUE(in.calver.enabled);
  EXPECT_EQ(in.calver.prefix, "2023.4");
  EXPECT_EQ(in.promote_to, (std::vector<std::string>{"2023.2-stable", "prod"}));
}

TEST(InputsTest, ParsesTheRuleInputsOnce) {
  const Inputs in = parse_inputs({
      {"tags", "type=sha\n# a comment\ntype=ref,event=branch"},
      {"flavor", "latest=false\nprefix=app-"},
      {"images", "name=a/b,enable=false\nc/d"},
      {"labels", "\"x=a,b\"\n# not a label\ny=2"},
  });
  ASSERT_EQ(in.tag_rules.size(), 2u);
  EXPECT_EQ(in.tag_rules[0].type, TagType::k_ref);  // by priority: ref 600, sha 100
  EXPECT_EQ(in.tag_rules[0].line, 3u);
  EXPECT_EQ(in.tag_rules[1].type, TagType::k_sha);
  ASSERT_TRUE(in.flavor.has_value());
  EXPECT_EQ(in.flavor->latest, LatestMode::k_false);
  EXPECT_EQ(in.flavor->prefix, "app-");
  ASSERT_EQ(in.image_rules.size(), 2u);
  EXPECT_FALSE(in.image_rules[0].enable);
  EXPECT_EQ(in.image_rules[1].name, "c/d");
  // With the rules in use, labels follow metadata-action's list syntax.
  ASSERT_EQ(in.labels.size(), 2u);
  EXPECT_EQ(in.labels[0].text, "x=a,b");
  EXPECT_EQ(in.labels[1].line, 3u);
  EXPECT_TRUE(uses_metadata_rules(in));
  // Without them, a label line is taken as written.
  const Inputs plain = parse_inputs({{"labels", "\"x=a\""}});
  ASSERT_EQ(plain.labels.size(), 1u);
  EXPECT_EQ(plain.labels[0].text, "\"x=a\"");
  EXPECT_FALSE(uses_metadata_rules(plain));
  // A bad rule is an input error, reported with the others.
  EXPECT_EQ(failing_inputs({{"tags", "type=nope"}, {"flavor", "latest=maybe"},
                            {"images", "name=a,size=2"}, {"push", "x"}}),
            (std::set<std::string>{"tags", "flavor", "images", "push"}));
}

TEST(InputsTest, CalverTakesBooleansOrAPrefix) {
  EXPECT_TRUE(parse_inputs({{"calver", "true"}}).calver.enabled);
  EXPECT_EQ(parse_inputs({{"calver", "true"}}).calver.prefix, "");
  EXPECT_FALSE(parse_inputs({{"calver", "false"}}).calver.enabled);
  EXPECT_EQ(parse_inputs({{"calver", "2024.10"}}).calver.prefix, "2024.10");
  for (const char* bad : {"yes", "2023", "2023.0", "2023.", "23.1", "2023.1-x", "2023.123"}) {
    EXPECT_EQ(failing_inputs({{"calver", bad}}), std::set<std::string>{"calver"}) << bad;
  }
}

TEST(InputsTest, NamesEachBadInput) {
  struct Case {
    const char* input;
    std::string value;
  };
  const Case cases[] = {
      {"registry", "https://ghcr.io"},
      {"registry", "ghcr.io/owner"},
      {"push", "sometimes"},
      {"push", "1"},
      {"dry-run", "yes"},
      {"dry-run", "on"},
      {"build-args", "=value"},
      {"build-args", "NOEQUALS"},
      {"labels", "no-equals"},
      {"platforms", "amd64"},
      {"platforms", "linux/AMD64"},
      {"platforms", "linux/amd64/v8/x"},
      {"promote", "-bad"},
      {"promote-to", "bad tag"},
      {"username", "a b"},
      {"password", "two\nlines"},
      {"default-branch", "a b"},
      {"tags", std::string(40000, 'x')},
      {"target", std::string("a\x01", 2)},
  };
  for (const Case& c : cases) {
    InputValues values{{c.input, c.value}};
    if (std::string(c.input) == "promote-to") {
      values["promote"] = "2023.2-a1";
    }
    EXPECT_EQ(failing_inputs(values), std::set<std::string>{c.input})
        << c.input << "=" << c.value;
  }
}

TEST(InputsTest, ReportsEveryErrorAtOnce) {
  EXPECT_EQ(failing_inputs({{"push", "x"}, {"dry-run", "y"}, {"calver", "z"}}),
            (std::set<std::string>{"push", "dry-run", "calver"}));
}

TEST(InputsTest, PromoteToNeedsPromote) {
  EXPECT_EQ(failing_inputs({{"promote-to", "stable"}}), std::set<std::string>{"promote-to"});
}

TEST(InputsTest, TheRegistriesAreNamedByImagesOrRegistry) {
  EXPECT_EQ(registry_input(parse_inputs({})), "registry");
  EXPECT_EQ(registry_input(parse_inputs({{"images", "example.com/a/b"}})), "images");
}

TEST(InputsTest, KeepsThePasswordOutOfMessages) {
  try {
    parse_inputs({{"password", "hunter2\nsecond"}, {"push", "bad"}});
    FAIL();
  } catch (const Errors& e) {
    for (const Error& err : e.all()) {
      EXPECT_EQ(std::string(err.what()).find("hunter2"), std::string::npos);
    }
  }
}

TEST(InputsTest, ParsesBooleansLikeTheToolkit) {
  EXPECT_TRUE(parse_bool("True", false, "x"));
  EXPECT_FALSE(parse_bool("FALSE", true, "x"));
  EXPECT_TRUE(parse_bool("", true, "x"));
  EXPECT_THROW(parse_bool("tRUE", false, "x"), Error);
}

}  // namespace
}  // namespace berth::core
