// SPDX-License-Identifier: MIT
// The image action.yml runs against the project's version: runs.image names
// docker://ghcr.io/OWNER/REPO:VERSION, VERSION is CMakeLists.txt's project
// VERSION, and the binary says so in `berth --version`. scripts/release.sh
// writes the two files together in the release commit (and checks them the
// same way); a hand edit of one alone fails here. The Dockerfile the release
// image is built from keeps its exec-form entrypoint and no syntax directive.
#include <gtest/gtest.h>

#include <cctype>
#include <regex>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "core/reference.hpp"

#include "support/fixtures.hpp"
#include "support/spawn.hpp"

namespace berth {
namespace {

// The owner action.yml names before the first release: a "." cannot be in a
// GitHub login, so nobody can publish an image under it (action.yml, the
// comment above runs).
constexpr const char* k_unreleased_owner = "berth.unreleased";

// Returns the value of `  image:` under `runs:`, quotes removed ("" when
// absent). action_yml_test.cpp holds the file to the subset this reads.
std::string runs_image(const std::string& action_yml) {
  std::istringstream lines(action_yml);
  bool in_runs = false;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] != ' ' && line[0] != '#') {
      in_runs = line.rfind("runs:", 0) == 0;
    } else if (in_runs && line.rfind("  image:", 0) == 0) {
      std::string v = line.substr(8);
      v.erase(0, v.find_first_not_of(' '));
      v.erase(v.find_last_not_of(' ') + 1);
      if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"') &&
          v.back() == v.front()) {
        v = v.substr(1, v.size() - 2);
      }
      return v;
    }
  }
  return "";
}

// Returns the VERSION of CMakeLists.txt's project() ("" when absent).
std::string project_version(const std::string& cmakelists) {
  static const std::regex k_project(R"(\nproject\(berth VERSION ([^ )]+))");
  std::smatch m;
  return std::regex_search(cmakelists, m, k_project) ? m[1].str() : "";
}

struct ImageRef {
  std::string host, owner, repo, tag;
};

// Splits docker://HOST/OWNER/REPO:TAG; false when it is not of that shape.
bool split_image(const std::string& image, ImageRef& out) {
  static const std::regex k_shape(R"(^docker://([^/@]+)/([^/@]+)/([^/:@]+):([^/:@]+)$)");
  std::smatch m;
  if (!std::regex_match(image, m, k_shape)) {
    return false;
  }
  out = {m[1].str(), m[2].str(), m[3].str(), m[4].str()};
  return true;
}

TEST(ActionImageTest, SplitsAndReadsTheFiles) {
  EXPECT_EQ(
      runs_image("name: x\nruns:\n  using: 'docker'\n  image: 'docker://a/b/c:1'\n"),
      "docker://a/b/c:1");
  EXPECT_EQ(runs_image("image: 'no'\nruns:\n  using: 'docker'\n"), "");
  EXPECT_EQ(project_version("x\nproject(berth VERSION 1.2.3 LANGUAGES CXX)\n"), "1.2.3");
  ImageRef ref;
  ASSERT_TRUE(split_image("docker://ghcr.io/o-1/berth:1.2.3", ref));
  EXPECT_EQ(ref.owner, "o-1");
  EXPECT_EQ(ref.tag, "1.2.3");
  EXPECT_FALSE(split_image("Dockerfile", ref));
  EXPECT_FALSE(split_image("docker://ghcr.io/o/berth", ref));
  EXPECT_FALSE(split_image("docker://ghcr.io/o/berth@sha256:00", ref));
}

TEST(ActionImageTest, NamesTheGhcrImageOfTheProjectVersion) {
  const std::string image = runs_image(testing::project_file("action.yml"));
  const std::string version = project_version(testing::project_file("CMakeLists.txt"));
  ASSERT_FALSE(version.empty()) << "no project(berth VERSION ...) in CMakeLists.txt";
  ImageRef ref;
  ASSERT_TRUE(split_image(image, ref))
      << "action.yml's runs.image is '" << image
      << "', want docker://ghcr.io/OWNER/REPO:" << version
      << " (scripts/release.sh writes it; forks: scripts/action-from-source.sh)";
  EXPECT_EQ(ref.host, "ghcr.io");
  EXPECT_EQ(ref.tag, version) << "action.yml names another version than CMakeLists.txt";
  // A GitHub login, lowercased (letters, digits, single inner hyphens, at most
  // 39), or the marker of a project never released.
  static const std::regex k_login("^[a-z0-9](-?[a-z0-9]){0,38}$");
  EXPECT_TRUE(std::regex_match(ref.owner, k_login) || ref.owner == k_unreleased_owner)
      << ref.owner;
  // A reference the runner can pull as written: valid and already lowercase.
  const std::string written = image.substr(9);
  try {
    EXPECT_EQ(core::parse_reference(written, "runs.image").str(), written);
  } catch (const Error& e) {
    ADD_FAILURE() << e.what();
  }
}

TEST(ActionImageTest, BerthReportsTheProjectVersion) {
  const std::string version = project_version(testing::project_file("CMakeLists.txt"));
  const testing::RunResult r =
      testing::run({testing::berth_binary(), "--version"}, io::Env{});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("berth " + version + " (", 0), 0u) << r.out;
}

TEST(ActionImageTest, DockerfileKeepsTheExecEntrypointAndNoSyntaxLine) {
  const std::string dockerfile = testing::project_file("Dockerfile");
  // A shell entrypoint would drop INPUT_DRY-RUN and friends.
  EXPECT_NE(dockerfile.find("\nENTRYPOINT [\"/usr/local/bin/berth\"]\n"),
            std::string::npos);
  // A parser directive would pull a frontend image from Docker Hub.
  std::istringstream lines(dockerfile);
  for (std::string line; std::getline(lines, line);) {
    std::string squeezed;
    for (char c : line) {
      if (c != ' ' && c != '\t') {
        squeezed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
    EXPECT_NE(squeezed.rfind("#syntax=", 0), 0u) << line;
  }
}

}  // namespace
}  // namespace berth
