// SPDX-License-Identifier: MIT
#include "app/registries.hpp"

#include "core/error.hpp"
#include "core/github.hpp"
#include "core/registry_auth.hpp"
#include "core/text.hpp"

namespace berth::app {

bool is_insecure_registry(const io::Env& env, const std::string& host) {
  for (const std::string& item : core::input_items(env.get("BERTH_INSECURE_REGISTRIES"))) {
    if (item == host) {
      return true;
    }
  }
  return false;
}

core::RetryPolicy retry_policy(const io::Env& env) {
  core::RetryPolicy policy;
  const auto number = [&env](const char* name, core::EpochMs fallback) -> core::EpochMs {
    const std::string v(core::trim(env.get(name)));
    if (v.empty() || v.size() > 9 ||
        v.find_first_not_of("0123456789") != std::string::npos) {
      return fallback;
    }
    return std::stoll(v);
  };
  policy.max_attempts = static_cast<int>(number("BERTH_RETRY_ATTEMPTS", policy.max_attempts));
  policy.base_delay = number("BERTH_RETRY_BASE_MS", policy.base_delay);
  policy.deadline = number("BERTH_RETRY_DEADLINE_MS", policy.deadline);
  policy.run_deadline = number("BERTH_RUN_DEADLINE_MS", policy.run_deadline);
  return policy;
}

Registries::Registries(const io::Env& env, const core::Inputs& in, io::Console& console)
    : m_env(env), m_inputs(in), m_console(console) {
  io::HttpOptions options;
  options.ca_file = env.get("BERTH_CA_FILE");
  options.user_agent = "berth/" BERTH_VERSION;
  const core::RetryPolicy policy = retry_policy(env);
  m_curl = io::make_curl_client(options);
  m_retrying = std::make_unique<io::RetryingHttpClient>(
      *m_curl, policy, [&console](const std::string& line) { console.info(line); });
  m_counting = std::make_unique<io::CountingHttpClient>(*m_retrying);
  ErrorCollector errors;
  core::check_registry_auth_tokens(in.registry_auth, env.get("GITHUB_SERVER_URL"), errors);
  errors.throw_if_any();
  for (const core::RegistryAuth& auth : in.registry_auth) {
    if (auth.password.empty()) {
      console.warning("registry-auth: line " + std::to_string(auth.line) +
                      ": the password is empty (is the secret set? a pull request from a fork "
                      "gets no secrets): berth does not log in to " + auth.registry + " with it");
    }
  }
}

const core::RegistryAuth* Registries::auth_line(const std::string& host) const {
  const core::RegistryAuth* auth = core::registry_auth_for(m_inputs, host);
  return auth != nullptr && !auth->password.empty() ? auth : nullptr;
}

std::optional<LoginCredentials> Registries::login_credentials(const std::string& host) {
  if (const core::RegistryAuth* auth = auth_line(host)) {
    return LoginCredentials{LoginCredentials::Kind::k_registry_auth,
                            {host, auth->username, auth->source()}, auth->password,
                            auth->line};
  }
  if (sends_password(host)) {
    return LoginCredentials{LoginCredentials::Kind::k_password_input,
                            {host, m_inputs.username, "password"}, m_inputs.password};
  }
  if (const auto config = io::docker_config_credentials(m_env, host);
      config && !config->username.empty() && !config->password.empty()) {
    return LoginCredentials{LoginCredentials::Kind::k_docker_config,
                            {host, config->username, "the docker config's " + host + " entry"},
                            config->password};
  }
  return std::nullopt;
}

bool Registries::sends_password(const std::string& host) const {
  return auth_line(host) == nullptr && !m_inputs.password.empty() &&
         (!core::is_github_token(m_inputs.password) ||
          core::is_github_registry(host, m_env.get("GITHUB_SERVER_URL")));
}

const io::Credentials& Registries::credentials(const std::string& host) {
  auto it = m_credentials.find(host);
  if (it == m_credentials.end() && auth_line(host) != nullptr) {
    it = m_credentials.emplace(host, io::Credentials{auth_line(host)->username,
                                                     auth_line(host)->password}).first;
  }
  if (it == m_credentials.end()) {
    const bool send = sends_password(host);
    if (!send && !m_inputs.password.empty()) {
      m_console.info("password: not sent to " + host +
                     ": it is a GitHub token (the default is github.token), which berth sends "
                     "only to GitHub's registries; set password for " + host);
    }
    it = m_credentials
             .emplace(host, io::resolve_credentials(m_env, host, m_inputs.username,
                                                    send ? m_inputs.password : std::string()))
             .first;
  }
  return it->second;
}

io::RegistryClient& Registries::client(const std::string& host) {
  auto& client = m_clients[host];
  if (!client) {
    io::RegistryOptions options;
    options.host = host;
    options.credentials = credentials(host);
    options.plain_http = is_insecure_registry(m_env, host);
    options.insecure_hosts = core::input_items(m_env.get("BERTH_INSECURE_REGISTRIES"));
    client = std::make_unique<io::RegistryClient>(*m_counting, options);
  }
  return *client;
}

}  // namespace berth::app
