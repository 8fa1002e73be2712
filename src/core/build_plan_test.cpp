// SPDX-License-Identifier: MIT
// plan_build for each way of building (core::choose_build): every step and
// its argv exactly, as a dry run shows them.
#include "core/build_plan.hpp"

#include <gtest/gtest.h>

#include "core/text.hpp"

namespace berth::core {
namespace {

using Lines = std::vector<std::string>;

const char* const k_image = "127.0.0.1:6200/o/app";

Metadata metadata(bool push) {
  Metadata m;
  m.images = {parse_image_name(k_image, "images")};
  m.tag_set.main = "1.2.3";
  m.tag_set.partials = {"1.2"};
  m.tag_set.latest = true;
  m.push = push;
  return m;
}

Inputs inputs() {
  Inputs in;
  in.context = ".";
  in.monotonic_latest = false;
  return in;
}

DockerCapabilities docker_driver(ImageStore store) {
  DockerCapabilities caps;
  caps.buildx = true;
  caps.builder = {"default", "docker", {"linux/amd64", "linux/386"}};
  caps.store = store;
  return caps;
}

BuildFacts facts(DockerCapabilities caps) {
  BuildFacts f;
  f.caps = std::move(caps);
  f.private_dir = k_private_dir_placeholder;
  f.run_id = k_run_id_placeholder;
  return f;
}

// Each step as "kind: argv" (or "kind target <- source / parts").
Lines shown(const Plan& plan) {
  Lines out;
  for (const Step& step : plan.steps) {
    std::string line = std::string(step_kind_name(step.kind)) + ":";
    if (!step.argv.empty()) {
      line += " " + join(shown_argv(plan, step.argv), " ");
    }
    if (step.kind == StepKind::k_tag) {
      line += " " + step.target.str() + " <- " + step.source.str();
    }
    if (step.kind == StepKind::k_index) {
      line += " " + step.target.str() + " <-";
    }
    for (const Reference& part : step.parts) {
      line += " [" + part.str() + "]";
    }
    out.push_back(line);
  }
  return out;
}

const std::string k_bx = "docker buildx build --progress=plain ";

TEST(PlanBuildx, PushBuildPushesOnePinnedTagThenPutsTheOthers) {
  const Plan plan = plan_build(inputs(), metadata(true), facts(docker_driver(ImageStore::k_classic)));
  EXPECT_EQ(shown(plan),
            (Lines{"build: " + k_bx + "--tag 127.0.0.1:6200/o/app:1.2.3 --iidfile "
                   "$BERTH_PRIVATE_DIR/iid --metadata-file $BERTH_PRIVATE_DIR/build-metadata.json "
                   "--push --provenance=false . [127.0.0.1:6200/o/app:1.2.3]",
                   "tag: 127.0.0.1:6200/o/app:1.2 <- 127.0.0.1:6200/o/app:1.2.3",
                   "tag: 127.0.0.1:6200/o/app:latest <- 127.0.0.1:6200/o/app:1.2.3"}));
}

TEST(PlanBuildx, NoPushLoadsEveryTagIntoTheDaemon) {
  const Plan plan =
      plan_build(inputs(), metadata(false), facts(docker_driver(ImageStore::k_classic)));
  EXPECT_EQ(shown(plan),
            (Lines{"build: " + k_bx + "--tag 127.0.0.1:6200/o/app:1.2.3 --tag "
                   "127.0.0.1:6200/o/app:1.2 --tag 127.0.0.1:6200/o/app:latest --iidfile "
                   "$BERTH_PRIVATE_DIR/iid --load --provenance=false ."}));
}

TEST(PlanBuildx, ContainerdStoreBuildsTwoPlatformsAtOnce) {
  Inputs in = inputs();
  in.platforms = {"linux/amd64", "linux/arm64"};
  const Plan plan = plan_build(in, metadata(true), facts(docker_driver(ImageStore::k_containerd)));
  EXPECT_EQ(shown(plan),
            (Lines{"build: " + k_bx + "--platform linux/amd64,linux/arm64 --tag "
                   "127.0.0.1:6200/o/app:1.2.3 --iidfile $BERTH_PRIVATE_DIR/iid --metadata-file "
                   "$BERTH_PRIVATE_DIR/build-metadata.json --push --provenance=false . "
                   "[127.0.0.1:6200/o/app:1.2.3]",
                   "tag: 127.0.0.1:6200/o/app:1.2 <- 127.0.0.1:6200/o/app:1.2.3",
                   "tag: 127.0.0.1:6200/o/app:latest <- 127.0.0.1:6200/o/app:1.2.3"}));
}

TEST(PlanBuildx, ClassicStoreBuildsEachPlatformThenAnIndex) {
  Inputs in = inputs();
  in.platforms = {"linux/amd64", "linux/arm64"};
  const Plan plan = plan_build(in, metadata(true), facts(docker_driver(ImageStore::k_classic)));
  EXPECT_EQ(shown(plan),
            (Lines{"build: " + k_bx + "--platform linux/amd64 --tag "
                   "127.0.0.1:6200/o/app:1.2.3-linux-amd64 --metadata-file "
                   "$BERTH_PRIVATE_DIR/build-metadata-linux-amd64.json --push --provenance=false . "
                   "[127.0.0.1:6200/o/app:1.2.3-linux-amd64]",
                   "build: " + k_bx + "--platform linux/arm64 --tag "
                   "127.0.0.1:6200/o/app:1.2.3-linux-arm64 --metadata-file "
                   "$BERTH_PRIVATE_DIR/build-metadata-linux-arm64.json --push --provenance=false . "
                   "[127.0.0.1:6200/o/app:1.2.3-linux-arm64]",
                   "index: 127.0.0.1:6200/o/app:1.2.3 <- [127.0.0.1:6200/o/app:1.2.3-linux-amd64] "
                   "[127.0.0.1:6200/o/app:1.2.3-linux-arm64]",
                   "tag: 127.0.0.1:6200/o/app:1.2 <- 127.0.0.1:6200/o/app:1.2.3",
                   "tag: 127.0.0.1:6200/o/app:latest <- 127.0.0.1:6200/o/app:1.2.3"}));
}

TEST(PlanBuildx, ClassicStoreWithoutPushLoadsEachPlatformUnderItsTags) {
  Inputs in = inputs();
  in.platforms = {"linux/amd64", "linux/arm64"};
  Metadata m = metadata(false);
  m.tag_set.partials.clear();
  m.tag_set.latest = false;
  const Plan plan = plan_build(in, m, facts(docker_driver(ImageStore::k_classic)));
  EXPECT_EQ(shown(plan),
            (Lines{"build: " + k_bx + "--platform linux/amd64 --tag "
                   "127.0.0.1:6200/o/app:1.2.3-linux-amd64 --load --provenance=false .",
                   "build: " + k_bx + "--platform linux/arm64 --tag "
                   "127.0.0.1:6200/o/app:1.2.3-linux-arm64 --load --provenance=false ."}));
}

TEST(PlanBuildx, CacheExportOnClassicStoreUsesAPrivateBuilderRemovedLast) {
  Inputs in = inputs();
  in.cache_to = {"type=registry,ref=127.0.0.1:6200/o/cache,mode=max"};
  BuildFacts f = facts(docker_driver(ImageStore::k_classic));
  f.run_id = "0123456789abcdef";
  f.private_dir = "/tmp/berth-x";
  f.logins = {{"127.0.0.1:6200", "u", "password"}};
  f.cli_plugin_dirs = {"/home/u/.docker/cli-plugins"};
  Metadata m = metadata(true);
  m.tag_set.partials.clear();
  m.tag_set.latest = false;
  in.username = "u";
  const Plan plan = plan_build(in, m, f);
  EXPECT_EQ(plan.builder_name, "berth-0123456789abcdef");
  EXPECT_EQ(plan.buildx_config, "/tmp/berth-x/buildx");
  EXPECT_EQ(describe(plan, plan.steps.back()),
            "BUILDX_CONFIG='$BERTH_PRIVATE_DIR/buildx' docker --config '$BERTH_PRIVATE_DIR/docker' "
            "buildx rm 'berth-$BERTH_RUN_ID'   (runs even when a step before it failed)");
  EXPECT_EQ(plan.cli_plugin_dirs, (Lines{"/home/u/.docker/cli-plugins"}));
  const std::string config = "docker --config $BERTH_PRIVATE_DIR/docker ";
  EXPECT_EQ(shown(plan),
            (Lines{"login: " + config + "login --username u --password-stdin 127.0.0.1:6200",
                   "builder-create: " + config + "buildx create --name berth-$BERTH_RUN_ID "
                   "--driver docker-container --bootstrap",
                   "build: " + config + "buildx build --progress=plain --builder "
                   "berth-$BERTH_RUN_ID --cache-to "
                   "type=registry,ref=127.0.0.1:6200/o/cache,mode=max --tag "
                   "127.0.0.1:6200/o/app:1.2.3 --iidfile $BERTH_PRIVATE_DIR/iid --metadata-file "
                   "$BERTH_PRIVATE_DIR/build-metadata.json --push --provenance=false . "
                   "[127.0.0.1:6200/o/app:1.2.3]",
                   "builder-remove: " + config + "buildx rm berth-$BERTH_RUN_ID"}));
  // The real argv holds the real name.
  EXPECT_EQ(plan.steps.back().argv.back(), "berth-0123456789abcdef");
}

TEST(PlanBuildx, PrivateBuilderWithoutLoginKeepsTheUsersConfig) {
  Inputs in = inputs();
  in.cache_to = {"type=gha,url=http://cache/"};
  Metadata m = metadata(true);
  m.tag_set.partials.clear();
  m.tag_set.latest = false;
  const Plan plan = plan_build(in, m, facts(docker_driver(ImageStore::k_classic)));
  EXPECT_EQ(shown(plan),
            (Lines{"builder-create: docker buildx create --name berth-$BERTH_RUN_ID --driver "
                   "docker-container --bootstrap",
                   "build: " + k_bx + "--builder berth-$BERTH_RUN_ID --cache-to "
                   "type=gha,url=http://cache/ --tag 127.0.0.1:6200/o/app:1.2.3 --iidfile "
                   "$BERTH_PRIVATE_DIR/iid --metadata-file $BERTH_PRIVATE_DIR/build-metadata.json "
                   "--push --provenance=false . [127.0.0.1:6200/o/app:1.2.3]",
                   "builder-remove: docker buildx rm berth-$BERTH_RUN_ID"}));
  EXPECT_EQ(plan.buildx_config, "$BERTH_PRIVATE_DIR/buildx");
}

TEST(PlanBuildx, InlineCacheStaysOnTheDockerDriver) {
  Inputs in = inputs();
  in.cache_to = {"type=inline"};
  const Plan plan = plan_build(in, metadata(false), facts(docker_driver(ImageStore::k_classic)));
  EXPECT_TRUE(plan.builder_name.empty());
  EXPECT_EQ(plan.steps.size(), 1u);
}

TEST(PlanBuildx, NamedBuilderIsPassed) {
  Inputs in = inputs();
  in.build.builder = "ci";
  DockerCapabilities caps = docker_driver(ImageStore::k_unknown);
  caps.builder = {"ci", "docker-container", {}};
  Metadata m = metadata(false);
  m.tag_set.partials.clear();
  m.tag_set.latest = false;
  const Plan plan = plan_build(in, m, facts(caps));
  EXPECT_EQ(shown(plan), (Lines{"build: " + k_bx + "--builder ci --tag 127.0.0.1:6200/o/app:1.2.3 "
                                "--iidfile $BERTH_PRIVATE_DIR/iid --load --provenance=false ."}));
}

TEST(PlanClassic, NoBuildxBuildsThenPushes) {
  Metadata m = metadata(true);
  m.tag_set.partials.clear();
  m.tag_set.latest = false;
  const Plan plan = plan_build(inputs(), m, facts(DockerCapabilities{}));
  EXPECT_EQ(shown(plan),
            (Lines{"build: docker build --tag 127.0.0.1:6200/o/app:1.2.3 --iidfile "
                   "$BERTH_PRIVATE_DIR/iid .",
                   "push: docker push 127.0.0.1:6200/o/app:1.2.3"}));
}

}  // namespace
}  // namespace berth::core

