// SPDX-License-Identifier: MIT
// A stack run through the real binary, as the runner starts it, on Docker
// Engine 26 (both image stores) with the sample stack (examples/stack: FROM
// the local Debian base, so dpkg is there), a real git history and the test
// registry, with traces sent to the OTLP test receiver:
//   1. the first push builds all four images, lists their packages, pushes
//      them and stores each manifest next to its build tag;
//   2. a commit that changes only `batch` (it drops bash from dpkg's list)
//      rebuilds batch, compares its packages with the first build's stored
//      manifest (read from the registry, no layer pulled) and re-tags the rest.
// Checked: the packages-dir files, the summary and the `stack` output, the
// artifacts in the registry, and the tree of spans (root, one span per image,
// its steps under it, attributes). Needs testenv/up.sh (the base image) and
// `eval "$(testenv/engine26.sh up --store both)"`
// (BERTH_ITEST_ENGINE=26-classic tests/with-testenv.sh does both); skips
// without Engine 26.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include <rapidjson/document.h>

#include "io/http.hpp"
#include "io/package_store.hpp"
#include "io/registry.hpp"
#include "support/fixtures.hpp"
#include "support/otlp_receiver.hpp"
#include "support/runner_files.hpp"
#include "support/spawn.hpp"
#include "support/testenv.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;
using testing::Span;

