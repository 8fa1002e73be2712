// SPDX-License-Identifier: MIT
// Promotion against real registries (Debian's docker-registry, started by
// testenv/): anonymous over HTTP, htpasswd basic auth over TLS, and token
// auth. Images are seeded through the registry API; no daemon is involved.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <random>

#include "app/promote.hpp"
#include "core/error.hpp"
#include "core/media_types.hpp"
#include "io/console.hpp"
#include "support/seed.hpp"
#include "support/testenv.hpp"

namespace berth {
namespace {

class PromoteTest : public ::testing::Test {
 protected:
  // A client for seeding and checking, outside the code under test.
  io::RegistryClient& client(const testing::RegistrySetup& s, const std::string& user = {}) {
    io::HttpOptions options;
    options.ca_file = testing::need_env("BERTH_CA_CERT");
    m_http.push_back(io::make_curl_client(options));
    io::RegistryOptions ro;
    ro.host = s.host;
    if (s.auth) {
      ro.credentials = {user.empty() ? testing::need_env("BERTH_USER") : user, testing::test_password()};
    }
    m_clients.push_back(std::make_unique<io::RegistryClient>(*m_http.back(), ro));
    return *m_clients.back();
  }

  io::Env env_for(const testing::RegistrySetup& s, const std::string& images, const std::string& source,
                  const std::string& targets = {}, bool dry_run = false) {
    io::Env env;
    env.set("INPUT_IMAGES", images);
    env.set("INPUT_PROMOTE", source);
    env.set("INPUT_PROMOTE-TO", targets);
    env.set("INPUT_DRY-RUN", dry_run ? "true" : "false");
    testing::set_registry_access(env, s);
    return env;
  }

  app::PromotionReport promote(const io::Env& env) { return app::run_promotion(env, m_console); }

