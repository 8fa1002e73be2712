// SPDX-License-Identifier: MIT
// Promotion through a faulty network: tests/faultproxy/faultproxy.py sits in
// front of the plain HTTP registry of testenv/ and answers 5xx, 429 with
// Retry-After, resets, truncated bodies and stalls, at a seeded rate or
// permanently for a pattern. Images are seeded and checked through a direct
// client that bypasses the proxy.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include <rapidjson/document.h>

#include "app/promote.hpp"
#include "core/error.hpp"
#include "core/media_types.hpp"
#include "io/console.hpp"
#include "io/http.hpp"
#include "io/registry.hpp"
#include "support/seed.hpp"
#include "support/testenv.hpp"
#include "support/spawn.hpp"

extern char** environ;

namespace berth {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

using testing::need_env;

std::string unique_repo(const std::string& stem) {
  static std::mt19937 rng(std::random_device{}());
  return stem + "-" + std::to_string(rng() % 1000000000);
}

long long elapsed_ms(Clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count();
}

// What the proxy counted (GET /__faultproxy/stats).
struct ProxyStats {
  int requests = 0;  // requests proxied, faulted or not
  int passed = 0;    // answered by the registry (stalls included)
  int failures = 0;  // requests the client saw fail
  int permanent = 0;
  std::map<std::string, int> injected;
  std::map<std::string, int> by_method;
  std::string json;
};

// The fault proxy as a child process, stopped (by its pid) when destroyed.
class FaultProxy {
 public:
  explicit FaultProxy(const std::vector<std::string>& options) {
    m_dir = fs::temp_directory_path() / unique_repo("berth-faultproxy");
    fs::create_directories(m_dir);
    const std::string script = std::string(BERTH_TESTDATA) + "/../tests/faultproxy/faultproxy.py";
    std::vector<std::string> argv = {"/usr/bin/python3", script,
                                     "--upstream", need_env("BERTH_REG_PLAIN"),
                                     "--port-file", (m_dir / "port").string(),
                                     "--stats-file", (m_dir / "stats.json").string(),
                                     "--log", (m_dir / "requests.log").string()};
    argv.insert(argv.end(), options.begin(), options.end());
    std::vector<char*> args;
    for (std::string& a : argv) {
      args.push_back(a.data());
    }
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string out = (m_dir / "proxy.out").string();
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const int rc = posix_spawn(&m_pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      throw std::runtime_error("cannot start the fault proxy");
    }
    for (int i = 0; i < 200 && !fs::exists(m_dir / "port"); ++i) {
      int status = 0;
      if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = 0;
        throw std::runtime_error("the fault proxy exited: " + read(m_dir / "proxy.out"));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::ifstream port(m_dir / "port");
    port >> m_port;
    if (m_port == 0) {
      stop();
      throw std::runtime_error("the fault proxy did not start within 10 s");
    }
    m_http = io::make_curl_client({});
  }
  ~FaultProxy() {
    stop();
    std::error_code ignored;
    fs::remove_all(m_dir, ignored);
  }
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  // "127.0.0.1:PORT", the registry host berth is given.
  std::string host() const { return "127.0.0.1:" + std::to_string(m_port); }

  ProxyStats stats() {
    const io::HttpResponse r = m_http->send({"GET", control("stats"), {}, {}});
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    if (r.status != 200 || !d.IsObject()) {
      throw std::runtime_error("bad stats from the fault proxy: " + r.body);
    }
    ProxyStats s;
    s.json = r.body;
    s.requests = d["requests"].GetInt();
    s.passed = d["passed"].GetInt();
    s.failures = d["failures"].GetInt();
    s.permanent = d["permanent"].GetInt();
    for (const auto& m : d["injected"].GetObject()) {
      s.injected[m.name.GetString()] = m.value.GetInt();
    }
    for (const auto& m : d["by_method"].GetObject()) {
      s.by_method[m.name.GetString()] = m.value.GetInt();
    }
    return s;
  }

  // Changes the proxy's configuration (rate, faults, permanent, ...).
  void configure(const std::string& json) {
    const io::HttpResponse r = m_http->send(
        {"POST", control("config"), {{"Content-Type", "application/json"}}, json});
    if (r.status != 200) {
      throw std::runtime_error("the fault proxy refused " + json + ": " + r.body);
    }
  }

  std::string request_log() const { return read(m_dir / "requests.log"); }

 private:
  std::string control(const std::string& what) const {
    return "http://" + host() + "/__faultproxy/" + what;
  }
  static std::string read(const fs::path& p) {
    std::ifstream f(p);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  }
  void stop() {
    if (m_pid > 0) {
      kill(m_pid, SIGTERM);
      int status = 0;
      waitpid(m_pid, &status, 0);
      m_pid = 0;
    }
  }

  fs::path m_dir;
  pid_t m_pid = 0;
  int m_port = 0;
  std::unique_ptr<io::HttpClient> m_http;
};

// A 4-image stack on the plain registry: an OCI index, a Docker manifest
// list, an OCI image and a Docker image, each under `source`.
struct Stack {
  std::vector<std::string> repos;
  std::vector<io::Manifest> seeded;
};

class FaultsTest : public ::testing::Test {
 protected:
  FaultsTest() {
    m_http = io::make_curl_client({});
    io::RegistryOptions ro;
    ro.host = need_env("BERTH_REG_PLAIN");
    ro.plain_http = true;
    m_direct = std::make_unique<io::RegistryClient>(*m_http, ro);
  }

