// SPDX-License-Identifier: MIT
#include "app/build_secrets.hpp"

#include "app/execute.hpp"
#include "core/error.hpp"

namespace berth::app {

void check_secret_sources(const core::BuildOptions& options, Services& s) {
  ErrorCollector errors;
  for (const core::BuildSecret& secret : options.secrets) {
    const std::string where = "line " + std::to_string(secret.line) + ": ";
    if (secret.source == core::BuildSecret::Source::k_file &&
        !s.files.is_regular_file(secret.from)) {
      errors.add(Error("secret-files: " + where + "secret \"" + secret.id + "\": \"" +
                           secret.from + "\" is not a file",
                       "secret-files"));
    }
    if (secret.source == core::BuildSecret::Source::k_env && s.env.get(secret.from).empty()) {
      errors.add(Error("secret-envs: " + where + "secret \"" + secret.id + "\": variable " +
                           secret.from + " is not set or empty (set it in the step's env)",
                       "secret-envs"));
    }
  }
  errors.throw_if_any();
}

std::map<std::string, std::string> run_secrets(const core::Inputs& in,
                                               const core::BuildFacts& facts, Services& s) {
  std::map<std::string, std::string> secrets = {{"password", in.password}};
  for (const core::Login& login : facts.logins) {
    const auto c = s.registries.login_credentials(login.host);
    if (c && c->kind != LoginCredentials::Kind::k_password_input) {
      secrets[login.secret] = c->password;
    }
  }
  for (const auto& [id, value] : in.build.secret_values) {
    secrets[secret_key("secrets", id)] = value;
  }
  return secrets;
}

}  // namespace berth::app
