// SPDX-License-Identifier: MIT
// Package manifests against the real test registries (Debian's docker-registry
// 2.8, which has no referrers API: the referrers tag schema is used) over TLS
// with basic auth and with token auth, and the collector in the test daemon's
// local Debian base image.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdio>
#include <filesystem>

#include "app/packages.hpp"
#include "core/error.hpp"
#include "core/media_types.hpp"
#include "core/package_artifact.hpp"
#include "io/console.hpp"
#include "io/package_json.hpp"
#include "io/package_store.hpp"
#include "support/seed.hpp"
#include "support/testenv.hpp"

namespace berth {
namespace {

// The registries a test command sees: one client per host, all counted.
class TestRegistries : public app::RegistryAccess {
 public:
  explicit TestRegistries(io::HttpClient& http) : m_counting(http) {}
  io::Registry& registry(const std::string& host) override {
    for (const auto& c : m_clients) {
      if (c->host() == host) {
        return *c;
      }
    }
    io::RegistryOptions ro;
    ro.host = host;
    for (const auto& s : testing::registry_setups()) {
      if (s.host == host && s.auth) {
        ro.credentials = {testing::need_env("BERTH_USER"), testing::test_password()};
      }
    }
    ro.insecure_hosts = {testing::need_env("BERTH_REG_PLAIN"),
                         testing::need_env("BERTH_REG_TOKEN")};
    m_clients.push_back(std::make_unique<io::RegistryClient>(m_counting, ro));
    return *m_clients.back();
  }
  bool sends_password(const std::string&) const override { return true; }
  bool can_push(const std::string&) override { return true; }
  app::HttpStats stats() const override {
    return {m_counting.requests(), m_counting.bytes_received(), m_counting.bytes_sent(),
            m_counting.log()};
  }

 private:
  io::CountingHttpClient m_counting;
  std::vector<std::unique_ptr<io::RegistryClient>> m_clients;
};

class PackagesTest : public ::testing::Test {
 protected:
  PackagesTest() {
    io::HttpOptions options;
    options.ca_file = testing::need_env("BERTH_CA_CERT");
    m_http = io::make_curl_client(options);
  }

  // The two registries with credentials: basic auth over TLS, token auth.
  static std::vector<testing::RegistrySetup> authed() {
    const auto all = testing::registry_setups();
    return {all[1], all[2]};
  }

  static core::PackageManifest sample(const std::string& libc) {
    core::PackageManifest m;
    m.tools["dpkg"] = {{"adduser", "3.134"}, {"libc6", libc}};
    m.tools["pip"] = {{"pip", "23.0.1"}};
    return m;
  }

