// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <memory>
#include <string>

#include "app/services.hpp"
#include "core/inputs.hpp"
#include "io/console.hpp"
#include "io/env.hpp"
#include "io/registry.hpp"
#include "io/retrying_http.hpp"

namespace berth::app {

// The HTTP stack of a run (curl → retries → counting) and one registry client
// per registry host, with the run's credentials. Settings from the
// environment: BERTH_CA_FILE (a CA bundle for private registries),
// BERTH_INSECURE_REGISTRIES (hosts spoken to in plain HTTP, the only ones
// besides loopback hosts that may get credentials over it) and the retry
// overrides of retry_policy(), including the deadline of the whole run.
class Registries {
 public:
  Registries(const io::Env& env, const core::Inputs& in, io::Console& console);

  // Checks the registry-auth lines against the run (a GitHub token only for
  // GitHub's registries: Error naming registry-auth and the line) and warns
  // about lines with an empty password, which berth skips.
  // Returns the client of `host`, made on first use.
  io::RegistryClient& client(const std::string& host);

  // Returns the credentials berth uses for `host`: its registry-auth line's,
  // else the inputs', else the docker config's. A password that is a GitHub token (the action's default,
  // github.token) goes only to GitHub's own registries: for any other host it
  // is withheld, and said so once.
  const io::Credentials& credentials(const std::string& host);

  // Returns whether berth sends the password input to `host` (see
  // credentials()): not where a registry-auth line names the host.
  bool sends_password(const std::string& host) const;

  // Returns the credentials docker logs in to `host` with, and where they
  // come from (RegistryAccess::login_credentials).
  std::optional<LoginCredentials> login_credentials(const std::string& host);

  const io::CountingHttpClient& http() const { return *m_counting; }

 private:
  // Returns the registry-auth line of `host` with a password, or nullptr.
  const core::RegistryAuth* auth_line(const std::string& host) const;

  const io::Env& m_env;
  const core::Inputs& m_inputs;
  io::Console& m_console;
  std::unique_ptr<io::HttpClient> m_curl;
  std::unique_ptr<io::RetryingHttpClient> m_retrying;
  std::unique_ptr<io::CountingHttpClient> m_counting;
  std::map<std::string, io::Credentials> m_credentials;
  std::map<std::string, std::unique_ptr<io::RegistryClient>> m_clients;
};

// Returns the retry policy, with BERTH_RETRY_ATTEMPTS, BERTH_RETRY_BASE_MS,
// BERTH_RETRY_DEADLINE_MS (one request) and BERTH_RUN_DEADLINE_MS (every
// request of the run; default 10 minutes, 0 = none) overriding the defaults.
core::RetryPolicy retry_policy(const io::Env& env);

// Returns whether `host` is named in BERTH_INSECURE_REGISTRIES.
bool is_insecure_registry(const io::Env& env, const std::string& host);

}  // namespace berth::app
