// SPDX-License-Identifier: MIT
#include "app/build.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>

#include "app/registries.hpp"
#include "core/docker_args.hpp"
#include "core/error.hpp"
#include "core/github.hpp"
#include "core/mask.hpp"
#include "core/semver.hpp"
#include "core/text.hpp"
#include "io/random.hpp"
#include "io/registry.hpp"

namespace berth::app {
namespace {

namespace fs = std::filesystem;

// A directory only berth can read, removed with the object: the private
// DOCKER_CONFIG that `docker login` writes credentials into, so they never
// touch the user's home and never outlive the step.
class PrivateDir {
 public:
  explicit PrivateDir(const io::Env& env) {
    std::string base = env.get("RUNNER_TEMP");
    if (base.empty() || !fs::is_directory(base)) {
      base = env.get("TMPDIR").empty() ? "/tmp" : env.get("TMPDIR");
    }
    std::string tmpl = base + "/berth-XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) {
      throw Error("cannot create a private directory under " + base);
    }
    m_path = tmpl;
    chmod(m_path.c_str(), 0700);
  }
  ~PrivateDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
  }
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;
  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
};

// The child's environment: berth's, without the INPUT_* variables, so that
// the password is in no child's /proc/*/environ.
std::vector<std::string> child_env(const io::Env& env) {
  std::vector<std::string> out;
  for (const std::string& entry : env.entries()) {
    if (!core::starts_with(entry, "INPUT_")) {
      out.push_back(entry);
    }
  }
  return out;
}

void check_paths(const core::Inputs& in) {
  std::vector<Error> errors;
  if (!fs::is_directory(in.context)) {
    errors.emplace_back("context: \"" + in.context + "\" is not a directory", "context");
  }
  const std::string file = in.file.empty() ? in.context + "/Dockerfile" : in.file;
  if (!fs::is_regular_file(file)) {
    errors.emplace_back("file: there is no Dockerfile at \"" + file + "\"", "file");
  }
  if (!errors.empty()) {
    throw Errors(std::move(errors));
  }
}

// Removes the held-back floating tags from the metadata.
void drop_tags(core::Metadata& m, const std::vector<core::HeldBack>& held) {
  std::set<std::string> names;
  for (const core::HeldBack& h : held) {
    names.insert(h.tag);
  }
  auto& partials = m.tag_set.partials;
  partials.erase(std::remove_if(partials.begin(), partials.end(),
                                [&](const std::string& t) { return names.count(t) > 0; }),
                 partials.end());
  if (names.count(m.tag_set.latest_tag)) {
    m.tag_set.latest = false;
  }
  m.tags.clear();
  for (const core::ImageName& image : m.images) {
    for (const std::string& tag : m.tag_set.names()) {
      m.tags.push_back(image.written + ":" + tag);
    }
  }
}

// Returns whether a docker-buildx plugin file is where the docker CLI looks
// for plugins: the user's cli-plugins directory, then the system ones
// (docs.docker.com/engine/extend/cli_plugins). Only then is `docker buildx
// version` worth a process: most runs of the action image have none.
// (Directories added by config.json's cliPluginsExtraDirs are not searched.)
bool buildx_plugin_file(const io::Env& env) {
  std::vector<std::string> dirs = {"/usr/local/lib/docker/cli-plugins",
                                   "/usr/local/libexec/docker/cli-plugins",
                                   "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins"};
  if (!env.get("DOCKER_CONFIG").empty()) {
    dirs.insert(dirs.begin(), env.get("DOCKER_CONFIG") + "/cli-plugins");
  } else if (!env.get("HOME").empty()) {
    dirs.insert(dirs.begin(), env.get("HOME") + "/.docker/cli-plugins");
  }
  return std::any_of(dirs.begin(), dirs.end(), [](const std::string& dir) {
    return access((dir + "/docker-buildx").c_str(), X_OK) == 0;
  });
}

class Builder {
 public:
  Builder(const core::Inputs& in, core::Metadata& m, const io::Env& env, io::Console& console,
          io::ProcessRunner& runner)
      : m_in(in), m_m(m), m_env(env), m_console(console), m_runner(runner),
        m_docker(env.get("BERTH_DOCKER").empty() ? "docker" : env.get("BERTH_DOCKER")),
        m_registries(env, in, console) {
    m_masker.add(in.password);
  }

