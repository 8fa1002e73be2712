// SPDX-License-Identifier: MIT
#include "app/probe.hpp"

#include <algorithm>
#include <csignal>
#include <memory>
#include <optional>

#include "app/logins.hpp"
#include "core/build_mode.hpp"
#include "core/builder_info.hpp"
#include "core/engine_endpoint.hpp"
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

const std::vector<std::string>& system_plugin_dirs() {
  static const std::vector<std::string> dirs = {
      "/usr/local/lib/docker/cli-plugins", "/usr/local/libexec/docker/cli-plugins",
      "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins"};
  return dirs;
}

// Returns the directory of the docker-buildx plugin file where the docker
// CLI looks for plugins: the user's cli-plugins directory, then the system
// ones (docs.docker.com/engine/extend/cli_plugins); "" when there is none.
// Only then is asking buildx worth a process: most runs of the action image
// have none. (Directories added by config.json's cliPluginsExtraDirs are not
// searched.)
std::string buildx_plugin_dir(const io::Env& env, io::Files& files) {
  std::vector<std::string> dirs = system_plugin_dirs();
  if (!env.get("DOCKER_CONFIG").empty()) {
    dirs.insert(dirs.begin(), env.get("DOCKER_CONFIG") + "/cli-plugins");
  } else if (!env.get("HOME").empty()) {
    dirs.insert(dirs.begin(), env.get("HOME") + "/.docker/cli-plugins");
  }
  for (const std::string& dir : dirs) {
    if (files.is_executable(dir + "/docker-buildx")) {
      return dir;
    }
  }
  return {};
}

// Returns whether the environment asks the docker CLI for BuildKit, which
// makes labels free (DOCKER_BUILDKIT, read as Go's strconv.ParseBool).
bool buildkit_requested(const io::Env& env) {
  const std::string v = env.get("DOCKER_BUILDKIT");
  return v == "1" || v == "t" || v == "T" || v == "true" || v == "TRUE" || v == "True";
}

// Returns the docker CLI's config directory: DOCKER_CONFIG, else ~/.docker
// ("" when neither is known).
std::string cli_config_dir(const io::Env& env) {
  if (!env.get("DOCKER_CONFIG").empty()) {
    return env.get("DOCKER_CONFIG");
  }
  return env.get("HOME").empty() ? std::string() : env.get("HOME") + "/.docker";
}

// Returns the unix socket of the daemon the docker CLI would reach, "" when
// berth cannot be sure (core::engine_socket_path).
std::string engine_socket(const io::Env& env, io::Files& files) {
  core::DockerEndpointSettings settings{env.get("DOCKER_HOST"), env.get("DOCKER_CONTEXT"), "",
                                        true};
  const std::string dir = cli_config_dir(env);
  if (dir.empty()) {
    settings.config_read = false;  // the CLI would look up the home directory itself
  } else if (files.is_regular_file(dir + "/config.json")) {
    const auto context = io::parse_current_context(files.read_text(dir + "/config.json"));
    settings.config_read = context.has_value();
    settings.current_context = context.value_or("");
  }
  return core::engine_socket_path(settings);
}

// Returns whether buildx's store names a builder for some endpoint: its
// `current` file with a name, or anything under `defaults/` (buildx's
// store.Current reads both); true when berth cannot tell. The store is
// BUILDX_CONFIG, else the CLI config's buildx/.
bool buildx_builder_recorded(const io::Env& env, io::Files& files) {
  std::string dir = env.get("BUILDX_CONFIG");
  if (dir.empty()) {
    if (cli_config_dir(env).empty()) {
      return true;
    }
    dir = cli_config_dir(env) + "/buildx";
  }
  if (files.is_regular_file(dir + "/current")) {
    const auto name = io::parse_buildx_current(files.read_text(dir + "/current"));
    if (!name || !name->empty()) {
      return true;
    }
  }
  return files.has_entries(dir + "/defaults");
}

// Returns whether `docker` names a program the CLI's own probes would start:
// a path, or a name found on PATH.
bool docker_found(const std::string& docker, const io::Env& env, io::Files& files) {
  if (docker.find('/') != std::string::npos) {
    return files.is_executable(docker);
  }
  const std::string path = env.get("PATH");
  for (std::string_view dir : core::split(path, ':')) {
    if (!dir.empty() && files.is_executable(std::string(dir) + "/" + docker)) {
      return true;
    }
  }
  return false;
}

