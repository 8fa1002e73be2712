// SPDX-License-Identifier: MIT
// action.yml against the code: its inputs are exactly core::input_specs() (in
// order, with their defaults and descriptions), and its outputs are exactly the
// names berth writes to GITHUB_OUTPUT. A line scanner reads the file: the
// action.yml is kept to the subset it understands (two-space indents, one-line
// scalars, comments on their own lines), and it fails on anything else.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/promote.hpp"
#include "app/report.hpp"
#include "app/stack.hpp"
#include "core/inputs.hpp"
#include "support/fixtures.hpp"

namespace berth {
namespace {

// One entry under `inputs:` or `outputs:`: its properties (description, default, ...).
struct Entry {
  std::string name;
  std::map<std::string, std::string> properties;
};

// The parts of action.yml the tests look at.
struct ActionYml {
  std::map<std::string, std::string> top;  // top-level scalars: name, description
  std::vector<Entry> inputs;
  std::vector<Entry> outputs;
  std::map<std::string, std::string> runs;
  std::vector<std::string> problems;  // lines the scanner does not understand
};

// Returns a YAML one-line scalar without its quotes ('' in single quotes is ').
std::string unquote(const std::string& v, std::vector<std::string>& problems) {
  if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') {
    std::string out;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
      out += v[i];
      if (v[i] == '\'') {
        ++i;  // '' -> '
      }
    }
    return out;
  }
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
    if (v.find('\\') != std::string::npos) {
      problems.push_back("escapes in a double-quoted scalar: " + v);
    }
    return v.substr(1, v.size() - 2);
  }
  if (v == "|" || v == ">" || v.rfind("|-", 0) == 0 || v.rfind(">-", 0) == 0 ||
      v.rfind('&', 0) == 0 || v.rfind('*', 0) == 0 || v.rfind('{', 0) == 0 ||
      v.rfind('[', 0) == 0) {
    problems.push_back("unsupported YAML value (block scalar, anchor or flow): " + v);
  }
  const auto comment = v.find(" #");
  return comment == std::string::npos ? v
                                      : v.substr(0, v.find_last_not_of(' ', comment) + 1);
}

ActionYml scan(const std::string& text) {
  ActionYml yml;
  std::istringstream lines(text);
  std::string line;
  std::string section;
  Entry* entry = nullptr;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    const auto first = line.find_first_not_of(' ');
    if (first == std::string::npos || line[first] == '#') {
      continue;
    }
    if (line.find('\t') != std::string::npos || line.back() == '\r') {
      yml.problems.push_back("line " + std::to_string(number) + ": tab or CR");
      continue;
    }
    const auto colon = line.find(':', first);
    if (colon == std::string::npos) {
      yml.problems.push_back("line " + std::to_string(number) + ": not key: value");
      continue;
    }
    const std::string key = line.substr(first, colon - first);
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    value = unquote(value, yml.problems);
    if (first == 0) {
      section = key;
      entry = nullptr;
      if (!value.empty()) {
        yml.top[key] = value;
      }
    } else if (first == 2 && (section == "inputs" || section == "outputs")) {
      auto& list = section == "inputs" ? yml.inputs : yml.outputs;
      list.push_back(Entry{key, {}});
      entry = &list.back();
      if (!value.empty()) {
        yml.problems.push_back("line " + std::to_string(number) + ": " + key +
                               " has a value");
      }
    } else if (first == 4 && entry != nullptr) {
      if (!entry->properties.emplace(key, value).second) {
        yml.problems.push_back("line " + std::to_string(number) + ": duplicate " + key);
      }
    } else if (first == 2 && section == "runs") {
      yml.runs[key] = value;
    } else if (first == 2 && section == "branding") {
      yml.top["branding." + key] = value;
    } else {
      yml.problems.push_back("line " + std::to_string(number) + ": unexpected indent");
    }
  }
  return yml;
}

const ActionYml& action_yml() {
  static const ActionYml yml = scan(testing::project_file("action.yml"));
  return yml;
}

std::vector<std::string> names(const std::vector<Entry>& entries) {
  std::vector<std::string> out;
  for (const Entry& e : entries) {
    out.push_back(e.name);
  }
  return out;
}

// Every output name any code path writes.
std::set<std::string> written_outputs() {
  std::set<std::string> out;
  const auto add = [&out](const io::Outputs& outputs) {
    for (const auto& [name, value] : outputs) {
      out.insert(name);
    }
  };
  const core::Metadata metadata;
  app::BuildRun build;
  build.execution.digest = "sha256:" + std::string(64, 'a');
  build.execution.image_id = "sha256:" + std::string(64, 'b');
  add(app::metadata_outputs(metadata));
  add(app::metadata_outputs(metadata, &build));
  app::PromotionReport promotion;
  promotion.source = "2024.1-abcdef0";
  promotion.images.push_back(
      {"ghcr.io/o/app", build.execution.digest, "", {"ghcr.io/o/app:2024.1-stable"}, {}, ""});
  add(app::promotion_outputs(promotion));
  promotion.dry_run = true;
  add(app::promotion_outputs(promotion));
  app::StackReport stack;
  stack.build_tag = "2024.1-abcdef0";
  add(app::stack_outputs(stack));
  return out;
}