  BuildReport run() {
    // 1. Check everything before the first login, build or push.
    check_paths(m_in);
    const core::DockerCapabilities caps = probe();
    core::check_builder(m_in, caps);
    if (m_m.push) {
      check_credentials();
      hold_back_floating_tags(check_registries());
    }

    // 2. The plan. A dry run creates not even a temporary directory.
    std::optional<PrivateDir> scratch;
    if (!m_in.dry_run) {
      scratch.emplace(m_env);
    }
    const std::string dir = scratch ? scratch->path() : std::string("$BERTH_PRIVATE_DIR");
    std::vector<std::string> login_hosts;
    if (m_m.push) {
      for (const std::string& host : registries()) {
        if (m_registries.sends_password(host)) {
          login_hosts.push_back(host);
        }
      }
    }
    const bool login = !login_hosts.empty();
    const std::string config = login ? dir + "/docker" : std::string();
    core::BuildSpec spec;
    spec.docker = m_docker;
    spec.config_dir = config;
    spec.context = m_in.context;
    spec.dockerfile = m_in.file;
    spec.target = m_in.target;
    spec.build_args = m_in.build_args;
    spec.labels = m_m.labels;
    spec.platforms = m_in.platforms;
    spec.cache_from = m_in.cache_from;
    spec.cache_to = m_in.cache_to;
    spec.tags = m_m.tags;
    spec.iidfile = dir + "/iid";
    const bool multi_platform = m_in.platforms.size() > 1;
    if (multi_platform) {
      // buildx pushes a multi-platform image itself; one tag per image, the
      // rest through the registry API.
      spec.tags = first_tags();
      spec.push = m_m.push;
    }
    std::vector<std::vector<std::string>> logins;
    for (const std::string& host : login_hosts) {
      logins.push_back(core::login_argv(m_docker, config, host, m_in.username));
    }
    // With the classic builder: a bare build, then every label and tag in
    // one step (see core::label_dockerfile).
    core::BuildSpec bare = spec;
    const bool label_step = !caps.buildx && !buildkit_requested(m_env) && !spec.labels.empty() &&
                            core::labels_fit_dockerfile(spec.labels);
    // Random per run; a dry run shows a placeholder, as for the private directory.
    std::string bare_ref;
    if (label_step) {
      bare_ref = "berth-bare:" +
                 (m_in.dry_run ? std::string("RANDOM") : io::random_token().substr(0, 16));
      bare.labels.clear();
      bare.tags = {bare_ref};
      bare.iidfile.clear();
    }
    std::vector<std::vector<std::string>> builds = {core::build_argv(bare, caps)};
    if (label_step) {
      builds.push_back(core::label_argv(spec));
      builds.push_back(core::untag_argv(m_docker, bare_ref));
    }
    print_plan(logins, builds, config, multi_platform);
    if (m_in.dry_run) {
      m_report.commands = logins;
      m_report.commands.insert(m_report.commands.end(), builds.begin(), builds.end());
      return m_report;
    }

    // 3. Log in, build, push.
    if (login) {
      fs::create_directories(config);
      chmod(config.c_str(), 0700);
      for (const auto& argv : logins) {
        run_docker("docker login " + argv.back(), argv, m_in.password + "\n");
      }
    }
    run_docker("docker build", builds.front());
    if (label_step) {
      try {
        run_docker("docker build: labels and tags", builds[1],
                   core::label_dockerfile(bare_ref, spec.labels));
      } catch (const Error&) {
        untag(builds[2]);
        throw;
      }
      untag(builds[2]);
    }
    m_report.image_id = first_line(spec.iidfile);
    if (m_m.push) {
      push(config, multi_platform);
    }
    return m_report;
  }

