// SPDX-License-Identifier: MIT
// The merge of a split build (split: merge) against real registries
// (Debian's docker-registry, started by testenv/): anonymous over HTTP,
// htpasswd basic auth over TLS, and token auth. The per-platform images are
// seeded through the registry API under their platform tags, as the jobs of
// a split build leave them; no daemon is involved.
#include <gtest/gtest.h>

#include <rapidjson/document.h>

#include <random>

#include "app/run.hpp"
#include "core/error.hpp"
#include "core/media_types.hpp"
#include "io/console.hpp"
#include "io/digest.hpp"
#include "support/fixtures.hpp"
#include "support/runner_files.hpp"
#include "support/seed.hpp"
#include "support/spawn.hpp"
#include "support/testenv.hpp"

namespace berth {
namespace {

// One entry of an index as the registry returns it.
struct Entry {
  std::string media_type, digest, platform, reference_type;
};

std::vector<Entry> entries_of(const io::Manifest& index) {
  rapidjson::Document doc;
  doc.Parse(index.bytes.data(), index.bytes.size());
  std::vector<Entry> out;
  for (const auto& e : doc["manifests"].GetArray()) {
    Entry entry{e["mediaType"].GetString(), e["digest"].GetString(), "", ""};
    if (e.HasMember("platform")) {
      entry.platform = std::string(e["platform"]["os"].GetString()) + "/" +
                       e["platform"]["architecture"].GetString();
    }
    if (e.HasMember("annotations") && e["annotations"].HasMember("vnd.docker.reference.type")) {
      entry.reference_type = e["annotations"]["vnd.docker.reference.type"].GetString();
    }
    out.push_back(entry);
  }
  return out;
}

class MergeTest : public ::testing::Test {
 protected:
  io::RegistryClient& client(const testing::RegistrySetup& s) {
    io::HttpOptions options;
    options.ca_file = testing::need_env("BERTH_CA_CERT");
    m_http.push_back(io::make_curl_client(options));
    io::RegistryOptions ro;
    ro.host = s.host;
    if (s.auth) {
      ro.credentials = {testing::need_env("BERTH_USER"), testing::test_password()};
    }
    m_clients.push_back(std::make_unique<io::RegistryClient>(*m_http.back(), ro));
    return *m_clients.back();
  }

  // The action's environment on a v1.2.3 tag push: split: merge of two platforms.
  io::Env env_for(const testing::RegistrySetup& s, const std::string& image, bool dry_run = false) {
    io::Env env = testing::load_event("push_tag_semver");
    env.set("INPUT_IMAGES", image);
    env.set("INPUT_SPLIT", "merge");
    env.set("INPUT_PLATFORMS", "linux/amd64,linux/arm64");
    env.set("INPUT_DRY-RUN", dry_run ? "true" : "false");
    testing::set_registry_access(env, s);
    return env;
  }

