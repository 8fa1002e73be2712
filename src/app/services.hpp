// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/build_plan.hpp"
#include "core/inputs.hpp"
#include "io/console.hpp"
#include "io/engine_api.hpp"
#include "io/env.hpp"
#include "io/files.hpp"
#include "io/git.hpp"
#include "io/process.hpp"
#include "io/registry.hpp"

namespace berth::app {

struct RunRecord;  // app/execute.hpp

// What a run's registry requests cost (reports and benchmarks).
struct HttpStats {
  int requests = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t bytes_sent = 0;
  std::vector<std::string> log;  // "GET 200 https://..." per request
};

// The credentials berth logs docker in with for one registry.
struct LoginCredentials {
  enum class Kind { k_password_input, k_registry_auth, k_docker_config };
  Kind kind = Kind::k_password_input;
  // host, username (empty for the password input: the username input's)
  // and where the password comes from, as the plan shows it
  core::Login login;
  std::string password;  // secret
  std::size_t line = 0;  // the registry-auth line (k_registry_auth)
};

// The registries of a run, as the commands see them. Abstract so that the
// commands are tested against in-memory registries.
class RegistryAccess {
 public:
  virtual ~RegistryAccess() = default;
  // Returns the client of `host`, made on first use. Throws Error.
  virtual io::Registry& registry(const std::string& host) = 0;
  // Returns whether the password input is sent to `host` (a GitHub token
  // goes only to GitHub's registries).
  virtual bool sends_password(const std::string& host) const = 0;
  // Returns whether a push to `host` has credentials, or needs none (a
  // loopback or insecure registry).
  virtual bool can_push(const std::string& host) = 0;
  // Returns the credentials docker logs in to `host` with: its registry-auth
  // line, else the password input (unless a GitHub token withheld from it),
  // else the docker config's entry; nothing when berth has none.
  virtual std::optional<LoginCredentials> login_credentials(const std::string& host) {
    if (!sends_password(host)) {
      return std::nullopt;
    }
    return LoginCredentials{LoginCredentials::Kind::k_password_input, {host, "", "password"}, ""};
  }
  virtual HttpStats stats() const = 0;
};

// The adapters a command works through. run.cpp builds the real ones; unit
// tests build fakes (tests/support/fake_services.hpp).
struct Services {
  const io::Env& env;
  io::Console& console;
  io::ProcessRunner& processes;
  io::Files& files;
  RegistryAccess& registries;
  std::function<int()> stop_requested;     // the signal that asked berth to stop, 0 if none
  std::function<std::string()> random_id;  // a fresh random token
  // The wall clock, unix nanoseconds (empty: the system clock).
  std::function<std::int64_t()> now_ns = {};
  std::int64_t started_ns = 0;   // when the run began (0: when its first step did)
  RunRecord* record = nullptr;   // where the executor leaves each run for traces
  // Opens the Docker Engine API on a unix socket (probe.cpp asks it instead
  // of the docker CLI when the CLI would reach that socket). Empty: the CLI
  // is always asked.
  std::function<std::unique_ptr<io::EngineApi>(const std::string& socket)> engine_api = {};
  std::function<std::unique_ptr<io::GitRepo>(const std::string& path)> open_git = {};
};

// Returns the time of `s`'s clock, unix nanoseconds.
std::int64_t now_ns(const Services& s);

// Returns the real registries of a run: curl, retries, counting, one client
// per host with the run's credentials (app/registries.hpp).
std::unique_ptr<RegistryAccess> live_registries(const io::Env& env, const core::Inputs& in,
                                                io::Console& console);

// Returns the directory a run's private files go under: RUNNER_TEMP, else
// TMPDIR, else /tmp.
std::string private_base(const io::Env& env, io::Files& files);

// Returns the path on the runner of `path`, a path under a container
// action's RUNNER_TEMP (/github/runner_temp, where the runner mounts
// <work>/_temp; RUNNER_WORKSPACE is the host's <work>/<repo>), for an output
// a later step on the runner reads. Any other path is returned as it is.
std::string runner_host_path(const io::Env& env, const std::string& path);

// Returns the child processes' environment: berth's, without the INPUT_*
// variables, so that the password is in no child's /proc/*/environ, and
// without the OTEL_* variables, which are berth's trace settings, not docker's.
std::vector<std::string> child_env(const io::Env& env);

}  // namespace berth::app