// Runs `docker` with `args`, its output captured; ok and the output, or the
// reason it failed (secrets masked).
struct Answer {
  bool ok = false;
  std::string text;
};
Answer ask_docker(const core::Inputs& in, const std::vector<std::string>& argv, Services& s) {
  core::Masker masker;
  masker.add(in.password);
  io::ProcessSpec spec{argv, child_env(s.env), {}, 30'000, true};
  std::string errors;
  io::ProcessResult r;
  try {
    r = s.processes.run(spec, [&errors](const std::string& line) { errors += line + " "; });
  } catch (const Error& e) {
    return {false, masker.apply(e.what())};
  }
  if (r.interrupted) {
    const int signal = s.stop_requested();
    throw Cancelled(signal != 0 ? signal : SIGTERM, "while asking docker about its builder");
  }
  const std::string text = r.ok() ? r.output : errors + r.output;
  return {r.ok(), masker.apply(std::string(core::trim(text)))};
}

// What the daemon told about itself through its API (empty without one).
struct EngineFacts {
  io::EngineApi* api = nullptr;  // the daemon's API, when the CLI would reach its socket
  std::string native_platform;   // "linux/amd64" from its /version ("" unknown)
  bool default_context = false;  // the CLI reaches the default context's socket
};

// Finds the builder: the default context's docker driver when nothing else
// could be chosen (core::needs_buildx_inspect), else buildx's answer for
// `builder` or the current one. For the docker driver, the daemon's image
// store: its API's /info, else `docker info`.
void probe_buildx(const core::Inputs& in, const std::string& docker, Services& s,
                  const EngineFacts& engine, core::DockerCapabilities& caps) {
  const core::BuildxSelection selection{in.build.builder,
                                        s.env.get("BUILDX_BUILDER"),
                                        engine.default_context,
                                        buildx_builder_recorded(s.env, s.files),
                                        in.platforms,
                                        engine.native_platform};
  if (!core::needs_buildx_inspect(selection)) {
    caps.buildx = true;
    caps.builder.name = core::DefaultBuilder{}.name;
    caps.builder.driver = core::DefaultBuilder{}.driver;
  } else {
    std::vector<std::string> inspect = {docker, "buildx", "inspect"};
    if (!in.build.builder.empty()) {
      inspect.push_back(in.build.builder);
    }
    const Answer builder = ask_docker(in, inspect, s);
    caps.builder = core::parse_buildx_inspect(builder.text);
    if (!builder.ok || caps.builder.name.empty()) {
      if (!in.build.builder.empty()) {
        throw Error("builder: no buildx builder \"" + in.build.builder + "\": " + builder.text,
                    "builder");
      }
      s.console.warning("docker buildx does not answer (" + builder.text +
                        "); building with the classic builder");
      caps = core::DockerCapabilities{};
      return;
    }
    caps.buildx = true;
  }
  if (caps.builder.driver != "docker") {
    return;
  }
  if (engine.api != nullptr) {
    try {
      caps.store = core::image_store_of(engine.api->info().driver_status);
      return;
    } catch (const Cancelled&) {
      throw;
    } catch (const Error&) {
      // `docker info` below says what it makes of this daemon.
    }
  }
  const Answer info = ask_docker(in, {docker, "info", "--format", core::k_driver_status_format}, s);
  caps.store = info.ok ? core::parse_image_store(info.text) : core::ImageStore::k_unknown;
}

// Asks the daemon's API for its version, when the docker CLI would reach
// that socket and is there; nullopt (and `api` reset) when the CLI must be
// asked, which then says what is wrong in its own words.
std::optional<io::EngineVersion> api_version(const std::string& docker, Services& s,
                                             const std::string& socket,
                                             std::unique_ptr<io::EngineApi>& api) {
  if (socket.empty() || !s.engine_api || !s.env.get("BERTH_DOCKER").empty() ||
      !docker_found(docker, s.env, s.files)) {
    return std::nullopt;
  }
  try {
    api = s.engine_api(socket);
    return api->version();
  } catch (const Cancelled&) {
    throw;
  } catch (const Error&) {
    api.reset();
    return std::nullopt;
  }
}

// The builder on a daemon that answered with its `version`: buildx's when
// its plugin is there, else the classic builder.
core::DockerCapabilities probe_builder(const core::Inputs& in, const std::string& docker,
                                       Services& s, const std::string& version,
                                       const EngineFacts& engine,
                                       std::vector<std::string>& plugin_dirs) {
  core::DockerCapabilities caps;
  const std::string plugin_dir = buildx_plugin_dir(s.env, s.files);
  if (!plugin_dir.empty()) {
    probe_buildx(in, docker, s, engine, caps);
    if (caps.buildx && std::find(system_plugin_dirs().begin(), system_plugin_dirs().end(),
                                 plugin_dir) == system_plugin_dirs().end()) {
      plugin_dirs.push_back(plugin_dir);
    }
  }
  if (!caps.buildx) {
    s.console.info("docker engine " + version + ", classic builder (no buildx)");
    return caps;
  }
  s.console.info("docker engine " + version + ", buildx builder " + caps.builder.name + " (" +
                 caps.builder.driver + " driver" +
                 (caps.builder.driver == "docker"
                      ? std::string(", ") + core::image_store_name(caps.store) + " image store"
                      : std::string()) +
                 ")");
  return caps;
}

core::DockerCapabilities probe_docker(const core::Inputs& in, const std::string& docker,
                                      Services& s, std::vector<std::string>& plugin_dirs) {
  core::DockerCapabilities caps;
  const std::string socket = engine_socket(s.env, s.files);
  std::unique_ptr<io::EngineApi> api;
  const std::optional<io::EngineVersion> answer = api_version(docker, s, socket, api);
  EngineFacts engine{api.get(), "", !socket.empty()};
  if (answer) {
    engine.native_platform = answer->os + "/" + answer->arch;
    return probe_builder(in, docker, s, answer->version, engine, plugin_dirs);
  }
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
    // What the action runs with on a GitHub runner: its own buildx, the
    // daemon's docker driver, the classic image store.
    caps.buildx = true;
    caps.builder.name = in.build.builder.empty() ? "default" : in.build.builder;
    caps.builder.driver = "docker";
    caps.store = core::ImageStore::k_classic;
    s.console.warning(message + "; the plan assumes buildx with the docker driver on the "
                                "classic image store, as on a GitHub runner");
    return caps;
  }
  return probe_builder(in, docker, s, std::string(core::trim(r.output)), engine, plugin_dirs);
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
                           " needs credentials: set username and password, a registry-auth "
                           "line for " + host + ", or log in before this step",
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
      std::string input = e.input().empty() ? core::registry_input(in) : e.input();
      std::string where = image.written;
      // A refusal of a registry-auth line's credentials blames that line.
      const auto login = s.registries.login_credentials(image.registry);
      if ((input == "password" || input == "username") && login &&
          login->kind == LoginCredentials::Kind::k_registry_auth) {
        input = "registry-auth";
        where = "line " + std::to_string(login->line) + ": " + where;
      }
      if (in.dry_run) {
        s.console.warning("dry run: cannot check " + image.written + ": " + e.what());
        continue;
      }
      errors.add(Error(input + ": " + where + ": " + e.what(), input));
    }
  }
  errors.throw_if_any();
  return existing;
}

}  // namespace