  Stack seed_stack(const std::string& stem, const std::string& source, std::size_t n = 4) {
    static const std::string_view k_types[] = {core::k_oci_index, core::k_docker_list,
                                               core::k_oci_manifest, core::k_docker_manifest};
    Stack s;
    for (std::size_t i = 0; i < n; ++i) {
      const std::string repo = unique_repo(stem + std::to_string(i));
      const std::string type(k_types[i % 4]);
      s.repos.push_back(repo);
      s.seeded.push_back(core::is_index(type)
                             ? testing::seed_index(*m_direct, repo, source, type, repo)
                             : testing::seed_image(*m_direct, repo, source, type, repo));
    }
    return s;
  }

  // The environment of a promotion of `stack` through `proxy`, with short
  // retry waits.
  static io::Env env_for(const FaultProxy& proxy, const Stack& stack, const std::string& source,
                         const std::string& targets) {
    io::Env env;
    std::string images;
    for (const std::string& repo : stack.repos) {
      images += proxy.host() + "/" + repo + "\n";
    }
    env.set("INPUT_IMAGES", images);
    env.set("INPUT_PROMOTE", source);
    env.set("INPUT_PROMOTE-TO", targets);
    env.set("INPUT_DRY-RUN", "false");
    env.set("BERTH_INSECURE_REGISTRIES", proxy.host());
    env.set("BERTH_RETRY_BASE_MS", "20");
    env.set("BERTH_RETRY_ATTEMPTS", "8");
    env.set("BERTH_RETRY_DEADLINE_MS", "30000");
    return env;
  }

  // Checks through the direct client that every target of every image is
  // the seeded manifest, byte for byte.
  void expect_promoted(const Stack& stack, const std::vector<std::string>& targets) {
    for (std::size_t i = 0; i < stack.repos.size(); ++i) {
      for (const std::string& t : targets) {
        SCOPED_TRACE(stack.repos[i] + ":" + t);
        const io::Manifest m = m_direct->get_manifest(stack.repos[i], t);
        EXPECT_EQ(m.digest, stack.seeded[i].digest);
        EXPECT_EQ(m.bytes, stack.seeded[i].bytes);
        EXPECT_EQ(m.media_type, stack.seeded[i].media_type);
      }
    }
  }

