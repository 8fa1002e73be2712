// SPDX-License-Identifier: MIT
#include "core/registry_auth.hpp"

#include <algorithm>
#include <map>

#include "core/github.hpp"
#include "core/reference.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

constexpr std::string_view k_password_key = "password=";

// Returns whether `key` may be quoted in an error: a short field name, not a
// fragment of a secret typed where a key belongs.
bool is_printable_key(std::string_view key) {
  return !key.empty() && key.size() <= 20 &&
         std::all_of(key.begin(), key.end(), [](char c) { return is_lower(c) || c == '-'; });
}

// Returns the index of "password=" starting a field of `line` (at its start
// or after a comma, spaces allowed), or npos.
std::size_t password_field(std::string_view line) {
  std::size_t at = 0;
  while (true) {
    const std::string_view rest = line.substr(at);
    const std::string_view field = trim(rest);
    if (starts_with(field, k_password_key)) {
      return at + static_cast<std::size_t>(field.data() - rest.data());
    }
    const std::size_t comma = line.find(',', at);
    if (comma == std::string_view::npos) {
      return std::string_view::npos;
    }
    at = comma + 1;
  }
}

}  // namespace

std::string registry_host(std::string_view text) {
  std::string host = to_lower(trim(text));
  for (const char* scheme : {"https://", "http://"}) {
    if (starts_with(host, scheme)) {
      host.erase(0, std::string_view(scheme).size());
    }
  }
  host = host.substr(0, host.find('/'));
  if (host == "index.docker.io" || host == "registry-1.docker.io") {
    host = std::string(k_docker_hub);
  }
  return is_valid_registry(host) ? host : std::string();
}

std::vector<RegistryAuth> parse_registry_auth(std::string_view text, ErrorCollector& errors) {
  std::vector<RegistryAuth> out;
  std::map<std::string, std::size_t> seen;  // host -> line
  std::size_t number = 0;
  for (std::string_view raw : split(text, '\n')) {
    ++number;
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const std::string where = "registry-auth: line " + std::to_string(number) + ": ";
    const auto fail = [&](const std::string& message) {
      errors.add(Error(where + message, "registry-auth"));
    };
    RegistryAuth auth;
    auth.line = number;
    const std::size_t pw = password_field(line);
    const std::string_view fields = pw == std::string_view::npos ? line : line.substr(0, pw);
    bool ok = true;
    bool has_registry = false;
    bool has_username = false;
    std::size_t index = 0;
    for (std::string_view field : split(fields, ',')) {
      ++index;
      field = trim(field);
      if (field.empty()) {
        continue;  // "a=b," before password=, or a doubled comma
      }
      const std::size_t eq = field.find('=');
      const std::string_view key = trim(field.substr(0, eq));
      if (eq == std::string_view::npos) {
        fail("field " + std::to_string(index) +
             " is not key=value (registry=HOST,username=USER,password=SECRET)");
        ok = false;
        break;
      }
      const std::string_view value = trim(field.substr(eq + 1));
      if (key == "registry" && !has_registry) {
        has_registry = true;
        auth.registry = registry_host(value);
        if (auth.registry.empty()) {
          fail("\"" + std::string(value) + "\" is not a registry host (host[:port])");
          ok = false;
        }
      } else if (key == "username" && !has_username) {
        has_username = true;
        auth.username = std::string(value);
        if (auth.username.find_first_of(" \t:") != std::string::npos) {
          fail("the username must not contain spaces or ':'");
          ok = false;
        }
      } else if (key == "registry" || key == "username") {
        fail(std::string(key) + "= is given twice");
        ok = false;
      } else {
        fail((is_printable_key(key) ? "unknown field \"" + std::string(key) + "\""
                                    : "field " + std::to_string(index) + " has an unknown key") +
             " (registry, username, password; password= comes last: the rest of the line is "
             "the password)");
        ok = false;
        break;
      }
    }
    if (!ok) {
      continue;
    }
    if (!has_registry || !has_username || pw == std::string_view::npos) {
      std::vector<std::string> missing;
      for (const auto& [has, name] : {std::pair{has_registry, "registry="},
                                      std::pair{has_username, "username="},
                                      std::pair{pw != std::string_view::npos, "password="}}) {
        if (!has) {
          missing.emplace_back(name);
        }
      }
      fail("no " + join(missing, ", ") +
           " (registry=HOST,username=USER,password=SECRET, password last)");
      continue;
    }
    if (auth.username.empty()) {
      fail("username= is empty");
      continue;
    }
    auth.password = std::string(trim(line.substr(pw + k_password_key.size())));
    const auto [it, fresh] = seen.emplace(auth.registry, number);
    if (!fresh) {
      fail(auth.registry + " is already given on line " + std::to_string(it->second));
      continue;
    }
    out.push_back(std::move(auth));
  }
  return out;
}

std::vector<std::string> registry_auth_secrets(std::string_view text) {
  std::vector<std::string> out;
  for (std::string_view raw : split(text, '\n')) {
    const std::string_view line = trim(raw);
    const std::size_t at = line.find(k_password_key);
    if (at != std::string_view::npos) {
      const std::string_view secret = trim(line.substr(at + k_password_key.size()));
      if (!secret.empty()) {
        out.emplace_back(secret);
      }
    }
  }
  return out;
}

void check_registry_auth_tokens(const std::vector<RegistryAuth>& entries,
                                std::string_view server_url, ErrorCollector& errors) {
  for (const RegistryAuth& auth : entries) {
    if (is_github_token(auth.password) && !is_github_registry(auth.registry, server_url)) {
      errors.add(Error("registry-auth: line " + std::to_string(auth.line) +
                           ": the password is a GitHub token, which berth sends only to "
                           "GitHub's registries, not to " + auth.registry,
                       "registry-auth"));
    }
  }
}

}  // namespace berth::core