 private:
  core::DockerCapabilities probe() {
    core::DockerCapabilities caps;
    io::ProcessSpec version{{m_docker, "version", "--format", "{{.Server.Version}}"},
                            child_env(m_env), {}, 30'000, true};
    io::ProcessResult r;
    std::string errors;
    try {
      r = m_runner.run(version, [&errors](const std::string& line) { errors += line + " "; });
    } catch (const Error& e) {
      errors = e.what();
    }
    if (!r.ok()) {
      const std::string message =
          "the docker CLI (" + m_docker + ") or its daemon does not answer: " +
          std::string(core::trim(m_masker.apply(errors)));
      if (!m_in.dry_run) {
        throw Error(message);
      }
      m_console.warning(message + "; the plan assumes the classic builder");
      return caps;
    }
    if (buildx_plugin_file(m_env)) {
      io::ProcessSpec buildx{{m_docker, "buildx", "version"}, child_env(m_env), {}, 30'000, true};
      caps.buildx = m_runner.run(buildx, {}).ok();
    }
    m_console.info("docker engine " + std::string(core::trim(r.output)) +
                   (caps.buildx ? ", buildx available" : ", classic builder (no buildx)"));
    return caps;
  }

  std::vector<std::string> registries() const {
    std::vector<std::string> hosts;
    for (const core::ImageName& image : m_m.images) {
      if (std::find(hosts.begin(), hosts.end(), image.registry) == hosts.end()) {
        hosts.push_back(image.registry);
      }
    }
    return hosts;
  }

  std::vector<std::string> first_tags() const {
    std::vector<std::string> refs;
    const std::string tag = m_m.tag_set.names().front();
    for (const core::ImageName& image : m_m.images) {
      refs.push_back(image.written + ":" + tag);
    }
    return refs;
  }

  void check_credentials() {
    std::vector<Error> errors;
    for (const std::string& host : registries()) {
      const bool open = io::is_loopback_host(host) || is_insecure_registry(m_env, host);
      if (!open && m_registries.credentials(host).empty()) {
        errors.emplace_back("password: pushing to " + host +
                                " needs credentials: set username and password, or log in "
                                "before this step",
                            "password");
      }
    }
    if (!errors.empty()) {
      throw Errors(std::move(errors));
    }
  }

  // Reaches every registry before anything runs, with the push scope: a
  // wrong password, an unverifiable certificate or an unreachable host stops
  // the run here, not after a build (a dry run only warns). Returns the tags
  // the repositories hold.
  std::vector<std::string> check_registries() {
    std::vector<std::string> existing;
    std::vector<Error> errors;
    for (const core::ImageName& image : m_m.images) {
      try {
        io::RegistryClient& client = m_registries.client(image.registry);
        client.add_scope(image.repository, "pull,push");
        const auto tags = client.list_tags(image.repository);
        existing.insert(existing.end(), tags.begin(), tags.end());
      } catch (const Error& e) {
        const std::string input = e.input().empty() ? core::registry_input(m_in) : e.input();
        if (m_in.dry_run) {
          // A dry run works offline too; it says what it could not check.
          m_console.warning("dry run: cannot check " + image.written + ": " + e.what());
          continue;
        }
        errors.emplace_back(input + ": " + image.written + ": " + e.what(), input);
      }
    }
    if (!errors.empty()) {
      throw Errors(std::move(errors));
    }
    return existing;
  }

  // A release must not move latest, X or X.Y below a higher release already
  // in the registry (pushing v1.9.1 after v2.0.1 keeps latest on 2.0.1).
  void hold_back_floating_tags(const std::vector<std::string>& existing) {
    const auto version = core::parse_semver(m_m.version());
    if (!m_in.monotonic_latest || core::uses_metadata_rules(m_in) ||
        !version || version->is_prerelease()) {
      return;
    }
    m_report.held_back = core::held_back_floating_tags(*version, existing);
    for (const core::HeldBack& h : m_report.held_back) {
      m_console.notice("keeping " + h.tag + " where it is: " + h.because);
    }
    drop_tags(m_m, m_report.held_back);
  }

  // Drops the temporary tag of a bare build; the image stays, under the
  // labelled one. A failure here costs nothing but a stray tag.
  void untag(const std::vector<std::string>& argv) {
    io::ProcessSpec spec{argv, child_env(m_env), {}, 30'000, true};
    m_report.commands.push_back(argv);
    if (!m_runner.run(spec, {}).ok()) {
      m_console.warning("could not remove the temporary tag " + argv.back());
    }
  }

  // Returns whether the environment asks the docker CLI for BuildKit, which
  // makes labels free (DOCKER_BUILDKIT, read as Go's strconv.ParseBool).
  static bool buildkit_requested(const io::Env& env) {
    const std::string v = env.get("DOCKER_BUILDKIT");
    return v == "1" || v == "t" || v == "T" || v == "true" || v == "TRUE" || v == "True";
  }

  static std::string first_line(const std::string& path) {
    std::string line;
    std::ifstream in(path);
    std::getline(in, line);
    return line;
  }

  void print_plan(const std::vector<std::vector<std::string>>& logins,
                  const std::vector<std::vector<std::string>>& builds, const std::string& config,
                  bool multi_platform) {
    m_console.group(m_in.dry_run ? "berth: plan (dry run: nothing runs)" : "berth: plan");
    for (const auto& argv : logins) {
      m_console.info(core::format_argv(argv) + "   (password on stdin)");
    }
    m_console.info(core::format_argv(builds.front()));
    if (builds.size() > 1) {
      m_console.info(core::format_argv(builds[1]) + "   (on stdin: FROM " + builds[0].back() +
                     "'s image, LABEL with the " + std::to_string(m_m.labels.size()) +
                     " labels; the classic builder makes one step of them)");
      m_console.info(core::format_argv(builds[2]) + "   (only the temporary tag)");
    }
    if (m_m.push) {
      const auto names = m_m.tag_set.names();
      for (const core::ImageName& image : m_m.images) {
        const std::string first = image.written + ":" + names.front();
        if (!multi_platform) {
          m_console.info(
              core::format_argv(core::push_argv(m_docker, push_config(image, config), first)));
        }
        for (std::size_t i = 1; i < names.size(); ++i) {
          m_console.info("PUT " + image.registry + "/v2/" + image.repository + "/manifests/" +
                         names[i] + " (the manifest of " + first + ")");
        }
      }
    } else {
      m_console.info("no push (push: " + std::string(m_in.push == core::PushMode::k_off
                                                         ? "false"
                                                         : "auto, and this is a pull request") +
                     ")");
    }
    m_console.endgroup();
  }

  void run_docker(const std::string& title, const std::vector<std::string>& argv,
                  const std::string& stdin_data = {}) {
    m_report.commands.push_back(argv);
    m_console.group(title);
    io::ProcessSpec spec{argv, child_env(m_env), stdin_data, 0, false};
    const io::ProcessResult r =
        m_runner.run(spec, [this](const std::string& line) { m_console.info(m_masker.apply(line)); });
    m_console.endgroup();
    if (r.interrupted) {
      throw Error(title + " was stopped: berth received signal " +
                  std::to_string(io::stop_requested()) + "; nothing more was done");
    }
    if (!r.ok()) {
      throw Error(title + " failed: " + r.describe() + " (its output is above)");
    }
  }

  // The docker config a push to `image` uses: berth's private one where it
  // logged in, else the user's own.
  std::string push_config(const core::ImageName& image, const std::string& config) const {
    return m_registries.sends_password(image.registry) ? config : std::string();
  }

  void push(const std::string& config, bool multi_platform) {
    const auto names = m_m.tag_set.names();
    for (const core::ImageName& image : m_m.images) {
      const std::string first = image.written + ":" + names.front();
      if (!multi_platform) {
        run_docker("docker push " + first,
                   core::push_argv(m_docker, push_config(image, config), first));
      }
      m_report.pushed.push_back(first);
      // The other tags: one manifest read, then one PUT per tag, whatever the
      // image's size.
      io::RegistryClient& client = m_registries.client(image.registry);
      client.add_scope(image.repository, "pull,push");
      const io::Manifest manifest = client.get_manifest(image.repository, names.front());
      for (std::size_t i = 1; i < names.size(); ++i) {
        client.put_manifest(image.repository, names[i], manifest);
        m_report.pushed.push_back(image.written + ":" + names[i]);
        m_console.info(image.written + ":" + names[i] + " -> " + manifest.digest);
      }
      if (m_report.digest.empty()) {
        m_report.digest = manifest.digest;
      }
    }
  }

  const core::Inputs& m_in;
  core::Metadata& m_m;
  const io::Env& m_env;
  io::Console& m_console;
  io::ProcessRunner& m_runner;
  std::string m_docker;
  Registries m_registries;
  core::Masker m_masker;
  BuildReport m_report;
};

}  // namespace

BuildReport build_and_push(const core::Inputs& in, core::Metadata& m, const io::Env& env,
                           io::Console& console, io::ProcessRunner& runner) {
  return Builder(in, m, env, console, runner).run();
}

}  // namespace berth::app