int sh(const std::string& command) { return std::system(command.c_str()); }

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class StackTraceTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    const char* config = std::getenv("BERTH_ENGINE26_DOCKER_CONFIG");
    if (config == nullptr || *config == '\0') {
      GTEST_SKIP() << "Engine 26 is not up: eval \"$(testenv/engine26.sh up --store both)\"";
    }
    m_daemon = testing::need_env(GetParam());
    m_host = testing::need_env("BERTH_REG_PLAIN");
    m_base = testing::need_env("BERTH_BASE_IMAGE");
    m_owner = "pkg" + std::to_string(std::random_device{}() % 1000000000);
    // The Debian base image, from the testenv daemon where testenv/ made it.
    if (sh("DOCKER_HOST=" + m_daemon + " docker image inspect " + m_base + " >/dev/null 2>&1") != 0) {
      const std::string copy = "DOCKER_HOST=unix://" + testing::need_env("BERTH_TESTENV") +
                               "/docker.sock docker save " + m_base + " | DOCKER_HOST=" +
                               m_daemon + " docker load >/dev/null";
      ASSERT_EQ(sh(copy), 0) << copy;
    }
    m_ws = m_dir.path() + "/ws";
    fs::copy(testing::testdata("../examples/stack"), m_ws, fs::copy_options::recursive);
    ASSERT_EQ(sh("cd " + m_ws + " && git init -q -b main && git add -A && " + commit("first")), 0);
  }

  void TearDown() override {
    if (m_owner.empty() || m_daemon.empty()) {
      return;
    }
    sh("DOCKER_HOST=" + m_daemon + " docker image ls --format '{{.Repository}}:{{.Tag}}' | grep '/" +
       m_owner + "/' | DOCKER_HOST=" + m_daemon + " xargs -r docker image rm -f >/dev/null 2>&1");
  }

  static std::string commit(const std::string& message) {
    return "git -c user.name=test -c user.email=test@example.invalid commit -qm " + message;
  }

  std::string head() {
    const std::string out = m_dir.path() + "/head";
    sh("git -C " + m_ws + " rev-parse HEAD >" + out);
    std::string sha = read_file(out);
    return sha.substr(0, sha.find('\n'));
  }

  struct Run {
    testing::RunResult result;
    std::map<std::string, std::string> outputs;
    std::vector<Span> spans;
    std::string summary;
    rapidjson::Document stack;
  };

  Run action(const std::string& name) {
    testing::OtlpReceiver receiver;
    io::Env env = testing::load_event("push_default");
    env.set("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.set("HOME", m_dir.path());
    env.set("RUNNER_TEMP", m_dir.path());
    env.set("DOCKER_HOST", m_daemon);
    env.set("DOCKER_CONFIG", testing::need_env("BERTH_ENGINE26_DOCKER_CONFIG"));
    env.set("GITHUB_SHA", head());
    env.set("GITHUB_REPOSITORY", m_owner + "/stack");
    env.set("GITHUB_REPOSITORY_OWNER", m_owner);
    env.set("GITHUB_JOB", "stack");
    env.set("GITHUB_OUTPUT", m_dir.write("output-" + name, ""));
    env.set("GITHUB_STEP_SUMMARY", m_dir.write("summary-" + name, ""));
    env.set("INPUT_STACK", "true");
    env.set("INPUT_REGISTRY", m_host);
    env.set("INPUT_BUILD-ARGS",
            "DEBIAN_IMAGE=" + m_base + "\nSTACK_PREFIX=" + m_host + "/" + m_owner);
    env.set("BERTH_INSECURE_REGISTRIES", m_host);
    env.set("INPUT_NETWORK", "host");  // the test daemons have no bridge for RUN steps
    env.set("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
    Run run;
    // env -C, not a shell: dash drops the INPUT_* variables whose names hold a hyphen.
    run.result = testing::run({"/usr/bin/env", "-C", m_ws, testing::berth_binary()}, env);
    run.outputs = testing::parse_runner_file(m_dir.read("output-" + name));
    run.summary = m_dir.read("summary-" + name);
    run.stack.Parse(run.outputs.count("stack") != 0 ? run.outputs.at("stack").c_str() : "{}");
    const auto requests = receiver.requests();
    if (requests.size() == 1) {
      run.spans = testing::spans_of(*requests[0]);
    }
    return run;
  }

  std::string m_daemon, m_host, m_base, m_owner, m_ws;
  testing::TempDir m_dir;
};

const Span* named(const std::vector<Span>& spans, const std::string& name) {
  for (const Span& s : spans) {
    if (s.name == name) {
      return &s;
    }
  }
  return nullptr;
}

std::vector<std::string> children_of(const std::vector<Span>& spans, const Span& parent) {
  std::vector<std::string> out;
  for (const Span& s : spans) {
    if (s.parent == parent.id) {
      out.push_back(s.name);
    }
  }
  return out;
}

const rapidjson::Value* image_of(const rapidjson::Document& stack, const std::string& name) {
  if (!stack.IsObject() || !stack.HasMember("images")) {
    return nullptr;
  }
  for (const auto& i : stack["images"].GetArray()) {
    if (std::string(i["name"].GetString()) == name) {
      return &i;
    }
  }
  return nullptr;
}

TEST_P(StackTraceTest, PackagesAreListedStoredAndComparedAndEachImageIsASpan) {
  const std::string prefix = m_host + "/" + m_owner + "/";
  // 1. The first push: every image builds.
  const Run first = action("first");
  ASSERT_EQ(first.result.status, 0) << first.result.out << first.result.err;
  const std::string tag1 = first.outputs.at("version");
  const std::string dir1 = first.outputs.at("packages-dir");
  ASSERT_FALSE(dir1.empty()) << first.result.out;
  for (const char* name : {"base", "notebook", "ml", "batch"}) {
    SCOPED_TRACE(name);
    const std::string json = read_file(dir1 + "/" + name + ".packages.json");
    EXPECT_EQ(json.rfind("{\"berthPackages\":1,\"tools\":{\"dpkg\":[", 0), 0u) << json;
    EXPECT_NE(json.find("[\"bash\","), std::string::npos);
    EXPECT_NE(read_file(dir1 + "/" + name + ".packages.txt").find("# dpkg ("), std::string::npos);
    const rapidjson::Value* image = image_of(first.stack, name);
    ASSERT_NE(image, nullptr);
    ASSERT_TRUE(image->HasMember("packages"));
    EXPECT_FALSE((*image)["packages"]["compared"].GetBool());
    EXPECT_EQ(std::string((*image)["packages"]["artifact"].GetString()).rfind("sha256:", 0), 0u);
    std::printf("[ measure ] %s %s: read %d requests, store %d requests\n", GetParam(), name,
                (*image)["packages"]["read_requests"].GetInt(),
                (*image)["packages"]["store_requests"].GetInt());
  }
  EXPECT_NE(first.summary.find("#### Packages of ml"), std::string::npos) << first.summary;
  EXPECT_NE(first.summary.find("Stored next to `" + prefix + "ml:" + tag1 + "`"),
            std::string::npos)
      << first.summary;

  // The trace: berth stack > image NAME > its steps.
  ASSERT_FALSE(first.spans.empty()) << "no traces received\n" << first.result.out;
  const Span& root = first.spans.front();
  EXPECT_EQ(root.name, "berth stack");
  for (const char* name : {"base", "notebook", "ml", "batch"}) {
    SCOPED_TRACE(name);
    const Span* image = named(first.spans, std::string("image ") + name);
    ASSERT_NE(image, nullptr);
    EXPECT_EQ(image->parent, root.id);
    EXPECT_EQ(image->trace, root.trace);
    EXPECT_EQ(image->attrs.at("berth.stack.action"), "build");
    EXPECT_EQ(image->attrs.at("berth.image"), prefix + name);
    EXPECT_EQ(image->attrs.at("berth.tests.failed"), "0");
    const std::string ref = prefix + name + ":" + tag1;
    const auto steps = children_of(first.spans, *image);
    for (const std::string& step :
         {std::string("docker build ") + name, std::string("packages ") + name,
          "docker push " + ref, "packages store " + ref, "tag " + prefix + name + ":latest"}) {
      EXPECT_NE(std::find(steps.begin(), steps.end(), step), steps.end()) << step;
      const Span* s = named(first.spans, step);
      ASSERT_NE(s, nullptr) << step;
      EXPECT_LE(image->start, s->start) << step;
      EXPECT_GE(image->end, s->end) << step;
      EXPECT_EQ(s->attrs.at("berth.stack.image"), name) << step;
    }
    int tests = 0;
    for (const Span& s : first.spans) {
      if (s.parent == image->id && s.attrs.count("berth.test.result") != 0) {
        ++tests;
        EXPECT_EQ(s.attrs.at("berth.test.result"), "passed") << s.name;
        EXPECT_EQ(s.attrs.at("cicd.pipeline.task.type"), "test") << s.name;
      }
    }
    EXPECT_GE(tests, 4);
    EXPECT_EQ(image->attrs.at("berth.tests.passed"), std::to_string(tests));
    EXPECT_EQ(named(first.spans, std::string("packages ") + name)->attrs.count("berth.packages.tools"),
              1u);
  }
  EXPECT_EQ(named(first.spans, "checks")->parent, root.id);

  // 2. A commit that changes only batch: it drops bash from dpkg's list.
  {
    std::ofstream df(m_ws + "/images/batch/Dockerfile", std::ios::app);
    df << "USER root\nRUN sed -i '/^Package: bash$/,/^$/d' /var/lib/dpkg/status\nUSER 1000:1000\n";
  }
  ASSERT_EQ(sh("cd " + m_ws + " && git add -A && " + commit("batch")), 0);
  const Run second = action("second");
  ASSERT_EQ(second.result.status, 0) << second.result.out << second.result.err;
  const std::string tag2 = second.outputs.at("version");
  ASSERT_NE(tag1, tag2);
  const std::string dir2 = second.outputs.at("packages-dir");
  EXPECT_FALSE(fs::exists(dir2 + "/base.packages.json")) << "base was re-tagged, not built";
  const std::string diff = read_file(dir2 + "/batch.packages-diff.md");
  EXPECT_NE(diff.find("dpkg  removed  bash"), std::string::npos) << diff;
  EXPECT_NE(second.summary.find("#### Packages of batch"), std::string::npos) << second.summary;
  const rapidjson::Value* batch = image_of(second.stack, "batch");
  ASSERT_NE(batch, nullptr);
  EXPECT_TRUE((*batch)["packages"]["compared"].GetBool());
  EXPECT_EQ((*batch)["packages"]["tools"]["dpkg"]["removed"].GetUint64(), 1u);
  EXPECT_EQ((*batch)["packages"]["tools"]["dpkg"]["added"].GetUint64(), 0u);
  std::printf("[ measure ] %s batch (compared): read %d requests, store %d requests\n", GetParam(),
              (*batch)["packages"]["read_requests"].GetInt(),
              (*batch)["packages"]["store_requests"].GetInt());

  ASSERT_FALSE(second.spans.empty()) << "no traces received";
  const Span* base = named(second.spans, "image base");
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(base->attrs.at("berth.stack.action"), "retag");
  const Span* retag = named(second.spans, "tag " + prefix + "base:" + tag2);
  ASSERT_NE(retag, nullptr);
  EXPECT_EQ(retag->parent, base->id);
  EXPECT_EQ(retag->attrs.at("berth.source"), prefix + "base:" + tag1);
  const Span* listed = named(second.spans, "packages batch");
  ASSERT_NE(listed, nullptr);
  EXPECT_EQ(listed->parent, named(second.spans, "image batch")->id);
  EXPECT_EQ(listed->attrs.at("berth.packages.changed"), "1");
  EXPECT_EQ(listed->attrs.at("berth.packages.compared_with"), prefix + "batch:" + tag1);

  // A re-tagged image keeps its manifest: the artifact's subject is its digest.
  io::HttpOptions options;
  auto http = io::make_curl_client(options);
  io::RegistryOptions ro;
  ro.host = m_host;
  ro.insecure_hosts = {m_host};
  io::RegistryClient registry(*http, ro);
  registry.add_scope(m_owner + "/base", "pull");
  const io::FoundPackages found = io::find_package_artifact(registry, m_owner + "/base", tag2);
  ASSERT_TRUE(found.json) << found.absent;
  EXPECT_EQ(*found.json, read_file(dir1 + "/base.packages.json"));
}

INSTANTIATE_TEST_SUITE_P(Engine26, StackTraceTest,
                         ::testing::Values(testing::k_engine26_classic,
                                           testing::k_engine26_containerd),
                         testing::engine26_store_name);

}  // namespace
}  // namespace berth
