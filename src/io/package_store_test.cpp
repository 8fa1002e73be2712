// SPDX-License-Identifier: MIT
// Storing and finding package manifests over an in-memory registry that
// serves the referrers API (the real registries of the integration tests do
// not: tests/integration/packages_itest.cpp covers the referrers tag).
#include "io/package_store.hpp"

#include <gtest/gtest.h>

#include <map>

#include "core/error.hpp"
#include "core/media_types.hpp"
#include "core/package_artifact.hpp"
#include "io/digest.hpp"

namespace berth::io {
namespace {

const std::string k_image =
    "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
    "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":"
    "\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\","
    "\"size\":2},"
    "\"layers\":[]}";

// Manifests by reference, blobs by digest; with `api`, PUTs of a manifest
// with a subject are indexed and answered with OCI-Subject.
class MemoryRegistry : public Registry {
 public:
  explicit MemoryRegistry(bool api) : m_api(api) {}
  void add_scope(const std::string&, const std::string&) override {}
  Manifest get_manifest(const std::string&, const std::string& ref) override {
    log.push_back("GET " + ref);
    const auto it = m_manifests.find(ref);
    if (it == m_manifests.end()) {
      throw Error(ref + ": not found");
    }
    return it->second;
  }
  std::optional<std::string> head_manifest(const std::string&,
                                           const std::string& ref) override {
    log.push_back("HEAD " + ref);
    const auto it = m_manifests.find(ref);
    return it == m_manifests.end() ? std::nullopt
                                   : std::optional<std::string>(it->second.digest);
  }
  std::string put_manifest(const std::string&, const std::string& ref,
                           const Manifest& m) override {
    log.push_back("PUT " + ref);
    Manifest stored = m;
    stored.digest = sha256_digest(m.bytes);
    m_manifests[ref] = stored;
    m_manifests[stored.digest] = stored;
    return stored.digest;
  }
  std::vector<std::string> list_tags(const std::string&) override { return {}; }
  std::string upload_blob(const std::string&, const std::string& bytes) override {
    log.push_back("BLOB");
    m_blobs[sha256_digest(bytes)] = bytes;
    return sha256_digest(bytes);
  }
  std::string get_blob(const std::string&, const std::string& digest,
                       std::size_t) override {
    log.push_back("GET blob");
    return m_blobs.at(digest);
  }
  bool put_referrer(const std::string& repo, const Manifest& m) override {
    put_manifest(repo, m.digest, m);
    if (m_api) {
      const std::string subject = m.bytes.substr(m.bytes.rfind("sha256:"), 71);
      m_referrers[subject].push_back(m.digest);
    }
    return m_api;
  }
  std::optional<Manifest> get_referrers(const std::string&, const std::string& digest,
                                        const std::string&) override {
    log.push_back("REFERRERS");
    if (!m_api) {
      return std::nullopt;
    }
    std::string body =
        "{\"schemaVersion\":2,\"mediaType\":\"application/"
        "vnd.oci.image.index.v1+json\",\"manifests\":[";
    for (const auto& d : m_referrers[digest]) {
      body += (body.back() == '[' ? "" : ",") + std::string("{\"mediaType\":\"") +
              std::string(core::k_oci_manifest) + "\",\"digest\":\"" + d +
              "\",\"size\":1,\"artifactType\":\"" + core::k_packages_artifact_type +
              "\"}";
    }
    body += "]}";
    return Manifest{std::string(core::k_oci_index), body, sha256_digest(body)};
  }
  std::vector<std::string> log;

 private:
  bool m_api;
  std::map<std::string, Manifest> m_manifests;
  std::map<std::string, std::string> m_blobs;
  std::map<std::string, std::vector<std::string>> m_referrers;
};

TEST(PackageStoreTest, WithTheReferrersApiNoTagIsWritten) {
  MemoryRegistry r(true);
  const std::string image =
      r.put_manifest("a", "v1", {std::string(core::k_oci_manifest), k_image, ""});
  const StoredPackages s =
      store_package_artifact(r, "a", "v1", "{\"berthPackages\":1,\"tools\":{}}\n");
  EXPECT_TRUE(s.subject_recorded);
  EXPECT_EQ(s.referrers_tag, "");
  EXPECT_FALSE(r.head_manifest("a", core::referrers_tag(image)));
  r.log.clear();
  const FoundPackages f = find_package_artifact(r, "a", "v1");
  ASSERT_TRUE(f.json);
  EXPECT_TRUE(f.via_api);
  EXPECT_EQ(*f.json, "{\"berthPackages\":1,\"tools\":{}}\n");
  EXPECT_EQ(r.log, (std::vector<std::string>{"HEAD v1", "REFERRERS",
                                             "GET " + s.artifact_digest, "GET blob"}));
}

TEST(PackageStoreTest, WithoutTheApiTheReferrersTagIsKept) {
  MemoryRegistry r(false);
  const std::string image =
      r.put_manifest("a", "v1", {std::string(core::k_oci_manifest), k_image, ""});
  const StoredPackages s = store_package_artifact(r, "a", "v1", "{}");
  EXPECT_FALSE(s.subject_recorded);
  EXPECT_EQ(s.referrers_tag, core::referrers_tag(image));
  const Manifest index = r.get_manifest("a", s.referrers_tag);
  EXPECT_NE(index.bytes.find(s.artifact_digest), std::string::npos);
  const FoundPackages f = find_package_artifact(r, "a", "v1");
  ASSERT_TRUE(f.json);
  EXPECT_FALSE(f.via_api);
}

TEST(PackageStoreTest, AReferrersTagHoldingSomethingElseIsAnError) {
  MemoryRegistry r(false);
  const std::string image =
      r.put_manifest("a", "v1", {std::string(core::k_oci_manifest), k_image, ""});
  r.put_manifest("a", core::referrers_tag(image),
                 {std::string(core::k_oci_manifest), k_image, ""});
  EXPECT_THROW(store_package_artifact(r, "a", "v1", "{}"), Error);
}

TEST(PackageStoreTest, AddReferrerKeepsOtherEntriesAndSkipsDuplicates) {
  const std::string index =
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
      "\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"sha256:1\",\"size\":3,"
      "\"artifactType\":\"application/example\",\"annotations\":{\"k\":\"v\"}}]}";
  const std::string added = add_referrer(index, "sha256:2", "{\"digest\":\"sha256:2\"}");
  EXPECT_EQ(
      added,
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
      "\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"sha256:1\",\"size\":3,"
      "\"artifactType\":\"application/example\",\"annotations\":{\"k\":\"v\"}},"
      "{\"digest\":\"sha256:2\"}]}");
  EXPECT_EQ(add_referrer(added, "sha256:2", "{\"digest\":\"sha256:2\"}"), added);
  EXPECT_EQ(
      add_referrer(std::nullopt, "sha256:9", "{\"digest\":\"sha256:9\"}"),
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
      "\"manifests\":[{\"digest\":\"sha256:9\"}]}");
  EXPECT_THROW(add_referrer(std::string("[]"), "sha256:2", "{}"), Error);
}

}  // namespace
}  // namespace berth::io
