// SPDX-License-Identifier: MIT
// Promotion of a stack (the `stack` input with `promote`): the images are the
// stack file's, every source is read before any write, a dry run writes
// nothing, a missing build tag names the stack's image and writes nothing.
#include <gtest/gtest.h>

#include <map>

#include "app/promote.hpp"
#include "app/report.hpp"
#include "app/run.hpp"
#include "core/error.hpp"
#include "support/fake_services.hpp"
#include "support/fixtures.hpp"

namespace berth {
namespace {

const char* const k_host = "registry.test";
const char* const k_tag = "2026.4-a1239a5";
using Inputs = std::map<std::string, std::string>;

// The sample stack's shape: base, notebook FROM base, ml FROM notebook,
// batch FROM base (the Dockerfiles are not needed to promote).
const char* const k_stack =
    "prefix: registry.test/team\n"
    "images:\n"
    "  base: {}\n"
    "  notebook: {}\n"
    "  ml: {}\n"
    "  batch: {}\n";

struct Fake : testing::FakeServices {
  explicit Fake(const Inputs& inputs, const std::string& stack_text = k_stack)
      : testing::FakeServices(testing::load_event("workflow_dispatch")) {
    env.set(io::input_variable("stack"), "true");
    env.set(io::input_variable("promote"), k_tag);
    env.set("GITHUB_OUTPUT", "/runner/output");
    env.set("GITHUB_STEP_SUMMARY", "/runner/summary");
    for (const auto& [name, value] : inputs) {
      env.set(io::input_variable(name), value);
    }
    files.add_file(".github/berth-stack.yml", stack_text);
  }

  app::PromotionReport promote() {
    const app::RunContext rc = app::read_run_context(env, {});
    app::Services s = services();
    return app::run_promotion(rc, s);
  }

  void seed_all(const std::vector<std::string>& names) {
    for (const std::string& name : names) {
      registry().seed("team/" + name, k_tag);
    }
  }