  io::Console m_console{stderr};
  std::unique_ptr<io::HttpClient> m_http;
  std::unique_ptr<io::RegistryClient> m_direct;
};

std::string injected_summary(const ProxyStats& s) {
  std::string out;
  for (const auto& [kind, n] : s.injected) {
    if (n > 0) {
      out += (out.empty() ? "" : ", ") + kind + " " + std::to_string(n);
    }
  }
  return out.empty() ? "none" : out;
}

TEST_F(FaultsTest, PromotesAStackThroughThirtyPercentFaults) {
  const std::string source = "2023.4-f00d001";
  const std::vector<std::string> targets = {"2023.4-stable", "prod"};
  // Seeds chosen up front: each run is the same sequence of faults.
  for (const char* seed : {"20231", "7", "424242"}) {
    SCOPED_TRACE(std::string("seed ") + seed);
    const Stack stack = seed_stack("faults/rate", source);
    FaultProxy proxy({"--rate", "0.3", "--seed", seed, "--faults",
                      "500,502,503,429,reset,truncate,stall", "--retry-after", "1",
                      "--stall-ms", "200"});
    const auto start = Clock::now();
    const app::PromotionReport r =
        app::run_promotion(env_for(proxy, stack, source, "2023.4-stable\nprod"), m_console);
    const long long took = elapsed_ms(start);
    const ProxyStats s = proxy.stats();

    ASSERT_EQ(r.images.size(), 4u);
    for (std::size_t i = 0; i < 4; ++i) {
      EXPECT_EQ(r.images[i].digest, stack.seeded[i].digest);
      EXPECT_EQ(r.images[i].written.size(), 2u);
      EXPECT_TRUE(r.images[i].pending.empty());
    }
    expect_promoted(stack, targets);

    // Every failure the proxy injected cost exactly one retry, and nothing
    // else was sent again: proxied = logical requests + failures.
    EXPECT_EQ(s.requests, r.requests + s.failures) << s.json << proxy.request_log();
    EXPECT_GT(s.failures, 0) << s.json;
    // 4 GETs and 8 PUTs (an anonymous registry needs no token).
    EXPECT_LE(r.requests, 4 + 8 + 2);
    EXPECT_LE(s.failures, 7 * r.requests);  // at most attempts - 1 retries each
    EXPECT_LT(took, 30'000);
    std::printf("seed %s: %d requests, %d proxied, %d faults survived (%s) in %.1f s\n", seed,
                r.requests, s.requests, s.failures, injected_summary(s).c_str(), took / 1000.0);
  }
}

TEST_F(FaultsTest, PermanentPutFaultsStopWithinTheDeadlineAndAReRunFinishes) {
  const std::string source = "2023.4-dead001";
  for (const char* fault : {"503", "reset"}) {
    SCOPED_TRACE(fault);
    const Stack stack = seed_stack("faults/perm", source, 3);
    // Every PUT to the second image's manifests fails.
    FaultProxy proxy({"--permanent", "PUT /v2/" + stack.repos[1] + "/manifests/.*",
                      "--permanent-fault", fault});
    io::Env env = env_for(proxy, stack, source, "2023.4-stable\nprod");
    env.set("BERTH_RETRY_ATTEMPTS", "1000");
    env.set("BERTH_RETRY_BASE_MS", "100");
    env.set("BERTH_RETRY_DEADLINE_MS", "2000");
    const std::string a = proxy.host() + "/" + stack.repos[0];
    const std::string b = proxy.host() + "/" + stack.repos[1];
    const std::string c = proxy.host() + "/" + stack.repos[2];

    const auto start = Clock::now();
    try {
      app::run_promotion(env, m_console);
      FAIL() << "promoted through permanent faults";
    } catch (const Error& e) {
      const long long took = elapsed_ms(start);
      const std::string what = e.what();
      EXPECT_LT(took, 2000 + 3000) << what;  // the deadline, plus the other requests
      EXPECT_NE(what.find("retry deadline of 2.0 s"), std::string::npos) << what;
      EXPECT_NE(what.find("written: " + a + ":2023.4-stable, " + a + ":prod;"),
                std::string::npos)
          << what;
      EXPECT_NE(what.find("not written: " + b + ":2023.4-stable, " + b + ":prod, " + c +
                          ":2023.4-stable, " + c + ":prod"),
                std::string::npos)
          << what;
      EXPECT_NE(what.find("a re-run finishes the job"), std::string::npos) << what;
      const ProxyStats s = proxy.stats();
      EXPECT_GE(s.permanent, 3) << s.json;  // retried, but not for ever
      EXPECT_LE(s.permanent, 25) << s.json;
      std::printf("permanent %s on PUT: stopped after %.1f s and %d tries: %s\n", fault,
                  took / 1000.0, s.permanent, what.c_str());
    }
    EXPECT_EQ(m_direct->head_manifest(stack.repos[0], "prod"), stack.seeded[0].digest);
    EXPECT_EQ(m_direct->list_tags(stack.repos[1]), std::vector<std::string>{source});
    EXPECT_EQ(m_direct->list_tags(stack.repos[2]), std::vector<std::string>{source});

    // The fault is gone: the same promotion finishes the job.
    proxy.configure(R"({"permanent": []})");
    const app::PromotionReport r = app::run_promotion(env, m_console);
    ASSERT_EQ(r.images.size(), 3u);
    expect_promoted(stack, {"2023.4-stable", "prod"});
  }
}

TEST_F(FaultsTest, TwoPromotionsOfTheSameTagAtOnceBothEndCorrectly) {
  const std::string source = "2023.4-c0c0a01";
  const Stack stack = seed_stack("faults/race", source);
  FaultProxy proxy({"--rate", "0.2", "--seed", "99", "--faults", "500,503,reset,truncate,stall",
                    "--stall-ms", "150"});
  io::Env env = env_for(proxy, stack, source, "2023.4-stable\nprod");
  env.set("BERTH_RETRY_ATTEMPTS", "10");

  // Two processes, as two CI jobs would be, plus two threads in this one.
  std::vector<std::string> argv = {testing::berth_binary(), "promote", "--from", source,
                                   "--to", "2023.4-stable", "--to", "prod"};
  for (const std::string& repo : stack.repos) {
    argv.insert(argv.end(), {"--image", proxy.host() + "/" + repo});
  }
  testing::RunResult results[2];
  std::thread jobs[2];
  for (int i = 0; i < 2; ++i) {
    jobs[i] = std::thread([&, i] { results[i] = testing::run(argv, env); });
  }
  std::vector<app::PromotionReport> reports(2);
  std::string errors[2];
  std::thread inner[2];
  for (int i = 0; i < 2; ++i) {
    inner[i] = std::thread([&, i] {
      try {
        io::Console console(stderr);
        reports[i] = app::run_promotion(env, console);
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  for (int i = 0; i < 2; ++i) {
    jobs[i].join();
    inner[i].join();
  }
  for (int i = 0; i < 2; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(results[i].status, 0) << results[i].err;
    rapidjson::Document d;
    d.Parse(results[i].out.c_str());
    ASSERT_TRUE(d.IsObject()) << results[i].out;
    ASSERT_EQ(d["images"].Size(), 4u);
    for (rapidjson::SizeType j = 0; j < 4; ++j) {
      EXPECT_EQ(std::string(d["images"][j]["digest"].GetString()), stack.seeded[j].digest);
      EXPECT_EQ(d["images"][j]["promoted"].Size(), 2u);
    }
    EXPECT_EQ(errors[i], "");
    ASSERT_EQ(reports[i].images.size(), 4u);
    for (std::size_t j = 0; j < 4; ++j) {
      EXPECT_EQ(reports[i].images[j].written.size(), 2u);
    }
  }
  expect_promoted(stack, {"2023.4-stable", "prod"});
  const ProxyStats s = proxy.stats();
  std::printf("4 concurrent promotions: %d proxied, %d faults survived (%s)\n", s.requests,
              s.failures, injected_summary(s).c_str());
}

}  // namespace
}  // namespace berth