std::vector<std::string> probe_registries(const core::Inputs& in, const core::Metadata& m,
                                          Services& s) {
  check_credentials(registry_hosts(m), s);
  return check_registries(in, m, s);
}

core::BuildFacts probe_build(const core::Inputs& in, const core::Metadata& m, Services& s) {
  return probe_build(in, m, s, pull_hosts(in, s));
}

core::BuildFacts probe_build(const core::Inputs& in, const core::Metadata& m, Services& s,
                             const std::vector<std::string>& pulled) {
  core::BuildFacts facts;
  facts.docker = s.env.get("BERTH_DOCKER").empty() ? "docker" : s.env.get("BERTH_DOCKER");
  check_paths(in, s.files);
  facts.caps = probe_docker(in, facts.docker, s, facts.cli_plugin_dirs);
  facts.caps.gha_cache_service =
      !s.env.get("ACTIONS_CACHE_URL").empty() || !s.env.get("ACTIONS_RESULTS_URL").empty();
  facts.buildkit_requested = buildkit_requested(s.env);
  // Every request the builder cannot serve fails here, before any login.
  const core::BuildChoice choice = core::choose_build(in, facts.caps, m.push);
  if (!choice.notice.empty()) {
    s.console.info(choice.notice);  // a local machine's case: not worth an annotation
  }
  for (const std::string& warning : choice.warnings) {
    s.console.warning(warning);
  }
  if (m.push) {
    facts.existing_tags = probe_registries(in, m, s);
  }
  facts.logins = build_logins(in, m, pulled, s);
  return facts;
}

}  // namespace berth::app