  std::unique_ptr<io::HttpClient> m_http;
};

TEST_F(PackagesTest, StoresNextToTheImageAndFindsItThroughTheReferrersTag) {
  for (const auto& s : authed()) {
    SCOPED_TRACE(s.name);
    TestRegistries regs(*m_http);
    io::Registry& r = regs.registry(s.host);
    auto& client = static_cast<io::RegistryClient&>(r);
    const std::string repo = testing::unique_repo("stack/base");
    r.add_scope(repo, "pull,push");
    const io::Manifest image = testing::seed_image(
        client, repo, "2026.4-aaaaaaa", std::string(core::k_oci_manifest), repo);
    const std::string json = core::package_manifest_json(sample("2.36-9"));

    const int before = regs.stats().requests;
    const io::StoredPackages stored =
        io::store_package_artifact(r, repo, "2026.4-aaaaaaa", json);
    const int store_requests = regs.stats().requests - before;
    EXPECT_EQ(stored.subject_digest, image.digest);
    EXPECT_FALSE(stored.subject_recorded);  // distribution 2.8: no referrers API
    EXPECT_EQ(stored.referrers_tag, core::referrers_tag(image.digest));
    std::printf(
        "[ measure ] %s: store %d requests, json %zu B, artifact manifest %zu B\n",
        s.name.c_str(), store_requests, stored.json_size, stored.artifact_size);

    // The referrers tag: an OCI index with one entry of berth's artifact type.
    const io::Manifest index = r.get_manifest(repo, stored.referrers_tag);
    EXPECT_EQ(index.media_type, core::k_oci_index);
    rapidjson::Document doc;
    doc.Parse(index.bytes.c_str());
    ASSERT_TRUE(doc.IsObject());
    ASSERT_EQ(doc["manifests"].Size(), 1u);
    EXPECT_EQ(std::string(doc["manifests"][0]["digest"].GetString()),
              stored.artifact_digest);
    EXPECT_EQ(std::string(doc["manifests"][0]["artifactType"].GetString()),
              core::k_packages_artifact_type);
    // The artifact: subject = the image, the JSON as its one layer.
    const io::Manifest artifact = r.get_manifest(repo, stored.artifact_digest);
    EXPECT_NE(artifact.bytes.find("\"subject\":{\"mediaType\":\"" + image.media_type +
                                  "\",\"digest\":\"" + image.digest + "\""),
              std::string::npos);

    // Read back from a later tag of the same image (as a retag leaves it).
    r.put_manifest(repo, "2026.4-bbbbbbb", image);
    const int before_read = regs.stats().requests;
    const io::FoundPackages found = io::find_package_artifact(r, repo, "2026.4-bbbbbbb");
    const int read_requests = regs.stats().requests - before_read;
    ASSERT_TRUE(found.json) << found.absent;
    EXPECT_EQ(*found.json, json);
    EXPECT_FALSE(found.via_api);
    std::printf("[ measure ] %s: read %d requests\n", s.name.c_str(), read_requests);

    // Storing the same manifest again changes nothing (no duplicate entry).
    io::store_package_artifact(r, repo, "2026.4-aaaaaaa", json);
    EXPECT_EQ(r.get_manifest(repo, stored.referrers_tag).bytes, index.bytes);
  }
}

TEST_F(PackagesTest, KeepsOtherReferrersAndTakesTheNewestOfOurs) {
  for (const auto& s : authed()) {
    SCOPED_TRACE(s.name);
    TestRegistries regs(*m_http);
    io::Registry& r = regs.registry(s.host);
    auto& client = static_cast<io::RegistryClient&>(r);
    const std::string repo = testing::unique_repo("stack/nb");
    r.add_scope(repo, "pull,push");
    const io::Manifest image =
        testing::seed_image(client, repo, "v1", std::string(core::k_oci_manifest), repo);
    // Another tool's referrer already in the tag's index (a real manifest: the
    // registry checks an index's entries exist).
    const io::Manifest other = testing::seed_image(
        client, repo, "other", std::string(core::k_oci_manifest), repo + "x");
    const std::string tag = core::referrers_tag(image.digest);
    const std::string foreign = io::add_referrer(
        std::nullopt, other.digest,
        "{\"mediaType\":\"" + other.media_type + "\",\"digest\":\"" + other.digest +
            "\",\"size\":" + std::to_string(other.bytes.size()) +
            ",\"artifactType\":\"application/example.sig\"}");
    r.put_manifest(repo, tag, io::Manifest{std::string(core::k_oci_index), foreign, ""});

    io::store_package_artifact(r, repo, "v1",
                               core::package_manifest_json(sample("2.36-9")));
    const auto second = io::store_package_artifact(
        r, repo, "v1", core::package_manifest_json(sample("2.36-10")));
    rapidjson::Document doc;
    const std::string bytes = r.get_manifest(repo, tag).bytes;
    doc.Parse(bytes.c_str());
    ASSERT_EQ(doc["manifests"].Size(), 3u);
    EXPECT_EQ(std::string(doc["manifests"][0]["artifactType"].GetString()),
              "application/example.sig");
    const auto found = io::find_package_artifact(r, repo, "v1");
    ASSERT_TRUE(found.json);
    EXPECT_EQ(found.artifact_digest, second.artifact_digest);
    EXPECT_EQ(io::parse_package_manifest_json("m", *found.json), sample("2.36-10"));
  }
}

TEST_F(PackagesTest, NothingFoundIsNoError) {
  const auto s = authed()[1];
  TestRegistries regs(*m_http);
  io::Registry& r = regs.registry(s.host);
  const std::string repo = testing::unique_repo("stack/none");
  r.add_scope(repo, "pull,push");
  auto missing = io::find_package_artifact(r, repo, "nope");
  EXPECT_FALSE(missing.json);
  EXPECT_EQ(missing.absent, "no image " + repo + ":nope");
  testing::seed_image(static_cast<io::RegistryClient&>(r), repo, "v1",
                      std::string(core::k_oci_manifest), repo);
  auto bare = io::find_package_artifact(r, repo, "v1");
  EXPECT_FALSE(bare.json);
  EXPECT_NE(bare.absent.find("no package manifest refers to"), std::string::npos);
}

// The whole app-level flow with the test daemon: the collector in the local
// Debian base image, the previous build's manifest from the registry, the
// diff, the files, and the store after a "push" (a seeded image).
TEST_F(PackagesTest, CollectsDiffsWritesAndStores) {
  const std::string base = testing::need_env("BERTH_BASE_IMAGE");
  // Engine 26's daemons (BERTH_ITEST_ENGINE) get the base image from Debian
  // 12's, where testenv/ made it.
  if (std::system(("docker image inspect " + base + " >/dev/null 2>&1").c_str()) != 0) {
    const std::string copy = "DOCKER_HOST=unix://" + testing::need_env("BERTH_TESTENV") +
                             "/docker.sock docker save " + base +
                             " | docker load >/dev/null";
    ASSERT_EQ(std::system(copy.c_str()), 0) << copy;
  }
  for (const auto& s : authed()) {
    SCOPED_TRACE(s.name);
    TestRegistries regs(*m_http);
    io::Registry& r = regs.registry(s.host);
    auto& client = static_cast<io::RegistryClient&>(r);
    const std::string repo = testing::unique_repo("stack/app");
    r.add_scope(repo, "pull,push");
    testing::seed_image(client, repo, "prev", std::string(core::k_oci_manifest), repo);
    core::PackageManifest old;
    old.tools["dpkg"] = {{"adduser", "3.100"}, {"gone", "1.0"}};
    io::store_package_artifact(r, repo, "prev", core::package_manifest_json(old));

    io::Env env;
    env.set("PATH", std::getenv("PATH"));
    env.set("DOCKER_HOST", testing::need_env("DOCKER_HOST"));
    env.set("DOCKER_CONFIG", testing::need_env("DOCKER_CONFIG"));
    io::Console console{stderr};
    io::PosixProcessRunner processes;
    io::RealFiles files;
    app::Services svc{env,  console,          processes,         files,
                      regs, [] { return 0; }, [] { return "x"; }};
    const std::string dir = ::testing::TempDir() + "/" + testing::unique_repo("pkgdir");
    const app::PackagesResult res =
        app::collect_packages(svc, {"app", base, s.host + "/" + repo + ":prev", dir});
    ASSERT_TRUE(res.manifest);
    EXPECT_FALSE(res.no_shell);
    EXPECT_GT(res.manifest->tools.at("dpkg").size(), 50u);
    ASSERT_TRUE(res.previous) << (res.notes.empty() ? "" : res.notes[0]);
    EXPECT_EQ(res.diff.count(core::PackageChangeKind::k_upgraded, "dpkg"),
              1u);                                                              // adduser
    EXPECT_EQ(res.diff.count(core::PackageChangeKind::k_removed, "dpkg"), 1u);  // gone
    EXPECT_EQ(res.diff.count(core::PackageChangeKind::k_added, "dpkg"),
              res.manifest->tools.at("dpkg").size() - 1);
    ASSERT_EQ(res.files.size(), 3u);
    EXPECT_EQ(files.read_text(dir + "/app.packages.json"), res.json);
    EXPECT_NE(files.read_text(dir + "/app.packages.txt").find("# dpkg ("),
              std::string::npos);
    EXPECT_NE(files.read_text(dir + "/app.packages-diff.md").find("<details>"),
              std::string::npos);

    // After the push: stored next to the new build, read back as the next
    // build would.
    testing::seed_image(client, repo, "next", std::string(core::k_oci_manifest),
                        repo + "n");
    app::store_packages(svc, s.host + "/" + repo + ":next", res.json);
    EXPECT_EQ(app::read_packages(svc, s.host + "/" + repo + ":next"), res.manifest);
    std::filesystem::remove_all(dir);
  }
}

TEST_F(PackagesTest, AnImageWithoutAShellHasNoManifestAndNoError) {
  // A one-file image imported into the test daemon: no /bin/sh.
  const std::string image = "berth-itest/noshell:" + testing::unique_repo("t");
  const std::string dir = ::testing::TempDir() + "/" + testing::unique_repo("noshell");
  std::filesystem::create_directories(dir);
  {
    std::FILE* f = std::fopen((dir + "/hello").c_str(), "w");
    std::fputs("hi\n", f);
    std::fclose(f);
  }
  const std::string import =
      "tar -C " + dir + " -c . | docker import - " + image + " >/dev/null";
  ASSERT_EQ(std::system(import.c_str()), 0);
  io::Env env;
  env.set("PATH", std::getenv("PATH"));
  env.set("DOCKER_HOST", testing::need_env("DOCKER_HOST"));
  env.set("DOCKER_CONFIG", testing::need_env("DOCKER_CONFIG"));
  io::Console console{stderr};
  io::PosixProcessRunner processes;
  io::RealFiles files;
  TestRegistries regs(*m_http);
  app::Services svc{env,  console,          processes,         files,
                    regs, [] { return 0; }, [] { return "x"; }};
  const app::PackagesResult res =
      app::collect_packages(svc, {"noshell", image, "", dir + "/out"});
  EXPECT_TRUE(res.no_shell);
  EXPECT_FALSE(res.manifest);
  EXPECT_TRUE(res.files.empty());
  EXPECT_THROW(app::collect_packages(svc, {"x", "berth-itest/absent:none", "", ""}),
               Error);
  std::system(("docker image rm " + image + " >/dev/null").c_str());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace berth