  io::Console m_console{stderr};
  std::vector<std::unique_ptr<io::HttpClient>> m_http;
  std::vector<std::unique_ptr<io::RegistryClient>> m_clients;
};

TEST_F(PromoteTest, KeepsEveryPlatformAndTheExactDigest) {
  for (const testing::RegistrySetup& s : testing::registry_setups()) {
    for (std::string_view type : {core::k_oci_index, core::k_docker_list, core::k_oci_manifest,
                                  core::k_docker_manifest}) {
      SCOPED_TRACE(s.name + " " + std::string(type));
      io::RegistryClient& c = client(s);
      const std::string repo = testing::unique_repo("team/app");
      const io::Manifest seeded =
          core::is_index(type)
              ? testing::seed_index(c, repo, "2023.2-a1239a5", std::string(type), repo)
              : testing::seed_image(c, repo, "2023.2-a1239a5", std::string(type), repo);
      const app::PromotionReport r = promote(env_for(s, s.host + "/" + repo, "2023.2-a1239a5"));
      ASSERT_EQ(r.images.size(), 1u);
      EXPECT_EQ(r.images[0].digest, seeded.digest);
      EXPECT_EQ(r.images[0].written,
                std::vector<std::string>{s.host + "/" + repo + ":2023.2-stable"});
      const io::Manifest promoted = c.get_manifest(repo, "2023.2-stable");
      EXPECT_EQ(promoted.bytes, seeded.bytes);  // byte for byte: every platform kept
      EXPECT_EQ(promoted.media_type, type);
      EXPECT_EQ(promoted.digest, seeded.digest);
    }
  }
}

TEST_F(PromoteTest, CountsAtMostNPlusThreeRequestsAndNoBlobBytes) {
  const testing::RegistrySetup s = testing::registry_setups()[2];  // token auth
  for (const std::string targets : {"2023.2-stable", "2023.2-stable\nstable\nprod\nlatest"}) {
    io::RegistryClient& c = client(s);
    const std::string repo = testing::unique_repo("count/app");
    const io::Manifest seeded =
        testing::seed_index(c, repo, "2023.2-a1239a5", std::string(core::k_oci_index), repo);
    const app::PromotionReport r =
        promote(env_for(s, s.host + "/" + repo, "2023.2-a1239a5", targets));
    const int n = static_cast<int>(r.targets.size());
    std::string log;
    for (const std::string& line : r.request_log) {
      log += line + "\n";
      EXPECT_EQ(line.find("/blobs/"), std::string::npos) << line;
    }
    EXPECT_LE(r.requests, n + 3) << log;
    EXPECT_EQ(r.bytes_sent, static_cast<std::uint64_t>(n) * seeded.bytes.size());
    std::printf("promotion of 1 image to %d target(s) with token auth: %d requests\n%s", n,
                r.requests, log.c_str());
  }
}

TEST_F(PromoteTest, AMissingSourceWritesNothingAnywhere) {
  const testing::RegistrySetup s = testing::registry_setups()[1];
  io::RegistryClient& c = client(s);
  const std::string a = testing::unique_repo("stack/base"), b = testing::unique_repo("stack/missing");
  testing::seed_image(c, a, "2023.2-a1", std::string(core::k_oci_manifest), a);
  try {
    promote(env_for(s, s.host + "/" + a + "\n" + s.host + "/" + b, "2023.2-a1"));
    FAIL() << "promoted despite a missing source";
  } catch (const Errors& e) {
    ASSERT_EQ(e.all().size(), 1u);
    EXPECT_EQ(e.all()[0].input(), "promote");
    EXPECT_NE(std::string(e.all()[0].what()).find("not found"), std::string::npos);
  }
  EXPECT_EQ(c.list_tags(a), std::vector<std::string>{"2023.2-a1"});
  EXPECT_TRUE(c.list_tags(b).empty());
}

TEST_F(PromoteTest, WrongCredentialsFailAndWriteNothing) {
  for (const testing::RegistrySetup& s : {testing::registry_setups()[1], testing::registry_setups()[2]}) {
    SCOPED_TRACE(s.name);
    io::RegistryClient& c = client(s);
    const std::string repo = testing::unique_repo("creds/app");
    testing::seed_image(c, repo, "2023.2-b2", std::string(core::k_docker_manifest), repo);
    io::Env env = env_for(s, s.host + "/" + repo, "2023.2-b2");
    env.set("INPUT_PASSWORD", "not-the-password");
    try {
      promote(env);
      FAIL();
    } catch (const Error& e) {
      EXPECT_EQ(e.input(), "password") << e.what();
      EXPECT_EQ(std::string(e.what()).find("not-the-password"), std::string::npos);
    }
    EXPECT_EQ(c.list_tags(repo), std::vector<std::string>{"2023.2-b2"});
  }
}

TEST_F(PromoteTest, ADeniedScopeFailsAndWritesNothing) {
  // The token server grants the test user only pull on this repository; the
  // admin user seeds it.
  const testing::RegistrySetup s = testing::registry_setups()[2];
  io::RegistryClient& admin = client(s, testing::need_env("BERTH_ADMIN_USER"));
  const std::string repo = testing::need_env("BERTH_PULL_ONLY_REPO");
  const std::string source = "2023.2-" + testing::unique_repo("c").substr(2);
  testing::seed_image(admin, repo, source, std::string(core::k_oci_manifest), source);
  const auto before = admin.list_tags(repo);
  try {
    promote(env_for(s, s.host + "/" + repo, source));
    FAIL() << "promoted without push access";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not written"), std::string::npos) << e.what();
  }
  EXPECT_EQ(admin.list_tags(repo), before);
}

TEST_F(PromoteTest, DryRunOnlyReads) {
  for (const testing::RegistrySetup& s : testing::registry_setups()) {
    SCOPED_TRACE(s.name);
    io::RegistryClient& c = client(s);
    const std::string repo = testing::unique_repo("dry/app");
    testing::seed_index(c, repo, "2023.3-d4", std::string(core::k_docker_list), repo);
    const auto before = c.list_tags(repo);
    const app::PromotionReport r =
        promote(env_for(s, s.host + "/" + repo, "2023.3-d4", "2023.3-stable\nlatest", true));
    EXPECT_EQ(c.list_tags(repo), before);
    EXPECT_TRUE(r.images[0].written.empty());
    EXPECT_EQ(r.images[0].pending.size(), 2u);
    for (const std::string& line : r.request_log) {
      EXPECT_TRUE(line.rfind("GET", 0) == 0 || line.rfind("HEAD", 0) == 0) << line;
    }
  }
}

TEST_F(PromoteTest, ReRunsAreIdempotentAndStacksMoveTogether) {
  const testing::RegistrySetup s = testing::registry_setups()[2];
  io::RegistryClient& c = client(s);
  std::vector<std::string> repos;
  std::string images;
  for (int i = 0; i < 4; ++i) {
    repos.push_back(testing::unique_repo("stack/layer" + std::to_string(i)));
    testing::seed_index(c, repos.back(), "2023.2-e5", std::string(core::k_oci_index), repos.back());
    images += s.host + "/" + repos.back() + "\n";
  }
  const app::PromotionReport first = promote(env_for(s, images, "2023.2-e5"));
  const app::PromotionReport second = promote(env_for(s, images, "2023.2-e5"));
  ASSERT_EQ(second.images.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(second.images[i].digest, first.images[i].digest);
    EXPECT_EQ(c.head_manifest(repos[i], "2023.2-stable"), first.images[i].digest);
  }
  // One token for the whole stack: 1 challenge + 1 token + 4 GETs + 4 PUTs.
  EXPECT_LE(first.requests, 10);
}

TEST_F(PromoteTest, RefusesAnUntrustedCertificate) {
  const testing::RegistrySetup s = testing::registry_setups()[1];
  io::Env env = env_for(s, s.host + "/any/app", "2023.2-a1");
  env.set("BERTH_CA_FILE", "");
  try {
    promote(env);
    FAIL();
  } catch (const Errors& e) {
    EXPECT_NE(std::string(e.all()[0].what()).find("certificate"), std::string::npos)
        << e.all()[0].what();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("certificate"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace berth
