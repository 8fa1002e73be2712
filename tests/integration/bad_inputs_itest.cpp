// SPDX-License-Identifier: MIT
// Sixty-odd bad inputs through the real binary, as the action: each exits 1
// with an ::error:: naming the input at fault, writes no output, and leaves
// the registry and the daemon as they were (checked, not assumed).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>

#include "core/text.hpp"
#include "io/registry.hpp"
#include "support/fixtures.hpp"
#include "support/spawn.hpp"
#include "support/testenv.hpp"

namespace berth {
namespace {


struct Bad {
  std::string why;
  std::vector<std::pair<std::string, std::string>> env;
  std::string names;  // the input (or context variable) the error must name
};

TEST(BadInputsTest, EachFailsCleanlyNamingTheInput) {
  const std::string pass = testing::test_password();
  const std::string reg = testing::need_env("BERTH_REG_TLS");
  const std::string repo = "bad/app-" + std::to_string(std::random_device{}() % 1000000);
  const std::string image = reg + "/" + repo;
  testing::TempDir dir;
  dir.write("Dockerfile", "FROM scratch\nCOPY Dockerfile /x\n");
  const std::string bad_payload = dir.write("bad.json", "{\"repository\": {\"name\": ");
  const std::string list_payload = dir.write("list.json", "[]");
  const std::string typed_payload = dir.write("typed.json", "{\"repository\": 5}");
  const std::string nested_payload = dir.write("nested.json", std::string(100000, '[') + "]");

  const std::vector<Bad> cases = {
      // image names
      {"spaces", {{"INPUT_IMAGES", "Bad Image"}}, "images"},
      {"empty path part", {{"INPUT_IMAGES", reg + "/a//b"}}, "images"},
      {"ghcr without owner", {{"INPUT_IMAGES", "ghcr.io/onlyname"}}, "images"},
      {"leading dash", {{"INPUT_IMAGES", reg + "/-x/y"}}, "images"},
      {"tag in name", {{"INPUT_IMAGES", image + ":v1"}}, "images"},
      {"digest in name", {{"INPUT_IMAGES", image + "@sha256:abc"}}, "images"},
      {"bad port", {{"INPUT_IMAGES", "host.example.com:99999999/x"}}, "images"},
      {"bad ipv6", {{"INPUT_IMAGES", "[zz::1]/a"}}, "images"},
      {"too long", {{"INPUT_IMAGES", reg + "/" + std::string(300, 'a')}}, "images"},
      {"triple underscore", {{"INPUT_IMAGES", reg + "/a___b"}}, "images"},
      {"pkg.github.com form", {{"INPUT_IMAGES", "docker.pkg.github.com/a/b"}}, "images"},
      {"bad image input", {{"INPUT_IMAGES", ""}, {"INPUT_IMAGE", "Not Valid"}}, "image"},
      // registry
      {"scheme in registry", {{"INPUT_IMAGES", ""}, {"INPUT_REGISTRY", "https://ghcr.io"}}, "registry"},
      {"path in registry", {{"INPUT_IMAGES", ""}, {"INPUT_REGISTRY", "ghcr.io/owner"}}, "registry"},
      {"underscore host", {{"INPUT_IMAGES", ""}, {"INPUT_REGISTRY", "bad_host.com"}}, "registry"},
      // raw tags
      {"leading dash tag", {{"INPUT_TAGS", "-bad"}}, "tags"},
      {"leading dot tag", {{"INPUT_TAGS", ".x"}}, "tags"},
      {"semver without pattern", {{"INPUT_TAGS", "type=semver"}}, "tags"},
      {"regex that does not compile", {{"INPUT_TAGS", "type=match,pattern=(,group=1"}}, "tags"},
      {"unknown rule type", {{"INPUT_TAGS", "type=nightly"}}, "tags"},
      {"unknown attribute", {{"INPUT_TAGS", "type=sha,colour=red"}}, "tags"},
      {"match without group", {{"INPUT_TAGS", "type=semver,pattern={{version}},match=v.*"}}, "tags"},
      {"bad enable", {{"INPUT_TAGS", "type=raw,value=x,enable=maybe"}}, "tags"},
      {"bad flavor", {{"INPUT_FLAVOR", "latest=sometimes"}}, "flavor"},
      {"unknown flavor key", {{"INPUT_FLAVOR", "colour=red"}}, "flavor"},
      // refs, events, payloads, shas
      {"ref with nothing usable", {{"GITHUB_REF", "refs/heads/---"}}, "GITHUB_REF"},
      {"notes ref", {{"GITHUB_REF", "refs/notes/x"}}, "GITHUB_REF"},
      {"empty ref", {{"GITHUB_REF", ""}}, "GITHUB_REF"},
      {"dots only", {{"GITHUB_REF", "refs/heads/..."}}, "GITHUB_REF"},
      {"empty tag ref", {{"GITHUB_REF", "refs/tags/"}}, "GITHUB_REF"},
      {"unknown event", {{"GITHUB_EVENT_NAME", "pushed"}}, "GITHUB_EVENT_NAME"},
      {"upper-case event", {{"GITHUB_EVENT_NAME", "PUSH"}}, "GITHUB_EVENT_NAME"},
      {"event with newline", {{"GITHUB_EVENT_NAME", "push\n"}}, "GITHUB_EVENT_NAME"},
      {"truncated payload", {{"GITHUB_EVENT_PATH", bad_payload}}, "GITHUB_EVENT_PATH"},
      {"array payload", {{"GITHUB_EVENT_PATH", list_payload}}, "GITHUB_EVENT_PATH"},
      {"mistyped payload", {{"GITHUB_EVENT_PATH", typed_payload}}, "GITHUB_EVENT_PATH"},
      {"deeply nested payload", {{"GITHUB_EVENT_PATH", nested_payload}}, "GITHUB_EVENT_PATH"},
      {"missing payload", {{"GITHUB_EVENT_PATH", dir.path() + "/none.json"}}, "GITHUB_EVENT_PATH"},
      {"empty sha", {{"GITHUB_SHA", ""}}, "GITHUB_SHA"},
      {"non-hex sha", {{"GITHUB_SHA", "not-a-sha-at-all"}}, "GITHUB_SHA"},
      {"short sha", {{"GITHUB_SHA", "12345"}}, "GITHUB_SHA"},
      {"bad clock", {{"SOURCE_DATE_EPOCH", "yesterday"}}, "SOURCE_DATE_EPOCH"},
      // booleans and modes
      {"push maybe", {{"INPUT_PUSH", "maybe"}}, "push"},
      {"push 1", {{"INPUT_PUSH", "1"}}, "push"},
      {"dry-run yes", {{"INPUT_DRY-RUN", "yes"}}, "dry-run"},
      {"calver word", {{"INPUT_CALVER", "quarterly"}}, "calver"},
      {"calver period 0", {{"INPUT_CALVER", "2023.0"}}, "calver"},
      {"monotonic-latest no", {{"INPUT_MONOTONIC-LATEST", "no"}}, "monotonic-latest"},
      // the build
      {"missing context", {{"INPUT_CONTEXT", dir.path() + "/none"}}, "context"},
      {"missing Dockerfile", {{"INPUT_FILE", dir.path() + "/Dockerfile.none"}}, "file"},
      {"bare platform", {{"INPUT_PLATFORMS", "amd64"}}, "platforms"},
      {"two platforms, no buildx", {{"INPUT_PLATFORMS", "linux/amd64,linux/arm64"}}, "platforms"},
      {"cache export, no buildx", {{"INPUT_CACHE-TO", "type=gha"}}, "cache-to"},
      {"typed cache source, no buildx", {{"INPUT_CACHE-FROM", "type=registry,ref=x/y"}}, "cache-from"},
      {"build arg without name", {{"INPUT_BUILD-ARGS", "=value"}}, "build-args"},
      {"label without value", {{"INPUT_LABELS", "no-equals"}}, "labels"},
      {"user with space", {{"INPUT_USERNAME", "a b"}}, "username"},
      {"two-line password", {{"INPUT_PASSWORD", "two\nlines"}}, "password"},
      {"branch with space", {{"INPUT_DEFAULT-BRANCH", "a b"}}, "default-branch"},
      {"absurdly long input", {{"INPUT_TARGET", std::string(40000, 'x')}}, "target"},
      {"secret without id", {{"INPUT_SECRETS", "just-a-value"}}, "secrets"},
      {"missing secret file", {{"INPUT_SECRET-FILES", "npmrc=" + dir.path() + "/none"}}, "secret-files"},
      {"unset secret variable", {{"INPUT_SECRET-ENVS", "tok=BERTH_NO_SUCH_VARIABLE"}}, "secret-envs"},
      {"ulimit word", {{"INPUT_ULIMIT", "nofile=many"}}, "ulimit"},
      {"unknown annotation type", {{"INPUT_ANNOTATIONS", "image:a=b"}}, "annotations"},
      {"host without ip", {{"INPUT_ADD-HOSTS", "db"}}, "add-hosts"},
      {"provenance mode", {{"INPUT_PROVENANCE", "mode=full"}}, "provenance"},
      {"no-cache maybe", {{"INPUT_NO-CACHE", "maybe"}}, "no-cache"},
      {"shm-size word", {{"INPUT_SHM-SIZE", "big"}}, "shm-size"},
      // promotion
      {"promote without a quarter", {{"INPUT_PROMOTE", "latest"}}, "promote"},
      {"promote bad tag", {{"INPUT_PROMOTE", "-bad"}}, "promote"},
      {"promote-to bad tag", {{"INPUT_PROMOTE", "2023.2-a1"}, {"INPUT_PROMOTE-TO", "bad tag"}}, "promote-to"},
      {"promote-to alone", {{"INPUT_PROMOTE-TO", "stable"}}, "promote-to"},
      {"promote-to the source", {{"INPUT_PROMOTE", "2023.2-a1"}, {"INPUT_PROMOTE-TO", "2023.2-a1"}}, "promote-to"},
      {"missing source", {{"INPUT_PROMOTE", "2023.1-0000000"}}, "promote"},
      // credentials and the registry
      {"wrong password", {{"INPUT_PASSWORD", pass + "-wrong"}}, "password"},
      {"no credentials", {{"INPUT_USERNAME", ""}, {"INPUT_PASSWORD", ""}}, "username"},
      {"unverifiable certificate", {{"BERTH_CA_FILE", ""}}, "images"},
      {"unreachable registry", {{"INPUT_IMAGES", "127.0.0.1:1/x/y"}}, "images"},
  };
  io::HttpOptions http_options;
  http_options.ca_file = testing::need_env("BERTH_CA_CERT");
  const auto http = io::make_curl_client(http_options);
  io::RegistryClient registry(*http, io::RegistryOptions{reg, {testing::need_env("BERTH_USER"), pass}});
  const auto docker_images = [&] {
    io::Env denv;
    denv.set("DOCKER_HOST", testing::need_env("DOCKER_HOST"));
    // Every image, intermediate ones too, by ID and name; sorted, because
    // images made in the same second are listed in any order.
    const std::string out = testing::run({"/usr/local/bin/docker", "image", "ls", "--all",
                                          "--no-trunc", "--format",
                                          "{{.ID}} {{.Repository}}:{{.Tag}}"},
                                         denv)
                                .out;
    std::vector<std::string> lines = core::input_lines(out);
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  const std::vector<std::string> images_before = docker_images();
  for (const Bad& c : cases) {
    SCOPED_TRACE(c.why);
    io::Env env = testing::load_event("push_default");
    env.set("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.set("HOME", dir.path());
    env.set("DOCKER_HOST", testing::need_env("DOCKER_HOST"));
    env.set("RUNNER_TEMP", dir.path());
    env.set("GITHUB_OUTPUT", dir.write("output", ""));
    env.set("BERTH_CA_FILE", testing::need_env("BERTH_CA_CERT"));
    env.set("BERTH_RETRY_ATTEMPTS", "2");
    env.set("BERTH_RETRY_BASE_MS", "50");
    env.set("INPUT_IMAGES", image);
    env.set("INPUT_CONTEXT", dir.path());
    env.set("INPUT_USERNAME", testing::need_env("BERTH_USER"));
    env.set("INPUT_PASSWORD", pass);
    for (const auto& [k, v] : c.env) {
      env.set(k, v);
    }
    const testing::RunResult r = testing::run({testing::berth_binary()}, env);
    EXPECT_EQ(r.status, 1) << r.out;
    const bool variable = c.names == "SOURCE_DATE_EPOCH";
    const std::string title = c.names.rfind("GITHUB_", 0) == 0 ? "Invalid GitHub context '"
                              : variable                      ? "Invalid variable '"
                                                              : "Invalid input '";
    EXPECT_NE(r.out.find("::error title=" + title + c.names + "'::"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("::group::docker"), std::string::npos) << "ran docker:\n" << r.out;
    EXPECT_EQ(dir.read("output"), "");
  }
  EXPECT_TRUE(registry.list_tags(repo).empty());
  EXPECT_EQ(docker_images(), images_before);
  std::printf("bad inputs tried: %zu\n", cases.size());
}

}  // namespace
}  // namespace berth
