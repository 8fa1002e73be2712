// SPDX-License-Identifier: MIT
// The executor's index step over fakes: parts read, the index written under
// its target, the run's digest the index's, failures saying what landed.
#include "app/execute_index.hpp"

#include <gtest/gtest.h>

#include "app/execute.hpp"
#include "core/error.hpp"
#include "core/media_types.hpp"
#include "io/digest.hpp"
#include "support/fake_services.hpp"

namespace berth {
namespace {

const char* const k_host = "registry.test";
const char* const k_repo = "alice/bot";

io::Manifest put(testing::FakeRegistry& r, const std::string& tag, std::string media_type,
                 std::string bytes) {
  io::Manifest m{std::move(media_type), std::move(bytes), {}};
  m.digest = io::sha256_digest(m.bytes);
  r.put_manifest(k_repo, tag, m);
  return m;
}

struct IndexPlan {
  IndexPlan() {
    const core::ImageName image = core::parse_image_name("registry.test/alice/bot", "images");
    core::Step push;  // what a per-platform push leaves behind, copied as a tag
    push.kind = core::StepKind::k_tag;
    push.source = core::Reference::with_tag(image, "seed");
    push.target = core::Reference::with_tag(image, "1.2.3-copy");
    core::Step index;
    index.kind = core::StepKind::k_index;
    index.target = core::Reference::with_tag(image, "1.2.3");
    index.parts = {core::Reference::with_tag(image, "1.2.3-linux-amd64"),
                   core::Reference::with_tag(image, "1.2.3-linux-arm64-v8")};
    index.part_platforms = {"linux/amd64", "linux/arm64/v8"};
    core::Step latest;
    latest.kind = core::StepKind::k_tag;
    latest.source = index.target;
    latest.target = core::Reference::with_tag(image, "latest");
    latest.moving = true;
    plan.steps = {push, index, latest};
  }
  core::Plan plan;
};

TEST(IndexStepTest, WritesTheIndexAndMakesItTheRunsDigest) {
  testing::FakeServices fake{io::Env{}};
  testing::FakeRegistry& r = fake.registries.at(k_host);
  const io::Manifest seed = r.seed(k_repo, "seed");
  const io::Manifest amd = put(r, "1.2.3-linux-amd64", std::string(core::k_docker_manifest), "{\"a\":1}");
  // The arm64 part is a Docker list of one image: flattened into the index.
  const std::string arm_image = "sha256:" + std::string(64, 'e');
  put(r, "1.2.3-linux-arm64-v8", std::string(core::k_docker_list),
      "{\"schemaVersion\":2,\"mediaType\":\"" + std::string(core::k_docker_list) +
          "\",\"manifests\":[{\"mediaType\":\"" + std::string(core::k_docker_manifest) +
          "\",\"digest\":\"" + arm_image +
          "\",\"size\":9,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":"
          "\"v8\"}}]}");
  IndexPlan p;
  app::Services s = fake.services();
  app::Executor executor(p.plan, s, {});
  const app::Execution& e = executor.run();
  // latest copied the index the executor wrote, without reading it back.
  for (const std::string& event : r.events()) {
    EXPECT_NE(event, "GET alice/bot:1.2.3");
  }
  const io::Manifest index = r.get_manifest(k_repo, "1.2.3");
  EXPECT_EQ(index.media_type, core::k_docker_list);  // every entry is Docker
  EXPECT_LT(index.bytes.find(amd.digest), index.bytes.find(arm_image));
  EXPECT_NE(e.digest, seed.digest);
  EXPECT_EQ(e.digest, index.digest);
  EXPECT_EQ(e.outcomes[1].digest, index.digest);
  EXPECT_EQ(e.outcomes[1].manifest_bytes, static_cast<std::int64_t>(index.bytes.size()));
  EXPECT_EQ(r.get_manifest(k_repo, "latest").digest, index.digest);
}

TEST(IndexStepTest, AFailedIndexSaysWhatLanded) {
  testing::FakeServices fake{io::Env{}};
  testing::FakeRegistry& r = fake.registries.at(k_host);
  r.seed(k_repo, "seed");
  r.seed(k_repo, "1.2.3-linux-amd64");
  r.seed(k_repo, "1.2.3-linux-arm64-v8");
  r.fail_put("1.2.3");
  IndexPlan p;
  app::Services s = fake.services();
  app::Executor executor(p.plan, s, {});
  try {
    executor.run();
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("written: registry.test/alice/bot:1.2.3-copy; not "
                                         "written: registry.test/alice/bot:1.2.3, "
                                         "registry.test/alice/bot:latest"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(r.head_manifest(k_repo, "latest").has_value());
}

TEST(IndexStepTest, PreviewNamesMissingParts) {
  testing::FakeServices fake{io::Env{}};
  testing::FakeRegistry& r = fake.registries.at(k_host);
  r.seed(k_repo, "1.2.3-linux-amd64");
  IndexPlan p;
  p.plan.dry_run = true;
  app::Services s = fake.services();
  app::Executor executor(p.plan, s, {});
  const app::Execution& e = executor.preview();
  EXPECT_EQ(e.outcomes[1].note,
            "would PUT an index of 2 parts; not in the registry now: "
            "registry.test/alice/bot:1.2.3-linux-arm64-v8");
  EXPECT_TRUE(r.writes().empty());
}

}  // namespace
}  // namespace berth
