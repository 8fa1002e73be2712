// SPDX-License-Identifier: MIT
#include "app/probe.hpp"

#include <algorithm>
#include <csignal>

#include "core/error.hpp"
#include "core/mask.hpp"
#include "core/text.hpp"

namespace berth::app {
namespace {

void check_paths(const core::Inputs& in, io::Files& files) {
  ErrorCollector errors;
  if (!files.is_directory(in.context)) {
    errors.add(Error("context: \"" + in.context + "\" is not a directory", "context"));
  }
  const std::string file = in.file.empty() ? in.context + "/Dockerfile" : in.file;
  if (!files.is_regular_file(file)) {
    errors.add(Error("file: there is no Dockerfile at \"" + file + "\"", "file"));
  }
  errors.throw_if_any();
}

// Returns whether a docker-buildx plugin file is where the docker CLI looks
// for plugins: the user's cli-plugins directory, then the system ones
// (docs.docker.com/engine/extend/cli_plugins). Only then is `docker buildx
// version` worth a process: most runs of the action image have none.
// (Directories added by config.json's cliPluginsExtraDirs are not searched.)
bool buildx_plugin_file(const io::Env& env, io::Files& files) {
  std::vector<std::string> dirs = {"/usr/local/lib/docker/cli-plugins",
                                   "/usr/local/libexec/docker/cli-plugins",
                                   "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins"};
  if (!env.get("DOCKER_CONFIG").empty()) {
    dirs.insert(dirs.begin(), env.get("DOCKER_CONFIG") + "/cli-plugins");
  } else if (!env.get("HOME").empty()) {
    dirs.insert(dirs.begin(), env.get("HOME") + "/.docker/cli-plugins");
  }
  return std::any_of(dirs.begin(), dirs.end(), [&files](const std::string& dir) {
    return files.is_executable(dir + "/docker-buildx");
  });
}

// Returns whether the environment asks the docker CLI for BuildKit, which
// makes labels free (DOCKER_BUILDKIT, read as Go's strconv.ParseBool).
bool buildkit_requested(const io::Env& env) {
  const std::string v = env.get("DOCKER_BUILDKIT");
  return v == "1" || v == "t" || v == "T" || v == "true" || v == "TRUE" || v == "True";
}

core::DockerCapabilities probe_docker(const core::Inputs& in, const std::string& docker,
                                      Services& s) {
  core::DockerCapabilities caps;
  core::Masker masker;
  masker.add(in.password);
  io::ProcessSpec version{{docker, "version", "--format", "{{.Server.Version}}"},
                          child_env(s.env), {}, 30'000, true};
  io::ProcessResult r;
  std::string errors;
  try {
    r = s.processes.run(version, [&errors](const std::string& line) { errors += line + " "; });
  } catch (const Error& e) {
    errors = e.what();
  }
  if (r.interrupted) {
    const int signal = s.stop_requested();
    throw Cancelled(signal != 0 ? signal : SIGTERM, "while asking docker for its version");
  }
  if (!r.ok()) {
    const std::string message = "the docker CLI (" + docker + ") or its daemon does not answer: " +
                                std::string(core::trim(masker.apply(errors)));
    if (!in.dry_run) {
      throw Error(message);
    }
    s.console.warning(message + "; the plan assumes the classic builder");
    return caps;
  }
  if (buildx_plugin_file(s.env, s.files)) {
    io::ProcessSpec buildx{{docker, "buildx", "version"}, child_env(s.env), {}, 30'000, true};
    caps.buildx = s.processes.run(buildx, {}).ok();
  }
  s.console.info("docker engine " + std::string(core::trim(r.output)) +
                 (caps.buildx ? ", buildx available" : ", classic builder (no buildx)"));
  return caps;
}

std::vector<std::string> registry_hosts(const core::Metadata& m) {
  std::vector<std::string> hosts;
  for (const core::ImageName& image : m.images) {
    if (std::find(hosts.begin(), hosts.end(), image.registry) == hosts.end()) {
      hosts.push_back(image.registry);
    }
  }
  return hosts;
}

void check_credentials(const std::vector<std::string>& hosts, Services& s) {
  ErrorCollector errors;
  for (const std::string& host : hosts) {
    if (!s.registries.can_push(host)) {
      errors.add(Error("password: pushing to " + host +
                           " needs credentials: set username and password, or log in "
                           "before this step",
                       "password"));
    }
  }
  errors.throw_if_any();
}

// Reaches every registry with the push scope: a wrong password, an
// unverifiable certificate or an unreachable host stops the run here, not
// after a build (a dry run only warns). Returns the tags the repositories hold.
std::vector<std::string> check_registries(const core::Inputs& in, const core::Metadata& m,
                                          Services& s) {
  std::vector<std::string> existing;
  ErrorCollector errors;
  for (const core::ImageName& image : m.images) {
    try {
      io::Registry& registry = s.registries.registry(image.registry);
      registry.add_scope(image.repository, "pull,push");
      const auto tags = registry.list_tags(image.repository);
      existing.insert(existing.end(), tags.begin(), tags.end());
    } catch (const Cancelled&) {
      throw;
    } catch (const Error& e) {
      const std::string input = e.input().empty() ? core::registry_input(in) : e.input();
      if (in.dry_run) {
        s.console.warning("dry run: cannot check " + image.written + ": " + e.what());
        continue;
      }
      errors.add(Error(input + ": " + image.written + ": " + e.what(), input));
    }
  }
  errors.throw_if_any();
  return existing;
}

}  // namespace

core::BuildFacts probe_build(const core::Inputs& in, const core::Metadata& m, Services& s) {
  core::BuildFacts facts;
  facts.docker = s.env.get("BERTH_DOCKER").empty() ? "docker" : s.env.get("BERTH_DOCKER");
  check_paths(in, s.files);
  facts.caps = probe_docker(in, facts.docker, s);
  facts.buildkit_requested = buildkit_requested(s.env);
  core::check_builder(in, facts.caps);
  if (m.push) {
    const std::vector<std::string> hosts = registry_hosts(m);
    check_credentials(hosts, s);
    facts.existing_tags = check_registries(in, m, s);
    for (const std::string& host : hosts) {
      if (s.registries.sends_password(host)) {
        facts.login_hosts.push_back(host);
      }
    }
  }
  return facts;
}

}  // namespace berth::app
