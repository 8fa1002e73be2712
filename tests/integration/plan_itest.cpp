// SPDX-License-Identifier: MIT
// `berth plan` on a laptop, against a real daemon (the test environment's
// Debian 12 dockerd, or Engine 26 with BERTH_ITEST_ENGINE=26-*): the built
// binary runs in a temporary git checkout, reads its context from git, probes
// the daemon and prints the steps docker would run; `berth plan --build`
// carries that plan out here (nothing pushed).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/text.hpp"
#include "io/env.hpp"
#include "support/fixtures.hpp"
#include "support/spawn.hpp"
#include "support/testenv.hpp"

namespace berth {
namespace {

struct Checkout {
  testing::TempDir dir;
  io::Env env;
  std::string sha;
  std::string image;  // ghcr.io/<unique>/app: no pushes go anywhere

  Checkout() {
    env.set("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.set("HOME", dir.path());
    env.set("DOCKER_HOST", testing::need_env("DOCKER_HOST"));
    if (const char* config = std::getenv("DOCKER_CONFIG")) {
      env.set("DOCKER_CONFIG", config);  // the test environment's (buildx plugin, no login)
    }
    image = "ghcr.io/" + testing::unique_repo("berth-plan-itest") + "/app";
    // FROM scratch: tests/with-testenv.sh brings no base image, and nothing is pulled.
    dir.write("Dockerfile", "FROM scratch\nCOPY hello.txt /hello.txt\n");
    dir.write("hello.txt", "hello from berth plan\n");
    const testing::RunResult git = sh(
        "git init -q -b main && git remote add origin git@github.com:Acme/App.git && "
        "git add -A && GIT_COMMITTER_DATE=2025-08-14T10:00:00+02:00 "
        "git -c user.name=t -c user.email=t@example.invalid commit -q -m app && "
        "git rev-parse HEAD");
    EXPECT_EQ(git.status, 0) << git.err;
    sha = std::string(core::trim(git.out));
  }

  // Runs `script` with sh in the checkout.
  testing::RunResult sh(const std::string& script) const {
    return testing::run({"/bin/sh", "-c", "cd \"$0\" && " + script, dir.path()}, env);
  }

  testing::RunResult berth(std::vector<std::string> args) const {
    std::vector<std::string> argv = {"/bin/sh", "-c", "cd \"$0\" && exec \"$@\"",
                                     dir.path(), testing::berth_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return testing::run(argv, env);
  }
};

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(PlanLocalTest, PrintsThePlanOfATagPushFromTheCheckoutAndTheDaemon) {
  Checkout c;
  const testing::RunResult r =
      c.berth({"plan", "--tag", "v1.2.3", "--image", c.image, "--push", "false"});
  ASSERT_EQ(r.status, 0) << r.err;
  // The context: git's commit and origin, the flag's ref.
  EXPECT_TRUE(has(r.err, "sha             " + c.sha + "  (git)")) << r.err;
  EXPECT_TRUE(has(r.err, "repository      Acme/App  (git)")) << r.err;
  EXPECT_TRUE(has(r.err, "ref             refs/tags/v1.2.3  (flag)")) << r.err;
  // The daemon answered: the plan is not a guess.
  EXPECT_FALSE(has(r.err, "does not answer")) << r.err;
  // The build step docker would run, with the tags; its builder is the one this docker CLI
  // has: buildx (labels on the build's line) or, without the plugin, the classic builder
  // (a bare build, then the labels in one step: the --build test checks them on the image).
  const bool buildx = c.sh("docker buildx version >/dev/null 2>&1").status == 0;
  std::string build;
  for (const std::string_view line : core::split(r.err, '\n')) {
    if (core::starts_with(line, buildx ? "docker buildx build " : "docker build ")) {
      build = std::string(line);
    }
  }
  ASSERT_FALSE(build.empty()) << (buildx ? "buildx" : "classic") << " expected:\n" << r.err;
  for (const char* tag : {"1.2.3", "1.2", "1", "latest"}) {
    EXPECT_TRUE(has(build, "--tag " + c.image + ":" + std::string(tag))) << build;
  }
  if (buildx) {
    EXPECT_TRUE(has(build, "org.opencontainers.image.revision=" + c.sha)) << build;
    EXPECT_TRUE(has(build, "org.opencontainers.image.version=1.2.3")) << build;
  } else {
    EXPECT_TRUE(has(build, "one LABEL instruction")) << build;
  }
  EXPECT_TRUE(has(r.err, "no push (push: false)")) << r.err;
  EXPECT_TRUE(has(r.err, "a dry run: nothing was built or pushed")) << r.err;
  // Nothing was built.
  EXPECT_NE(c.sh("docker image inspect " + c.image + ":1.2.3 >/dev/null 2>&1").status, 0);
  // Errors and warnings of a laptop run are plain lines, never workflow commands.
  EXPECT_FALSE(has(r.err, "::warning")) << r.err;
  EXPECT_FALSE(has(r.err, "::error")) << r.err;
}

TEST(PlanLocalTest, JsonIsTheActionsPlan) {
  Checkout c;
  const testing::RunResult r =
      c.berth({"plan", "--tag", "v1.2.3", "--image", c.image, "--push", "false", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "\"" + c.image + ":1.2.3\"")) << r.out;
  EXPECT_TRUE(has(r.out, "\"status\": \"planned\"")) << r.out;
}

TEST(PlanLocalTest, BuildCarriesThePlanOutHere) {
  Checkout c;
  const testing::RunResult r =
      c.berth({"plan", "--build", "--tag", "v1.2.3", "--image", c.image});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.err, "built here; pushed only if --push true was given")) << r.err;
  const testing::RunResult label = c.sh(
      "docker image inspect -f '{{index .Config.Labels \"org.opencontainers.image.revision\"}}' " +
      c.image + ":1.2.3");
  EXPECT_EQ(core::trim(label.out), c.sha) << label.err;
  for (const char* tag : {"1.2.3", "1.2", "1", "latest"}) {
    const testing::RunResult version = c.sh(
        "docker image inspect -f '{{index .Config.Labels \"org.opencontainers.image.version\"}}' " +
        c.image + ":" + tag);
    EXPECT_EQ(core::trim(version.out), "1.2.3") << tag << ": " << version.err;
  }
  c.sh("docker image rm " + c.image + ":1.2.3 " + c.image + ":1.2 " + c.image + ":1 " + c.image +
       ":latest >/dev/null 2>&1");
}

}  // namespace
}  // namespace berth
