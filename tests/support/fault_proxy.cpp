// SPDX-License-Identifier: MIT
#include "support/fault_proxy.hpp"

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>

#include <rapidjson/document.h>

#include "core/media_types.hpp"
#include "support/seed.hpp"
#include "support/testenv.hpp"

extern char** environ;

namespace berth::testing {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace

std::string injected_summary(const ProxyStats& s) {
  std::string out;
  for (const auto& [kind, n] : s.injected) {
    if (n > 0) {
      out += (out.empty() ? "" : ", ") + kind + " " + std::to_string(n);
    }
  }
  return out.empty() ? "none" : out;
}

FaultProxy::FaultProxy(const std::vector<std::string>& options) {
  const fs::path dir = fs::temp_directory_path() / unique_repo("berth-faultproxy");
  m_dir = dir.string();
  fs::create_directories(dir);
  const std::string script = std::string(BERTH_TESTDATA) + "/../tests/faultproxy/faultproxy.py";
  std::vector<std::string> argv = {"/usr/bin/python3", script,
                                   "--upstream", need_env("BERTH_REG_PLAIN"),
                                   "--port-file", (dir / "port").string(),
                                   "--stats-file", (dir / "stats.json").string(),
                                   "--log", (dir / "requests.log").string()};
  argv.insert(argv.end(), options.begin(), options.end());
  m_process.emplace(argv, io::Env::from_environ(environ), (dir / "proxy.out").string());
  for (int i = 0; i < 200 && !fs::exists(dir / "port"); ++i) {
    if (m_process->wait(0) >= 0) {
      m_process.reset();
      throw std::runtime_error("the fault proxy exited: " + read_file(dir / "proxy.out"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::ifstream port(dir / "port");
  port >> m_port;
  if (m_port == 0) {
    stop();
    throw std::runtime_error("the fault proxy did not start within 10 s");
  }
  m_http = io::make_curl_client({});
}

FaultProxy::~FaultProxy() {
  stop();
  std::error_code ignored;
  fs::remove_all(m_dir, ignored);
}

ProxyStats FaultProxy::stats() {
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

void FaultProxy::configure(const std::string& json) {
  const io::HttpResponse r =
      m_http->send({"POST", control("config"), {{"Content-Type", "application/json"}}, json});
  if (r.status != 200) {
    throw std::runtime_error("the fault proxy refused " + json + ": " + r.body);
  }
}

std::string FaultProxy::request_log() const {
  return read_file(fs::path(m_dir) / "requests.log");
}

std::string FaultProxy::control(const std::string& what) const {
  return "http://" + host() + "/__faultproxy/" + what;
}

void FaultProxy::stop() {
  if (m_process && m_process->wait(0) < 0) {
    kill(m_process->pid(), SIGTERM);
    m_process->wait(10'000);
  }
  m_process.reset();  // SIGKILL if it is still running
}

Stack seed_stack(io::RegistryClient& direct, const std::string& stem, const std::string& source,
                 std::size_t n) {
  static const std::string_view k_types[] = {core::k_oci_index, core::k_docker_list,
                                             core::k_oci_manifest, core::k_docker_manifest};
  Stack s;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string repo = unique_repo(stem + std::to_string(i));
    const std::string type(k_types[i % 4]);
    s.repos.push_back(repo);
    s.seeded.push_back(core::is_index(type) ? seed_index(direct, repo, source, type, repo)
                                            : seed_image(direct, repo, source, type, repo));
  }
  return s;
}

io::Env promotion_env(const FaultProxy& proxy, const Stack& stack, const std::string& source,
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

}  // namespace berth::testing