  io::Console m_console{stderr};
  std::vector<std::unique_ptr<io::HttpClient>> m_http;
  std::vector<std::unique_ptr<io::RegistryClient>> m_clients;
};

TEST_F(MergeTest, AssemblesTheIndexAndPointsEveryTagAtIt) {
  for (const testing::RegistrySetup& s : testing::registry_setups()) {
    for (std::string_view type : {core::k_oci_manifest, core::k_docker_manifest}) {
      SCOPED_TRACE(s.name + " " + std::string(type));
      io::RegistryClient& c = client(s);
      const std::string repo = testing::unique_repo("split/app");
      const io::Manifest amd =
          testing::seed_image(c, repo, "1.2.3-linux-amd64", std::string(type), repo + "amd");
      const io::Manifest arm =
          testing::seed_image(c, repo, "1.2.3-linux-arm64", std::string(type), repo + "arm");

      // A dry run reads only.
      ASSERT_EQ(app::run_action(env_for(s, s.host + "/" + repo, true), m_console), 0);
      EXPECT_FALSE(c.head_manifest(repo, "1.2.3").has_value());

      ASSERT_EQ(app::run_action(env_for(s, s.host + "/" + repo), m_console), 0);
      const io::Manifest index = c.get_manifest(repo, "1.2.3");
      EXPECT_EQ(index.media_type,
                type == core::k_oci_manifest ? core::k_oci_index : core::k_docker_list);
      EXPECT_EQ(index.digest, io::sha256_digest(index.bytes));
      const std::vector<Entry> entries = entries_of(index);
      ASSERT_EQ(entries.size(), 2u);
      EXPECT_EQ(entries[0].digest, amd.digest);
      EXPECT_EQ(entries[0].platform, "linux/amd64");
      EXPECT_EQ(entries[0].media_type, type);
      EXPECT_EQ(entries[1].digest, arm.digest);
      EXPECT_EQ(entries[1].platform, "linux/arm64");
      for (const char* tag : {"1.2", "1", "latest"}) {
        EXPECT_EQ(c.head_manifest(repo, tag), index.digest) << tag;
      }
      // A re-run writes the same bytes: the digest does not move.
      ASSERT_EQ(app::run_action(env_for(s, s.host + "/" + repo), m_console), 0);
      EXPECT_EQ(c.head_manifest(repo, "latest"), index.digest);
    }
  }
}

TEST_F(MergeTest, FlattensAPartPushedAsAnIndexWithItsAttestation) {
  const testing::RegistrySetup s = testing::registry_setups()[2];  // token auth
  io::RegistryClient& c = client(s);
  const std::string repo = testing::unique_repo("split/att");
  const std::string oci(core::k_oci_manifest);
  const io::Manifest amd = testing::seed_image(c, repo, "1.2.3-linux-amd64", oci, repo + "a");
  const io::Manifest arm = testing::seed_image(c, repo, "arm-image", oci, repo + "b");
  const io::Manifest att = testing::seed_image(c, repo, "arm-attestation", oci, repo + "c");
  // What buildx pushes for one platform with provenance: an index of the
  // image and its attestation manifest.
  io::Manifest part;
  part.media_type = std::string(core::k_oci_index);
  part.bytes = "{\"schemaVersion\":2,\"mediaType\":\"" + part.media_type +
               "\",\"manifests\":[{\"mediaType\":\"" + oci + "\",\"digest\":\"" + arm.digest +
               "\",\"size\":" + std::to_string(arm.bytes.size()) +
               ",\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\"}},{\"mediaType\":\"" +
               oci + "\",\"digest\":\"" + att.digest + "\",\"size\":" +
               std::to_string(att.bytes.size()) +
               ",\"annotations\":{\"vnd.docker.reference.digest\":\"" + arm.digest +
               "\",\"vnd.docker.reference.type\":\"attestation-manifest\"},\"platform\":{"
               "\"architecture\":\"unknown\",\"os\":\"unknown\"}}]}";
  part.digest = io::sha256_digest(part.bytes);
  c.put_manifest(repo, "1.2.3-linux-arm64", part);

  ASSERT_EQ(app::run_action(env_for(s, s.host + "/" + repo), m_console), 0);
  const std::vector<Entry> entries = entries_of(c.get_manifest(repo, "latest"));
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].digest, amd.digest);
  EXPECT_EQ(entries[1].digest, arm.digest);
  EXPECT_EQ(entries[1].platform, "linux/arm64");
  EXPECT_EQ(entries[2].digest, att.digest);
  EXPECT_EQ(entries[2].reference_type, "attestation-manifest");
}

TEST_F(MergeTest, AMissingPlatformWritesNothing) {
  const testing::RegistrySetup s = testing::registry_setups()[1];
  io::RegistryClient& c = client(s);
  const std::string repo = testing::unique_repo("split/missing");
  testing::seed_image(c, repo, "1.2.3-linux-amd64", std::string(core::k_oci_manifest), repo);
  try {
    app::run_action(env_for(s, s.host + "/" + repo), m_console);
    FAIL() << "merged without linux/arm64";
  } catch (const Errors& e) {
    ASSERT_EQ(e.all().size(), 1u);
    EXPECT_EQ(e.all()[0].input(), "platforms");
    EXPECT_NE(std::string(e.all()[0].what()).find("1.2.3-linux-arm64"), std::string::npos);
  }
  EXPECT_EQ(c.list_tags(repo), std::vector<std::string>{"1.2.3-linux-amd64"});
}

// The real binary as the action: the digest output is the index's.
TEST_F(MergeTest, TheBinaryMergesAndOutputsTheIndexDigest) {
  const testing::RegistrySetup s = testing::registry_setups()[2];
  io::RegistryClient& c = client(s);
  const std::string repo = testing::unique_repo("split/bin");
  const std::string oci(core::k_oci_manifest);
  testing::seed_image(c, repo, "1.2.3-linux-amd64", oci, repo + "a");
  testing::seed_image(c, repo, "1.2.3-linux-arm64", oci, repo + "b");
  testing::TempDir dir;
  io::Env env = env_for(s, s.host + "/" + repo);
  env.set("PATH", "/usr/bin:/bin");
  env.set("HOME", dir.path());
  env.set("RUNNER_TEMP", dir.path());
  env.set("GITHUB_OUTPUT", dir.write("output", ""));
  const testing::RunResult r = testing::run({testing::berth_binary()}, env);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const auto outputs = testing::parse_runner_file(dir.read("output"));
  const auto index = c.head_manifest(repo, "1.2.3");
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(outputs.at("digest"), *index);
  EXPECT_EQ(c.head_manifest(repo, "latest"), index);
  EXPECT_NE(r.out.find("an image index of"), std::string::npos) << r.out;
  std::printf("%s", r.out.c_str());
}

}  // namespace
}  // namespace berth
