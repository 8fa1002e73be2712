// SPDX-License-Identifier: MIT
#include "app/services.hpp"

#include <chrono>

#include "app/registries.hpp"
#include "core/text.hpp"

namespace berth::app {
namespace {

class LiveRegistries : public RegistryAccess {
 public:
  LiveRegistries(const io::Env& env, const core::Inputs& in, io::Console& console)
      : m_env(env), m_registries(env, in, console) {}

  io::Registry& registry(const std::string& host) override { return m_registries.client(host); }

  bool sends_password(const std::string& host) const override {
    return m_registries.sends_password(host);
  }

  bool can_push(const std::string& host) override {
    // The look-up of a loopback name last: most pushes have credentials.
    return !m_registries.credentials(host).empty() || is_insecure_registry(m_env, host) ||
           io::is_loopback_host(host);
  }

  std::optional<LoginCredentials> login_credentials(const std::string& host) override {
    return m_registries.login_credentials(host);
  }

  HttpStats stats() const override {
    const io::CountingHttpClient& http = m_registries.http();
    return {http.requests(), http.bytes_received(), http.bytes_sent(), http.log()};
  }

 private:
  const io::Env& m_env;
  Registries m_registries;
};

}  // namespace

std::unique_ptr<RegistryAccess> live_registries(const io::Env& env, const core::Inputs& in,
                                                io::Console& console) {
  return std::make_unique<LiveRegistries>(env, in, console);
}

std::string private_base(const io::Env& env, io::Files& files) {
  const std::string runner_temp = env.get("RUNNER_TEMP");
  if (!runner_temp.empty() && files.is_directory(runner_temp)) {
    return runner_temp;
  }
  return env.get("TMPDIR").empty() ? "/tmp" : env.get("TMPDIR");
}

std::string runner_host_path(const io::Env& env, const std::string& path) {
  const std::string mount = "/github/runner_temp";
  const std::string workspace = env.get("RUNNER_WORKSPACE");
  const std::size_t slash = workspace.rfind('/');
  if (env.get("RUNNER_TEMP") != mount || path.compare(0, mount.size(), mount) != 0 ||
      (path.size() > mount.size() && path[mount.size()] != '/') || slash == std::string::npos ||
      slash == 0 || workspace.compare(0, 8, "/github/") == 0) {
    return path;
  }
  return workspace.substr(0, slash) + "/_temp" + path.substr(mount.size());
}

std::vector<std::string> child_env(const io::Env& env) {
  std::vector<std::string> out;
  for (const std::string& entry : env.entries()) {
    // OTEL_*: berth's own trace settings. The docker CLI and buildx read the
    // same variables and would export over gRPC by default, waiting about 20 s
    // per process on an HTTP collector; and OTEL_EXPORTER_OTLP_HEADERS holds
    // tokens.
    if (!core::starts_with(entry, "INPUT_") && !core::starts_with(entry, "OTEL_")) {
      out.push_back(entry);
    }
  }
  return out;
}

std::int64_t now_ns(const Services& s) {
  if (s.now_ns) {
    return s.now_ns();
  }
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace berth::app
