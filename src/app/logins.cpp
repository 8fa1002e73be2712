// SPDX-License-Identifier: MIT
#include "app/logins.hpp"

#include <algorithm>

#include "core/dockerfile_sources.hpp"
#include "core/error.hpp"
#include "core/github.hpp"
#include "core/text.hpp"

namespace berth::app {
namespace {

// Adds `host` to `hosts` once; "" (a reference without a readable host) not.
void add_host(std::vector<std::string>& hosts, const std::string& host) {
  if (!host.empty()) {
    core::add_unique(hosts, host);
  }
}

// Returns the ref= of a registry cache entry ("type=registry,ref=R" or a bare
// reference, which buildx reads as one), else "".
std::string registry_cache_ref(const std::string& entry) {
  if (entry.find('=') == std::string::npos) {
    return entry;
  }
  bool registry = false;
  std::string ref;
  for (std::string_view field : core::split(entry, ',')) {
    field = core::trim(field);
    registry = registry || field == "type=registry";
    if (core::starts_with(field, "ref=")) {
      ref = std::string(field.substr(4));
    }
  }
  return registry ? ref : std::string();
}

}  // namespace

std::vector<std::string> pull_hosts(const core::Inputs& in, Services& s) {
  std::vector<std::string> hosts;
  const std::string file = in.file.empty() ? in.context + "/Dockerfile" : in.file;
  if (s.files.is_regular_file(file)) {
    std::string text;
    try {
      text = s.files.read_text(file);
    } catch (const Error&) {
      // check_paths and the build itself report an unreadable Dockerfile.
    }
    const core::PullSources sources = core::dockerfile_pull_sources(text, in.build_args);
    for (const std::string& host : sources.hosts) {
      add_host(hosts, host);
    }
    if (!sources.unresolved.empty()) {
      s.console.info("cannot tell the registry of " + core::join(sources.unresolved, ", ") +
                     " in " + file + " (an ARG without a value?): no login for it");
    }
  }
  for (const std::string& entry : in.cache_from) {
    add_host(hosts, core::reference_host(registry_cache_ref(entry)));
  }
  for (const std::string& context : in.build.build_contexts) {
    const std::size_t at = context.find("=docker-image://");
    if (at != std::string::npos) {
      add_host(hosts, core::reference_host(context.substr(at + 16)));
    }
  }
  return hosts;
}

std::vector<core::Login> build_logins(const core::Inputs& in, const core::Metadata& m,
                                      Services& s) {
  return build_logins(in, m, pull_hosts(in, s), s);
}

std::vector<core::Login> build_logins(const core::Inputs& in, const core::Metadata& m,
                                      const std::vector<std::string>& pulled, Services& s) {
  std::vector<std::string> targets;
  for (const core::ImageName& image : m.images) {
    add_host(targets, image.registry);
  }
  std::vector<std::string> pushed;
  if (m.push) {
    pushed = targets;
    for (const std::string& entry : in.cache_to) {
      add_host(pushed, core::reference_host(registry_cache_ref(entry)));
    }
  }
  std::vector<std::string> credentialed;
  std::vector<core::Login> found;
  const std::vector<std::string>* const lists[] = {&pushed, &pulled};
  for (const std::vector<std::string>* list : lists) {
    for (const std::string& host : *list) {
      if (std::find(credentialed.begin(), credentialed.end(), host) != credentialed.end()) {
        continue;
      }
      auto c = s.registries.login_credentials(host);
      // The password input belongs to the run's own registries (and, a
      // GitHub token, to GitHub's): a base image elsewhere does not get it.
      if (c && c->kind == LoginCredentials::Kind::k_password_input &&
          std::find(targets.begin(), targets.end(), host) == targets.end() &&
          !core::is_github_token(in.password)) {
        c.reset();
      }
      if (!c) {
        if (list == &pulled) {
          s.console.info("no login for " + host +
                         ", which the build pulls from: berth has no credentials for it "
                         "(a registry-auth line gives them)");
        }
        continue;
      }
      if (c->kind == LoginCredentials::Kind::k_password_input) {
        c->login.username = in.username;
      }
      credentialed.push_back(host);
      found.push_back(c->login);
    }
  }
  std::vector<core::Login> logins;
  for (const std::string& host : core::login_hosts(m.push, pushed, pulled, credentialed)) {
    logins.push_back(*std::find_if(found.begin(), found.end(),
                                   [&host](const core::Login& l) { return l.host == host; }));
  }
  return logins;
}

}  // namespace berth::app
