// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "io/env.hpp"

namespace berth::io {

// A registry user name and password (or token). Never logged.
struct Credentials {
  std::string username;
  std::string password;
  bool empty() const { return username.empty() && password.empty(); }
};

// Returns the credentials for `registry` from the docker CLI's config file
// ($DOCKER_CONFIG/config.json, else $HOME/.docker/config.json): the base64
// `auth` of its `auths` entry. Returns nothing when there is no file or no
// entry; throws Error naming DOCKER_CONFIG when the file is malformed.
std::optional<Credentials> docker_config_credentials(const Env& env, std::string_view registry);

// Returns the inputs' credentials when a password is given, else the docker
// config's, else none (anonymous).
Credentials resolve_credentials(const Env& env, std::string_view registry,
                                const std::string& username, const std::string& password);

}  // namespace berth::io