  testing::FakeRegistry& registry() { return registries.at(k_host); }
};

TEST(PromoteStackTest, ReadsEveryImageOfTheStackThenWritesEachTarget) {
  Fake fake(Inputs{});
  fake.seed_all({"base", "notebook", "batch"});
  const io::Manifest ml = fake.registry().seed("team/ml", k_tag);
  const app::PromotionReport r = fake.promote();
  EXPECT_EQ(fake.registry().events(),
            (std::vector<std::string>{
                "GET team/base:2026.4-a1239a5", "GET team/notebook:2026.4-a1239a5",
                "GET team/ml:2026.4-a1239a5", "GET team/batch:2026.4-a1239a5",
                "PUT team/base:2026.4-stable", "PUT team/notebook:2026.4-stable",
                "PUT team/ml:2026.4-stable", "PUT team/batch:2026.4-stable"}))
      << "every source read before the first write";
  EXPECT_EQ(fake.registry().get_manifest("team/ml", "2026.4-stable").digest, ml.digest);
  ASSERT_EQ(r.images.size(), 4u);
  EXPECT_EQ(r.images[2].stack_name, "ml");
  EXPECT_EQ(r.stack, ".github/berth-stack.yml");
  const std::string json = app::promotion_json(r);
  EXPECT_NE(json.find("\"stack\": \".github/berth-stack.yml\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"stack_image\": \"batch\""), std::string::npos) << json;
  app::Services s = fake.services();
  app::run_promote_action(app::read_run_context(fake.env, {}), s);
  EXPECT_NE(fake.files.summary().find("Every image of the stack `.github/berth-stack.yml`"),
            std::string::npos)
      << fake.files.summary();
}

TEST(PromoteStackTest, DryRunShowsEveryPutAndWritesNothing) {
  Fake fake(Inputs{{"dry-run", "true"}});
  fake.seed_all({"base", "notebook", "ml", "batch"});
  const std::size_t writes_before = fake.registry().writes().size();
  const app::PromotionReport r = fake.promote();
  EXPECT_EQ(fake.registry().writes().size(), writes_before);
  for (const char* name : {"base", "notebook", "ml", "batch"}) {
    EXPECT_NE(fake.log_text().find("registry.test/team/" + std::string(name) +
                                   ":2026.4-stable would point at"),
              std::string::npos)
        << name << "\n"
        << fake.log_text();
  }
  ASSERT_EQ(r.images.size(), 4u);
  EXPECT_EQ(r.images[3].pending, std::vector<std::string>{"registry.test/team/batch:2026.4-stable"});
  EXPECT_TRUE(r.images[3].written.empty());
}

TEST(PromoteStackTest, AnImageWithoutTheBuildTagIsNamedAndNothingIsWritten) {
  Fake fake(Inputs{});
  fake.seed_all({"base", "notebook", "batch"});  // ml lacks the build tag
  try {
    fake.promote();
    FAIL() << "promoted a stack with a missing build tag";
  } catch (const Errors& e) {
    ASSERT_EQ(e.all().size(), 1u);
    const std::string what = e.all()[0].what();
    EXPECT_NE(what.find("stack image \"ml\""), std::string::npos) << what;
    EXPECT_NE(what.find("team/ml:2026.4-a1239a5 not found"), std::string::npos) << what;
  }
  EXPECT_TRUE(fake.registry().writes().empty());
  EXPECT_EQ(fake.registry().events().size(), 4u) << "every source is still checked";
}

TEST(PromoteStackTest, EveryMissingImageIsReportedAtOnce) {
  Fake fake(Inputs{});
  fake.seed_all({"notebook", "batch"});
  try {
    fake.promote();
    FAIL() << "no error";
  } catch (const Errors& e) {
    ASSERT_EQ(e.all().size(), 2u);
    EXPECT_NE(std::string(e.all()[0].what()).find("\"base\""), std::string::npos);
    EXPECT_NE(std::string(e.all()[1].what()).find("\"ml\""), std::string::npos);
  }
  EXPECT_TRUE(fake.registry().writes().empty());
}

TEST(PromoteStackTest, WithoutAPrefixTheImagesAreTheRegistrysAndOwners) {
  Fake fake(Inputs{{"registry", "registry.test"}}, "images:\n  base: {}\n  tools:\n    image: registry.test/extra/tools\n");
  fake.registry().seed("alice/base", k_tag);
  fake.registry().seed("extra/tools", k_tag);
  const app::PromotionReport r = fake.promote();
  ASSERT_EQ(r.images.size(), 2u);
  EXPECT_EQ(r.images[0].name, "registry.test/alice/base");
  EXPECT_EQ(fake.registry().writes(),
            (std::vector<std::string>{"PUT alice/base:2026.4-stable", "PUT extra/tools:2026.4-stable"}));
}

TEST(PromoteStackTest, BadStackInputsAreRefusedBeforeAnyRequest) {
  {
    Fake fake(Inputs{{"images", "registry.test/team/other"}});
    EXPECT_THROW(fake.promote(), Errors);
    EXPECT_TRUE(fake.registry().events().empty());
  }
  {
    Fake fake(Inputs{{"stack", "stacks/missing.yml"}});
    try {
      fake.promote();
      FAIL() << "no error";
    } catch (const Errors& e) {
      ASSERT_EQ(e.all().size(), 1u);
      EXPECT_EQ(e.all()[0].input(), "stack");
      EXPECT_NE(std::string(e.all()[0].what()).find("stacks/missing.yml is not there"),
                std::string::npos);
    }
    EXPECT_TRUE(fake.registry().events().empty());
  }
  {
    Fake fake(Inputs{}, "prefix: registry.test/team\nimages:\n  base: {}\n  again:\n    image: base\n");
    try {
      fake.promote();
      FAIL() << "no error";
    } catch (const Errors& e) {
      ASSERT_EQ(e.all().size(), 1u);
      EXPECT_NE(std::string(e.all()[0].what()).find("are one image"), std::string::npos)
          << e.all()[0].what();
    }
    EXPECT_TRUE(fake.registry().events().empty());
  }
}

}  // namespace
}  // namespace berth
