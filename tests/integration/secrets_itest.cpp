// SPDX-License-Identifier: MIT
// The secrets sweep: every scenario the action runs (push, pull request, dry
// run, promotion, wrong password, bad input) against the real daemon and TLS
// registry, with the password searched for in the log, the output files, the
// files left behind, and the command lines and environments of every other
// process on the machine, sampled while berth runs.
#include <dirent.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "support/fixtures.hpp"
#include "support/spawn.hpp"
#include "support/step_env.hpp"
#include "support/testenv.hpp"

namespace berth {
namespace {


std::string read_all(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// Samples /proc/*/cmdline and /proc/*/environ of every process but `skip`
// (berth itself, which the runner hands the password in its environment)
// until stopped, and counts the samples that hold `secret`.
class ProcSampler {
 public:
  ProcSampler(std::string secret) : m_secret(std::move(secret)) {
    m_thread = std::thread([this] {
      while (!m_stop) {
        sample();
        usleep(2000);
      }
    });
  }
  ~ProcSampler() { stop(); }
  void skip(int pid) { m_skip = pid; }
  void stop() {
    m_stop = true;
    if (m_thread.joinable()) {
      m_thread.join();
    }
  }
  int hits() const { return m_hits; }
  int samples() const { return m_samples; }
  const std::string& where() const { return m_where; }

 private:
  void sample() {
    DIR* dir = opendir("/proc");
    if (dir == nullptr) {
      return;
    }
    const int self = getpid();
    while (dirent* e = readdir(dir)) {
      const int pid = std::atoi(e->d_name);
      if (pid <= 0 || pid == self || pid == m_skip) {
        continue;
      }
      for (const char* file : {"cmdline", "environ"}) {
        // The command line before and after the read tells what was read: a
        // child between its spawn and its exec is still a copy of berth (its
        // environment berth's, which holds the password the runner handed
        // it), and one in the middle of exec shows an empty command line.
        // A process that is the same other program on both sides is judged.
        const std::string cmdline = "/proc/" + std::to_string(pid) + "/cmdline";
        const std::string before = read_all(cmdline);
        const std::string text = read_all("/proc/" + std::to_string(pid) + "/" + file);
        const std::string after = read_all(cmdline);
        ++m_samples;
        if (text.empty() || text.find(m_secret) == std::string::npos) {
          continue;
        }
        const auto is_berth = [](const std::string& cmd) {
          return cmd.rfind(testing::berth_binary(), 0) == 0;
        };
        if (before.empty() || before != after || is_berth(before)) {
          continue;
        }
        ++m_hits;
        m_where = "/proc/" + std::to_string(pid) + "/" + file + " (" +
                  before.substr(0, before.find('\0')) + ")";
      }
    }
    closedir(dir);
  }

  std::string m_secret;
  std::atomic<bool> m_stop{false};
  std::atomic<int> m_skip{-1};
  std::atomic<int> m_hits{0};
  std::atomic<int> m_samples{0};
  std::string m_where;
  std::thread m_thread;
};

// Returns the files under `root` whose content holds `secret`.
std::vector<std::string> files_holding(const std::string& root, const std::string& secret) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(
           root, std::filesystem::directory_options::skip_permission_denied, ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (ec || !it->is_regular_file(ec) || it->file_size(ec) > (8u << 20)) {
      continue;
    }
    if (read_all(it->path().string()).find(secret) != std::string::npos) {
      out.push_back(it->path().string());
    }
  }
  return out;
}

struct Scenario {
  const char* name;
  const char* fixture;
  std::vector<std::pair<std::string, std::string>> env;
  int status;
};

TEST(SecretsTest, ThePasswordAppearsNowhere) {
  const std::string pass = testing::test_password();
  const std::string repo = "secrets/app-" + std::to_string(std::random_device{}() % 1000000);
  const std::string image = testing::need_env("BERTH_REG_TLS") + "/" + repo;
  const Scenario scenarios[] = {
      {"push", "push_tag_semver", {}, 0},
      {"pull request", "pull_request", {}, 0},
      {"dry run", "push_default", {{"INPUT_DRY-RUN", "true"}}, 0},
      {"promotion dry run", "workflow_dispatch", {{"INPUT_PROMOTE", "1.2.3"}, {"INPUT_PROMOTE-TO", "stable"}, {"INPUT_DRY-RUN", "true"}}, 0},
      {"promotion", "workflow_dispatch", {{"INPUT_PROMOTE", "1.2.3"}, {"INPUT_PROMOTE-TO", "stable"}}, 0},
      {"missing source", "workflow_dispatch", {{"INPUT_PROMOTE", "2023.1-0000000"}}, 1},
      {"wrong password", "push_default", {{"INPUT_PASSWORD", pass + "-wrong"}}, 1},
      {"bad input", "push_default", {{"INPUT_PUSH", "sometimes"}}, 1},
  };
  int samples = 0;
  for (const Scenario& s : scenarios) {
    SCOPED_TRACE(s.name);
    testing::TempDir home, temp, workspace, logs;
    workspace.write("Dockerfile", "FROM scratch\nCOPY hello /hello\n");
    workspace.write("hello", std::string("secrets sweep ") + s.name + "\n");
    io::Env env =
        testing::push_step_env(s.fixture, image, home.path(), temp, workspace.path(), pass);
    env.set("TMPDIR", temp.path());
    env.set("GITHUB_ENV", temp.write("env", ""));
    for (const auto& [k, v] : s.env) {
      env.set(k, v);
    }
    const std::string secret = env.get("INPUT_PASSWORD");
    ProcSampler sampler(secret);
    testing::Background berth({testing::berth_binary()}, env, logs.path() + "/berth.log");
    sampler.skip(berth.pid());
    const int status = berth.wait(120'000);
    sampler.stop();
    samples += sampler.samples();
    EXPECT_EQ(status, s.status);
    EXPECT_EQ(sampler.hits(), 0) << "found in " << sampler.where();
    const std::string log = logs.read("berth.log");
    // The log holds the secret once: in the ::add-mask:: line, its first line.
    EXPECT_EQ(log.substr(0, log.find('\n')), "::add-mask::" + secret);
    EXPECT_EQ(log.find(secret, log.find('\n')), std::string::npos) << log;
    for (const std::string& dir : {home.path(), temp.path(), workspace.path()}) {
      EXPECT_TRUE(files_holding(dir, secret).empty()) << dir;
    }
    // Nothing was written to $HOME (docker login used a private config).
    EXPECT_TRUE(std::filesystem::is_empty(home.path()));
  }
  std::printf("secrets sweep: %zu scenarios, %d /proc samples, 0 hits expected\n",
              std::size(scenarios), samples);
}

}  // namespace
}  // namespace berth
