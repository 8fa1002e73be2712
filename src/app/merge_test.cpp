// SPDX-License-Identifier: MIT
// The merge of a split build (split: merge) over fakes: every part checked
// before any write, the index then the tags, a dry run that only reads.
#include <gtest/gtest.h>

#include <map>

#include "app/execute_index.hpp"
#include "app/merge.hpp"
#include "app/run.hpp"
#include "core/error.hpp"
#include "core/media_types.hpp"
#include "io/digest.hpp"
#include "support/fake_services.hpp"
#include "support/fixtures.hpp"

namespace berth {
namespace {

const char* const k_host = "registry.test";
const char* const k_repo = "alice/bot";
using Inputs = std::map<std::string, std::string>;

struct Fake : testing::FakeServices {
  explicit Fake(const Inputs& inputs = {},
                const std::string& event = "push_tag_semver")
      : testing::FakeServices(testing::load_event(event)) {
    std::map<std::string, std::string> all = {
        {"images", std::string(k_host) + "/" + k_repo},
        {"username", "alice"},
        {"password", "s3cret-pw"},
        {"split", "merge"},
        {"platforms", "linux/amd64,linux/arm64"},
    };
    for (const auto& [name, value] : inputs) {
      all[name] = value;
    }
    for (const auto& [name, value] : all) {
      env.set(io::input_variable(name), value);
    }
    env.set("GITHUB_OUTPUT", "/runner/output");
    env.set("GITHUB_STEP_SUMMARY", "/runner/summary");
  }

  int action() {
    const app::RunContext rc = app::read_run_context(env);
    app::Services s = services();
    return app::run_build_action(rc, s);
  }

  testing::FakeRegistry& registry() { return registries.at(k_host); }

