// SPDX-License-Identifier: MIT
// The promotion command over fakes: every source read before any write,
// every input mistake at once, a dry run that only reads.
#include <gtest/gtest.h>

#include <algorithm>
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
using Inputs = std::map<std::string, std::string>;

struct Fake : testing::FakeServices {
  explicit Fake(const Inputs& inputs)
      : testing::FakeServices(testing::load_event("workflow_dispatch")) {
    env.set(io::input_variable("images"), "registry.test/team/base\nregistry.test/team/scipy");
    env.set(io::input_variable("promote"), "2023.2-a1239a5");
    env.set("GITHUB_OUTPUT", "/runner/output");
    env.set("GITHUB_STEP_SUMMARY", "/runner/summary");
    for (const auto& [name, value] : inputs) {
      env.set(io::input_variable(name), value);
    }
  }

  app::PromotionReport promote() {
    const app::RunContext rc = app::read_run_context(env);
    app::Services s = services();
    return app::run_promotion(rc, s);
  }

  testing::FakeRegistry& registry() { return registries.at(k_host); }
};

TEST(PromoteCommandTest, ReadsEverySourceThenWritesEachTarget) {
  Fake fake(Inputs{{"promote-to", "2023.2-stable\nprod"}});
  const io::Manifest base = fake.registry().seed("team/base", "2023.2-a1239a5");
  const io::Manifest scipy = fake.registry().seed("team/scipy", "2023.2-a1239a5");
  const app::PromotionReport r = fake.promote();
  EXPECT_EQ(fake.registry().events(),
            (std::vector<std::string>{
                "GET team/base:2023.2-a1239a5", "GET team/scipy:2023.2-a1239a5",
                "PUT team/base:2023.2-stable", "PUT team/base:prod", "PUT team/scipy:2023.2-stable",
                "PUT team/scipy:prod"}));
  EXPECT_EQ(fake.registry().get_manifest("team/scipy", "prod").digest, scipy.digest);
  ASSERT_EQ(r.images.size(), 2u);
  EXPECT_EQ(r.images[0].digest, base.digest);
  EXPECT_EQ(r.images[1].written, (std::vector<std::string>{"registry.test/team/scipy:2023.2-stable",
                                                           "registry.test/team/scipy:prod"}));
  EXPECT_NE(app::promotion_json(r).find("\"status\": \"done\""), std::string::npos);
}

TEST(PromoteCommandTest, PinnedTargetsLandBeforeMovingOnes) {
  Fake fake(Inputs{{"promote-to", "stable\n1.4.2"}});
  fake.registry().seed("team/base", "2023.2-a1239a5");
  fake.registry().seed("team/scipy", "2023.2-a1239a5");
  fake.promote();
  EXPECT_EQ(fake.registry().writes(),
            (std::vector<std::string>{"PUT team/base:1.4.2", "PUT team/scipy:1.4.2",
                                      "PUT team/base:stable", "PUT team/scipy:stable"}));
}

TEST(PromoteCommandTest, AMissingSourceWritesNothing) {
  Fake fake(Inputs{});
  fake.registry().seed("team/base", "2023.2-a1239a5");
  try {
    fake.promote();
    FAIL() << "promoted without a source";
  } catch (const Errors& e) {
    ASSERT_EQ(e.all().size(), 1u);
    EXPECT_EQ(e.all()[0].input(), "promote");
    EXPECT_NE(std::string(e.all()[0].what()).find("team/scipy:2023.2-a1239a5 not found"),
              std::string::npos);
  }
  EXPECT_TRUE(fake.registry().writes().empty());
}

TEST(PromoteCommandTest, ReportsEveryInputMistakeAtOnce) {
  Fake fake(Inputs{{"promote-to", "bad tag!"}, {"images", "registry.test/Team/!"}});
  try {
    fake.promote();
    FAIL() << "no error";
  } catch (const Errors& e) {
    std::vector<std::string> inputs;
    for (const Error& error : e.all()) {
      inputs.push_back(error.input());
    }
    EXPECT_EQ(inputs, (std::vector<std::string>{"images", "promote-to"}));
  }
  EXPECT_TRUE(fake.registry().events().empty());
}

TEST(PromoteCommandTest, DryRunOnlyReadsAndSaysWhatWouldMove) {
  Fake fake(Inputs{{"dry-run", "true"}});
  const io::Manifest base = fake.registry().seed("team/base", "2023.2-a1239a5");
  fake.registry().seed("team/scipy", "2023.2-a1239a5");
  fake.registry().put_manifest("team/base", "2023.2-stable", base);
  const std::size_t writes_before = fake.registry().writes().size();
  const app::PromotionReport r = fake.promote();
  EXPECT_EQ(fake.registry().writes().size(), writes_before);
  EXPECT_NE(fake.log_text().find("registry.test/team/base:2023.2-stable already points at " +
                                 base.digest),
            std::string::npos)
      << fake.log_text();
  EXPECT_NE(fake.log_text().find("registry.test/team/scipy:2023.2-stable would point at"),
            std::string::npos);
  EXPECT_EQ(r.images[1].pending, std::vector<std::string>{"registry.test/team/scipy:2023.2-stable"});
  EXPECT_NE(app::promotion_json(r).find("\"status\": \"planned\""), std::string::npos);
}

TEST(PromoteCommandTest, AFailedWriteSaysWhatARerunStillHasToDo) {
  Fake fake(Inputs{{"promote-to", "2023.2-stable\nprod"}});
  fake.registry().seed("team/base", "2023.2-a1239a5");
  fake.registry().seed("team/scipy", "2023.2-a1239a5");
  fake.registry().fail_put("prod");
  try {
    fake.promote();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "written: registry.test/team/base:2023.2-stable; not written: "
                  "registry.test/team/base:prod, registry.test/team/scipy:2023.2-stable, "
                  "registry.test/team/scipy:prod (a re-run finishes the job)"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace berth
