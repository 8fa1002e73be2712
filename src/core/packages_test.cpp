// SPDX-License-Identifier: MIT
// Table tests over package lists captured from real images (testdata/packages/, see its
// README).
#include "core/packages.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/package_artifact.hpp"
#include "support/fixtures.hpp"

namespace berth::core {
namespace {

std::string captured(const std::string& name) {
  std::ifstream in(berth::testing::testdata("packages/" + name));
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_FALSE(s.str().empty()) << name;
  return s.str();
}

TEST(PackagesTest, SplitsTheCollectorOutputOfTheDebianBase) {
  const auto sections = split_collector_output(captured("debian-bookworm-slim.out"));
  ASSERT_TRUE(sections);
  ASSERT_EQ(sections->size(), 1u);
  EXPECT_EQ((*sections)[0].tool, "dpkg");
  EXPECT_EQ((*sections)[0].status, 0);
  const auto dpkg = parse_dpkg_list((*sections)[0].body);
  EXPECT_EQ(dpkg.size(), 88u);
  EXPECT_EQ(dpkg.front(), (Package{"adduser", "3.134"}));
  EXPECT_EQ(dpkg.back(), (Package{"zlib1g", "1:1.2.13.dfsg-1"}));
  for (std::size_t i = 1; i < dpkg.size(); ++i) {
    EXPECT_LT(dpkg[i - 1].name, dpkg[i].name);
  }
}

TEST(PackagesTest, SplitsDpkgAndPipSections) {
  const auto sections = split_collector_output(captured("debian-python3-pip.out"));
  ASSERT_TRUE(sections);
  ASSERT_EQ(sections->size(), 2u);
  EXPECT_EQ((*sections)[1].tool, "pip");
  EXPECT_EQ((*sections)[1].body.front(), '[');
  EXPECT_EQ(parse_dpkg_list((*sections)[0].body).size(), 125u);
}

TEST(PackagesTest, BusyboxHasTheMarkerAndNoSection) {
  const auto sections = split_collector_output(captured("busybox.out"));
  ASSERT_TRUE(sections);
  EXPECT_TRUE(sections->empty());
}

TEST(PackagesTest, NoMarkerIsNothingAndACutSectionAnError) {
  EXPECT_FALSE(split_collector_output("exec: \"sh\": executable file not found\n"));
  EXPECT_FALSE(split_collector_output(""));
  EXPECT_THROW(split_collector_output("#berth-packages 1\n#section dpkg\na\t1\tall\n"),
               Error);
  const auto failed =
      split_collector_output("#berth-packages 1\n#section dpkg\n#end 2\n");
  ASSERT_TRUE(failed);
  EXPECT_EQ((*failed)[0].status, 2);
}

TEST(PackagesTest, DpkgMultiarchAndBadLines) {
  const auto list = parse_dpkg_list(
      "libc6\t2.36-9\tamd64\nlibc6\t2.36-9\ti386\nzlib1g\t1:1.2\tamd64\r\n");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].name, "libc6:amd64");
  EXPECT_EQ(list[1].name, "libc6:i386");
  EXPECT_EQ(list[2], (Package{"zlib1g", "1:1.2"}));
  try {
    parse_dpkg_list("ok\t1\tall\nbroken line\n");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("line 2 \"broken line\""), std::string::npos)
        << e.what();
  }
}

TEST(PackagesTest, PipFreezeAsCaptured) {
  const auto list = parse_pip_freeze(captured("pip-freeze.txt"));
  ASSERT_EQ(list.size(), 7u);
  EXPECT_EQ(list[0], (Package{"certifi", "2022.9.24"}));
  EXPECT_EQ(list[2], (Package{"charset-normalizer", "3.0.1"}));
  const auto more = parse_pip_freeze(
      "Foo_Bar.baz==1.0\n-e git+https://x/y#egg=y\nmylib @ file:///src/mylib\n# "
      "comment\n");
  ASSERT_EQ(more.size(), 2u);
  EXPECT_EQ(more[0], (Package{"foo-bar-baz", "1.0"}));
  EXPECT_EQ(more[1], (Package{"mylib", "file:///src/mylib"}));
}

TEST(PackagesTest, CondaExportWrittenFromItsDocumentedFormat) {
  const auto list = parse_conda_export(captured("conda-export.txt"));
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[1], (Package{"numpy", "1.26.4"}));
  EXPECT_THROW(parse_conda_export("numpy\n"), Error);
}

TEST(PackagesTest, JsonAndTextAreFixed) {
  PackageManifest m;
  m.tools["pip"] = {{"requests", "2.28.1"}};
  m.tools["dpkg"] = {{"adduser", "3.134"}, {"a\"b", "1\\2"}};
  sort_packages(m.tools["dpkg"]);
  EXPECT_EQ(
      package_manifest_json(m),
      "{\"berthPackages\":1,\"tools\":{\"dpkg\":[[\"a\\\"b\",\"1\\\\2\"],[\"adduser\","
      "\"3.134\"]],\"pip\":[[\"requests\",\"2.28.1\"]]}}\n");
  EXPECT_EQ(package_manifest_text(m),
            "# dpkg (2 packages)\na\"b      1\\2\nadduser  3.134\n# pip (1 package)\n"
            "requests  2.28.1\n");
  EXPECT_EQ(package_manifest_text({}), "# no package tool found (dpkg, pip, conda)\n");
}

TEST(PackagesTest, FileStems) {
  EXPECT_EQ(package_file_stem("base"), "base");
  EXPECT_EQ(package_file_stem("ghcr.io/acme/base"), "ghcr.io-acme-base");
  EXPECT_EQ(package_file_stem("../x"), "-x");
  EXPECT_EQ(package_file_stem(".."), "image");
  EXPECT_EQ(package_file_stem(""), "image");
}

TEST(PackagesTest, CollectorArgvNeverPullsOrReachesTheNetwork) {
  const auto argv = package_collector_argv("docker", "localhost:5000/a:1");
  ASSERT_EQ(argv.size(), 10u);
  EXPECT_EQ(argv[3], "--pull=never");
  EXPECT_EQ(argv[4], "--network=none");
  EXPECT_EQ(argv[7], "localhost:5000/a:1");
  EXPECT_EQ(argv[9], package_collector_script());
}

TEST(PackagesTest, ArtifactManifestAndReferrersTag) {
  const std::string digest =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  EXPECT_EQ(referrers_tag(digest),
            "sha256-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  EXPECT_EQ(referrers_tag("nocolon"), "");
  const std::string m = package_artifact_manifest(
      {"application/vnd.oci.image.manifest.v1+json", digest, 1234},
      {k_packages_artifact_type, "sha256:ab", 99});
  EXPECT_EQ(
      m,
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
      "\"artifactType\":\"application/"
      "vnd.berth.packages.v1+json\",\"config\":{\"mediaType\":"
      "\"application/vnd.oci.empty.v1+json\",\"digest\":\"" +
          std::string(k_oci_empty_digest) +
          "\",\"size\":2,\"data\":\"e30=\"},\"layers\":[{\"mediaType\":\"application/"
          "vnd.berth.packages.v1+json\",\"digest\":\"sha256:ab\",\"size\":99}],"
          "\"subject\":{"
          "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" +
          digest + "\",\"size\":1234}}");
}

}  // namespace
}  // namespace berth::core