  // Pushes a one-platform image manifest under `tag`, as a split job would.
  io::Manifest push_part(const std::string& tag, std::string_view media_type = core::k_oci_manifest) {
    io::Manifest m;
    m.media_type = std::string(media_type);
    m.bytes = "{\"schemaVersion\":2,\"mediaType\":\"" + m.media_type +
              "\",\"config\":{},\"layers\":[],\"annotations\":{\"of\":\"" + tag + "\"}}";
    m.digest = io::sha256_digest(m.bytes);
    registry().put_manifest(k_repo, tag, m);
    return m;
  }
};

std::vector<std::string> writes_after(const std::vector<std::string>& events, std::size_t from) {
  return std::vector<std::string>(events.begin() + static_cast<std::ptrdiff_t>(from), events.end());
}

TEST(MergeCommandTest, ChecksThePartsThenWritesTheIndexThenEveryTag) {
  Fake fake;
  const io::Manifest amd = fake.push_part("1.2.3-linux-amd64");
  const io::Manifest arm = fake.push_part("1.2.3-linux-arm64", core::k_docker_manifest);
  const std::size_t seeded = fake.registry().events().size();
  ASSERT_EQ(fake.action(), 0);
  const std::vector<std::string> events = writes_after(fake.registry().events(), seeded);
  ASSERT_GE(events.size(), 6u);
  EXPECT_EQ(events[0], "LIST alice/bot");
  EXPECT_EQ(events[1], "HEAD alice/bot:1.2.3-linux-amd64");
  EXPECT_EQ(events[2], "HEAD alice/bot:1.2.3-linux-arm64");
  EXPECT_EQ(events[3], "GET alice/bot:1.2.3-linux-amd64");
  EXPECT_EQ(events[4], "GET alice/bot:1.2.3-linux-arm64");
  EXPECT_EQ(events[5], "PUT alice/bot:1.2.3");
  EXPECT_EQ(events.back(), "PUT alice/bot:latest");
  for (std::size_t i = 6; i < events.size(); ++i) {
    EXPECT_EQ(events[i].rfind("PUT ", 0), 0u) << "a read after the first write: " << events[i];
  }

  const io::Manifest index = fake.registry().get_manifest(k_repo, "1.2.3");
  EXPECT_EQ(index.media_type, core::k_oci_index);  // one OCI part: an OCI index
  EXPECT_EQ(index.digest, io::sha256_digest(index.bytes));
  EXPECT_LT(index.bytes.find(amd.digest), index.bytes.find(arm.digest));
  EXPECT_NE(index.bytes.find("\"architecture\":\"arm64\",\"os\":\"linux\""), std::string::npos);
  for (const char* tag : {"1.2", "1", "latest"}) {
    EXPECT_EQ(fake.registry().get_manifest(k_repo, tag).digest, index.digest) << tag;
  }
  EXPECT_EQ(fake.files.outputs().at("digest"), index.digest);
  EXPECT_NE(fake.files.outputs().at("json").find("\"step\": \"index\""), std::string::npos);
  EXPECT_NE(fake.files.outputs().at("json").find("1.2.3-linux-arm64"), std::string::npos);
  EXPECT_TRUE(fake.processes.calls().empty()) << "a merge runs no docker";
}

TEST(MergeCommandTest, AMissingPartWritesNothingAndNamesEveryOne) {
  Fake fake(Inputs{{"platforms", "linux/amd64,linux/arm64,linux/s390x"}});
  fake.push_part("1.2.3-linux-amd64");
  const std::size_t seeded = fake.registry().writes().size();
  try {
    fake.action();
    ADD_FAILURE() << "no error";
  } catch (const Errors& e) {
    ASSERT_EQ(e.all().size(), 2u);
    EXPECT_EQ(e.all()[0].input(), "platforms");
    EXPECT_NE(std::string(e.all()[0].what()).find("registry.test/alice/bot:1.2.3-linux-arm64"),
              std::string::npos);
    EXPECT_NE(std::string(e.all()[1].what()).find("linux/s390x"), std::string::npos);
  }
  EXPECT_EQ(fake.registry().writes().size(), seeded);
}

TEST(MergeCommandTest, DryRunReadsAndShowsTheIndex) {
  Fake fake(Inputs{{"dry-run", "true"}});
  fake.push_part("1.2.3-linux-amd64");
  fake.push_part("1.2.3-linux-arm64");
  const std::size_t seeded = fake.registry().writes().size();
  ASSERT_EQ(fake.action(), 0);
  EXPECT_EQ(fake.registry().writes().size(), seeded);
  const std::string log = fake.log_text();
  EXPECT_NE(log.find("dry run: registry.test/alice/bot:1.2.3 would point at sha256:"),
            std::string::npos)
      << log;
  // The tags that copy the index show its digest too.
  EXPECT_NE(log.find("dry run: registry.test/alice/bot:latest would point at sha256:"),
            std::string::npos)
      << log;
}

TEST(MergeCommandTest, HoldsBackLatestBelowAHigherRelease) {
  Fake fake;
  fake.push_part("1.2.3-linux-amd64");
  fake.push_part("1.2.3-linux-arm64");
  fake.push_part("2.0.0");
  fake.action();
  EXPECT_EQ(fake.registry().head_manifest(k_repo, "latest"), std::nullopt);
  EXPECT_TRUE(fake.registry().head_manifest(k_repo, "1.2.3").has_value());
}

TEST(MergeCommandTest, PullRequestMergesNothing) {
  Fake fake(Inputs{}, "pull_request");
  ASSERT_EQ(fake.action(), 0);
  EXPECT_TRUE(fake.registry().events().empty());
}

TEST(MergeCommandTest, InputsAreCheckedFirst) {
  struct Case {
    Inputs inputs;
    std::string input;
  };
  for (const Case& c : std::vector<Case>{{{{"platforms", ""}}, "platforms"},
                                         {{{"push", "false"}}, "push"},
                                         {{{"split", "maybe"}}, "split"},
                                         {{{"split", "true"}, {"push", "false"}}, "push"},
                                         {{{"promote", "1.2.3"}}, "split"}}) {
    Fake fake(c.inputs);
    try {
      fake.action();
      ADD_FAILURE() << "no error for " << c.input;
    } catch (const Errors& e) {
      EXPECT_EQ(e.all().front().input(), c.input);
    }
    EXPECT_TRUE(fake.registry().events().empty());
  }
}

// A job of a split build: the build and push of one platform under its
// platform tag, and nothing else.
TEST(SplitPartTest, PushesOnlyThePlatformTag) {
  Fake fake(Inputs{{"split", "true"}, {"platforms", "linux/arm64"}, {"context", "/ctx"}});
  fake.env.set("RUNNER_TEMP", "/runner/temp");
  fake.files.add_dir("/runner/temp");
  fake.files.add_dir("/ctx");
  fake.files.add_file("/ctx/Dockerfile");
  fake.processes.answer("version", {0, {"28.0.1"}, false});
  fake.processes.after_each([&fake](const testing::FakeProcessRunner::Call& call) {
    if (call.argv.size() > 2 && call.argv[call.argv.size() - 2] == "push") {
      fake.push_part("1.2.3-linux-arm64");
    }
  });
  ASSERT_EQ(fake.action(), 0);
  std::vector<std::string> tags;
  std::vector<std::string> pushed;
  for (const auto& call : fake.processes.calls()) {
    for (std::size_t i = 0; i + 1 < call.argv.size(); ++i) {
      // The classic builder's temporary tag comes and goes; it is no image tag.
      if ((call.argv[i] == "-t" || call.argv[i] == "--tag") &&
          call.argv[i + 1].rfind("berth-bare:", 0) != 0) {
        tags.push_back(call.argv[i + 1]);
      }
    }
    if (call.argv.size() > 2 && call.argv[call.argv.size() - 2] == "push") {
      pushed.push_back(call.argv.back());
    }
  }
  EXPECT_EQ(tags, std::vector<std::string>{"registry.test/alice/bot:1.2.3-linux-arm64"});
  EXPECT_EQ(pushed, std::vector<std::string>{"registry.test/alice/bot:1.2.3-linux-arm64"});
  EXPECT_EQ(fake.registry().writes(), std::vector<std::string>{"PUT alice/bot:1.2.3-linux-arm64"});
  EXPECT_EQ(fake.files.outputs().at("tags"), "registry.test/alice/bot:1.2.3-linux-arm64");
}

TEST(SplitPartTest, OnePlatformPerJob) {
  Fake fake(Inputs{{"split", "true"}});
  try {
    fake.action();
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.input(), "platforms");
  }
  EXPECT_TRUE(fake.processes.calls().empty());
}

TEST(IndexStepTest, PartsMustShareTheTargetsRepository) {
  core::Step step;
  step.kind = core::StepKind::k_index;
  const core::ImageName bot = core::parse_image_name("registry.test/alice/bot", "images");
  const core::ImageName other = core::parse_image_name("registry.test/alice/other", "images");
  step.target = core::Reference::with_tag(bot, "1.2.3");
  step.parts = {core::Reference::with_tag(other, "1.2.3-linux-amd64")};
  try {
    app::part_platforms(step);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("another repository"), std::string::npos);
  }
  step.parts = {core::Reference::with_tag(bot, "1.2.3-linux-arm64-v8"),
                core::Reference::with_tag(bot, "custom")};
  step.part_platforms = {"linux/arm64/v8"};
  EXPECT_THROW(app::part_platforms(step), Error);  // "custom" has no platform
  step.part_platforms = {"linux/arm64/v8", "linux/amd64"};
  const auto platforms = app::part_platforms(step);
  ASSERT_EQ(platforms.size(), 2u);
  EXPECT_EQ(platforms[1].str(), "linux/amd64");
}

}  // namespace
}  // namespace berth