TEST(ActionYmlTest, ScansCleanly) {
  EXPECT_FALSE(action_yml().inputs.empty())
      << "no inputs in action.yml";
  EXPECT_EQ(action_yml().problems, std::vector<std::string>{});
  EXPECT_FALSE(action_yml().top.count("name") == 0 ||
               action_yml().top.at("name").empty());
  EXPECT_FALSE(action_yml().top.count("description") == 0);
  EXPECT_EQ(action_yml().top.count("branding.icon"), 1u);
  EXPECT_EQ(action_yml().top.count("branding.color"), 1u);
}

TEST(ActionYmlTest, InputsAreExactlyTheInputSpecsInOrder) {
  std::vector<std::string> want;
  for (const core::InputSpec& spec : core::input_specs()) {
    want.emplace_back(spec.name);
  }
  EXPECT_EQ(names(action_yml().inputs), want);
}

TEST(ActionYmlTest, InputsHaveTheSpecsDescriptionsAndDefaults) {
  // The credentials default to the workflow's own token, for ghcr.io.
  const std::map<std::string, std::string> expression_defaults = {
      {"username", "${{ github.actor }}"}, {"password", "${{ github.token }}"}};
  for (const core::InputSpec& spec : core::input_specs()) {
    const std::string name(spec.name);
    const Entry* entry = nullptr;
    for (const Entry& e : action_yml().inputs) {
      if (e.name == name) {
        entry = &e;
      }
    }
    if (entry == nullptr) {
      continue;  // reported by InputsAreExactlyTheInputSpecsInOrder
    }
    const auto& p = entry->properties;
    EXPECT_EQ(p.count("description") ? p.at("description") : "<missing>",
              spec.description)
        << "input " << name;
    const auto special = expression_defaults.find(name);
    const std::string want_default = special == expression_defaults.end()
                                         ? std::string(spec.default_value)
                                         : special->second;
    EXPECT_EQ(p.count("default") ? p.at("default") : "<missing>", want_default)
        << "input " << name;
    // The runner never enforces `required`; berth validates instead.
    EXPECT_NE(p.count("required") ? p.at("required") : "", "true") << "input " << name;
  }
}

TEST(ActionYmlTest, OutputsAreExactlyTheOnesBerthWrites) {
  const std::set<std::string> written = written_outputs();
  std::set<std::string> declared;
  for (const Entry& e : action_yml().outputs) {
    EXPECT_TRUE(declared.insert(e.name).second)
        << "output " << e.name << " declared twice";
    EXPECT_FALSE(e.properties.count("description") == 0 ||
                 e.properties.at("description").empty())
        << "output " << e.name << " has no description";
  }
  for (const std::string& name : written) {
    EXPECT_EQ(declared.count(name), 1u)
        << "berth writes output '" << name << "' but action.yml does not declare it";
  }
  for (const std::string& name : declared) {
    EXPECT_EQ(written.count(name), 1u)
        << "action.yml declares output '" << name << "' but berth never writes it";
  }
}

TEST(ActionYmlTest, RunsTheImageWithItsExecFormEntrypoint) {
  const auto& runs = action_yml().runs;
  ASSERT_EQ(runs.count("using"), 1u);
  EXPECT_EQ(runs.at("using"), "docker");
  ASSERT_EQ(runs.count("image"), 1u);
  const std::string& image = runs.at("image");
  EXPECT_TRUE(image == "Dockerfile" || image.rfind("docker://", 0) == 0) << image;
  // A shell entrypoint would drop INPUT_DRY-RUN and friends; args would put
  // inputs on the logged command line.
  EXPECT_EQ(runs.count("entrypoint"), 0u);
  EXPECT_EQ(runs.count("args"), 0u);
  // What the image is (the release's, of the project's version) and the
  // Dockerfile it is built from: action_image_test.cpp.
}

TEST(ActionYmlTest, ScannerReadsQuotesAndFlagsWhatItCannotRead) {
  const ActionYml yml = scan(
      "name: 'it''s'\n"
      "inputs:\n"
      "  a-b:\n"
      "    description: \"x: y\"\n"
      "    default: plain # comment\n"
      "  c:\n"
      "    description: |\n");
  ASSERT_EQ(yml.inputs.size(), 2u);
  EXPECT_EQ(yml.top.at("name"), "it's");
  EXPECT_EQ(yml.inputs[0].properties.at("description"), "x: y");
  EXPECT_EQ(yml.inputs[0].properties.at("default"), "plain");
  EXPECT_EQ(yml.problems.size(), 1u);
}

}  // namespace
}  // namespace berth