namespace berth::core {
namespace {

TEST(PlanLogins, LoginHostsPerEvent) {
  struct Case {
    bool push;
    Lines push_hosts, pull_hosts, credentialed, want;
  };
  const Case cases[] = {
      // A push logs in where it pushes and where it pulls from, with credentials.
      {true, {"ghcr.io", "docker.io"}, {"quay.io", "ghcr.io"}, {"ghcr.io", "docker.io", "quay.io"},
       {"ghcr.io", "docker.io", "quay.io"}},
      // A pull request pushes nothing: only the registries it pulls from.
      {false, {"ghcr.io", "docker.io"}, {"quay.io"}, {"ghcr.io", "docker.io", "quay.io"}, {"quay.io"}},
      {false, {"ghcr.io"}, {"ghcr.io"}, {"ghcr.io"}, {"ghcr.io"}},
      // No credentials, no login (anonymous pulls, insecure registries).
      {true, {"127.0.0.1:5000"}, {"docker.io"}, {}, {}},
      {false, {}, {"docker.io", "quay.io"}, {"quay.io"}, {"quay.io"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(login_hosts(c.push, c.push_hosts, c.pull_hosts, c.credentialed), c.want);
  }
}

TEST(PlanLogins, APullRequestLogsInToReadAndPushesNothing) {
  Inputs in = inputs();
  in.username = "ci";
  BuildFacts f = facts(docker_driver(ImageStore::k_classic));
  f.logins = {{"127.0.0.1:5002", "reader", "registry-auth line 2"}};
  const Plan plan = plan_build(in, metadata(false), f);
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_EQ(describe(plan, plan.steps[0]),
            "docker --config '$BERTH_PRIVATE_DIR/docker' login --username reader --password-stdin "
            "127.0.0.1:5002   (registry-auth line 2 on stdin)");
  EXPECT_EQ(plan.steps[0].secret_input, "registry-auth line 2");
  // The build reads the private config, where the login is; it loads, never pushes.
  const std::string build = join(plan.steps[1].argv, " ");
  EXPECT_NE(build.find("--config $BERTH_PRIVATE_DIR/docker buildx build"), std::string::npos) << build;
  EXPECT_EQ(build.find("--push"), std::string::npos) << build;
  EXPECT_TRUE(plan.steps[1].parts.empty());
}

TEST(PlanLogins, EachRegistryLogsInWithItsOwnCredentials) {
  Inputs in = inputs();
  in.username = "ci";
  Metadata m = metadata(true);
  m.images.push_back(parse_image_name("127.0.0.1:5002/o/app", "images"));
  BuildFacts f = facts(docker_driver(ImageStore::k_classic));
  f.logins = {{"127.0.0.1:6200", "ci", "password"},
              {"127.0.0.1:5002", "admin", "registry-auth line 1"}};
  const Plan plan = plan_build(in, m, f);
  ASSERT_GE(plan.steps.size(), 3u);
  EXPECT_EQ(plan.steps[0].argv.back(), "127.0.0.1:6200");
  EXPECT_EQ(plan.steps[0].secret_input, "password");
  EXPECT_EQ(plan.steps[1].argv.back(), "127.0.0.1:5002");
  EXPECT_EQ(plan.steps[1].argv[plan.steps[1].argv.size() - 3], "admin");
  EXPECT_EQ(plan.steps[1].secret_input, "registry-auth line 1");
  EXPECT_EQ(plan.steps[2].kind, StepKind::k_build);
  EXPECT_EQ(plan.steps[2].parts.size(), 2u);  // one pushing build writes both images
}

}  // namespace
}  // namespace berth::core
