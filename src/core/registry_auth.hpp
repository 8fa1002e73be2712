// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace berth::core {

// One line of the `registry-auth` input: the credentials of one registry.
//   registry=docker.io,username=me,password=${{ secrets.HUB_TOKEN }}
// `password=` comes last: the rest of the line is the password, commas and
// '=' included, so no secret needs quoting.
struct RegistryAuth {
  std::string registry;  // the host, normalised (registry_host)
  std::string username;
  std::string password;  // secret: never logged, never in argv; "" = skipped (see below)
  std::size_t line = 0;  // 1-based line of the input

  // Returns "registry-auth line N", how plans and errors name these credentials.
  std::string source() const { return "registry-auth line " + std::to_string(line); }
};

// Returns the registry host `text` names, as berth compares hosts: lowercased,
// without "https://" and a path, Docker Hub's aliases (index.docker.io,
// registry-1.docker.io, https://index.docker.io/v1/) as "docker.io"; "" when
// `text` is not a registry host. Throws nothing.
std::string registry_host(std::string_view text);

// Parses the `registry-auth` input: one registry per line, fields
// `registry=HOST,username=USER,password=SECRET` (password last); blank lines
// and lines starting with '#' are skipped; spaces around a field's value
// (the password's too) are not part of it. A line whose password is empty is kept with an empty
// password (a pull request from a fork gets no secrets): the caller skips it
// and says so. Collects every error in `errors`, each naming registry-auth
// and the line; no message quotes a password or a user name.
std::vector<RegistryAuth> parse_registry_auth(std::string_view text, ErrorCollector& errors);

// Returns the values of `text` to mask before anything is printed: what
// follows "password=" on each line (even on a line that does not parse).
// Throws nothing.
std::vector<std::string> registry_auth_secrets(std::string_view text);

// Checks that no line sends a GitHub token (core::is_github_token) to a
// registry GitHub does not run (core::is_github_registry with `server_url`):
// one Error per such line, naming registry-auth, the line and the host.
void check_registry_auth_tokens(const std::vector<RegistryAuth>& entries,
                                std::string_view server_url, ErrorCollector& errors);

}  // namespace berth::core
