// SPDX-License-Identifier: MIT
#include "app/packages.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "support/fake_services.hpp"
#include "support/fixtures.hpp"

namespace berth::app {
namespace {

std::vector<std::string> captured_lines(const std::string& name) {
  std::ifstream in(berth::testing::testdata("packages/" + name));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

TEST(PackagesAppTest, CollectsAndWritesTheThreeFiles) {
  testing::FakeServices f{io::Env{}};
  f.processes.answer("run", {0, captured_lines("debian-python3-pip.out")});
  Services s = f.services();
  const PackagesResult r =
      collect_packages(s, {"base", "reg.example/acme/base:1", "", "/out"});
  ASSERT_TRUE(r.manifest);
  EXPECT_EQ(r.manifest->tools.at("pip").size(), 10u);
  EXPECT_EQ(r.files,
            (std::vector<std::string>{"/out/base.packages.json", "/out/base.packages.txt",
                                      "/out/base.packages-diff.md"}));
  EXPECT_EQ(f.files.content("/out/base.packages.json"), r.json);
  EXPECT_NE(f.files.content("/out/base.packages-diff.md")
                .find("No manifest of a previous build"),
            std::string::npos);
  const auto& argv = f.processes.calls().at(0).argv;
  EXPECT_EQ(argv, core::package_collector_argv("docker", "reg.example/acme/base:1"));
}

TEST(PackagesAppTest, NoShellIsNoManifestAndNoError) {
  testing::FakeServices f{io::Env{}};
  f.processes.answer("run", {127,
                             {"docker: Error response from daemon: ... exec: \"sh\": "
                              "executable file not found in $PATH: unknown."}});
  Services s = f.services();
  const PackagesResult r = collect_packages(s, {"base", "img:1", "", "/out"});
  EXPECT_TRUE(r.no_shell);
  EXPECT_FALSE(r.manifest);
  EXPECT_TRUE(r.files.empty());
  EXPECT_NE(r.markdown.find("no shell"), std::string::npos);
}

TEST(PackagesAppTest, OtherDockerFailuresAreErrors) {
  testing::FakeServices f{io::Env{}};
  f.processes.answer("run", {125, {"Unable to find image 'img:1' locally"}});
  Services s = f.services();
  EXPECT_THROW(collect_packages(s, {"base", "img:1", "", ""}), Error);
}

TEST(PackagesAppTest, AMissingPreviousBuildIsANote) {
  testing::FakeServices f{io::Env{}};
  f.processes.answer("run", {0, captured_lines("debian-bookworm-slim.out")});
  Services s = f.services();
  const PackagesResult r = collect_packages(
      s, {"base", "reg.example/acme/base:2", "reg.example/acme/base:1", ""});
  ASSERT_TRUE(r.manifest);
  EXPECT_FALSE(r.previous);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0],
            "no package manifest of the previous build: no image acme/base:1");
}

}  // namespace
}  // namespace berth::app

namespace berth::app {
namespace {

TEST(PackagesAppTest, StoredAfterThePushAndDiffedByTheNextBuild) {
  testing::FakeServices f{io::Env{}};
  f.registries.at("reg.example").seed("acme/base", "build-1");
  f.processes.answer("run", {0, captured_lines("debian-bookworm-slim.out")});
  Services s = f.services();
  const PackagesResult first =
      collect_packages(s, {"base", "reg.example/acme/base:build-1", "", ""});
  const io::StoredPackages stored =
      store_packages(s, "reg.example/acme/base:build-1", first.json);
  EXPECT_FALSE(stored.subject_recorded);
  EXPECT_EQ(f.registries.at("reg.example").writes(),
            (std::vector<std::string>{"PUT acme/base:" + stored.artifact_digest,
                                      "PUT acme/base:" + stored.referrers_tag}));

  f.processes.answer("run", {0, captured_lines("debian-python3-pip.out")});
  const PackagesResult second = collect_packages(
      s,
      {"base", "reg.example/acme/base:build-2", "reg.example/acme/base:build-1", "/out"});
  ASSERT_TRUE(second.previous) << (second.notes.empty() ? "" : second.notes[0]);
  EXPECT_EQ(*second.previous, *first.manifest);
  EXPECT_EQ(second.diff.count(core::PackageChangeKind::k_added, "dpkg"), 37u);
  EXPECT_EQ(second.diff.count(core::PackageChangeKind::k_added, "pip"), 10u);
  EXPECT_NE(f.files.content("/out/base.packages-diff.md")
                .find("<details><summary>47 packages changed"),
            std::string::npos)
      << f.files.content("/out/base.packages-diff.md");
}

}  // namespace
}  // namespace berth::app
