// SPDX-License-Identifier: MIT
#include "app/cli.hpp"

#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/promote.hpp"
#include "app/run.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "io/console.hpp"
#include "io/http.hpp"
#include "io/process.hpp"

#ifndef BERTH_VERSION
#define BERTH_VERSION "0.0.0-dev"
#endif

namespace berth::app {
namespace {

// Flag values collected from the command line, by environment variable.
using Overrides = std::map<std::string, std::vector<std::string>>;

// The GitHub context flags, for previewing a run locally.
struct ContextFlag {
  const char* flag;
  const char* variable;
  const char* help;
};
constexpr ContextFlag k_context_flags[] = {
    {"--event-name", "GITHUB_EVENT_NAME", "Event of the run (push, pull_request, ...)"},
    {"--ref", "GITHUB_REF", "Git ref of the run (refs/heads/main, refs/tags/v1.2.3)"},
    {"--sha", "GITHUB_SHA", "Commit of the run"},
    {"--repository", "GITHUB_REPOSITORY", "owner/name of the repository"},
    {"--event-path", "GITHUB_EVENT_PATH", "Event payload JSON file"},
};

// Adds a --NAME option for every input except the password (a secret never
// goes on a command line: see --password-stdin), and the context flags.
void add_input_options(CLI::App& cmd, Overrides& overrides, bool& password_stdin) {
  for (const core::InputSpec& spec : core::input_specs()) {
    if (spec.name == "password") {
      continue;
    }
    std::string help(spec.description);
    if (!spec.default_value.empty()) {
      help += " [" + std::string(spec.default_value) + "]";
    }
    cmd.add_option("--" + std::string(spec.name),
                   overrides[io::input_variable(spec.name)], help)
        ->group("Inputs (override INPUT_* variables; repeat for lists)");
  }
  cmd.add_flag("--password-stdin", password_stdin, "Read the registry password from stdin")
      ->group("Inputs (override INPUT_* variables; repeat for lists)");
  for (const ContextFlag& f : k_context_flags) {
    cmd.add_option(f.flag, overrides[f.variable], f.help)
        ->group("GitHub context (override GITHUB_* variables)");
  }
}

void apply(const Overrides& overrides, bool password_stdin, io::Env& env) {
  for (const auto& [variable, values] : overrides) {
    if (!values.empty()) {
      env.set(variable, core::join(values, "\n"));
    }
  }
  if (password_stdin) {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') {
      password.pop_back();
    }
    env.set(io::input_variable("password"), password);
  }
}

}  // namespace

int run_cli(int argc, char** argv, io::Env env) {
  CLI::App app{
      "berth: build, tag, push and promote container images from GitHub Actions.\n"
      "With no command, runs the action: inputs come from INPUT_* variables and\n"
      "the GitHub context from GITHUB_* variables and the event payload.",
      "berth"};
  app.set_version_flag("--version",
                       std::string("berth ") + BERTH_VERSION + " (" + io::http_library_version() + ")");
  app.require_subcommand(0, 1);

  Overrides overrides;
  bool password_stdin = false;
  add_input_options(app, overrides, password_stdin);
  CLI::App* tags = app.add_subcommand(
      "tags", "Print the tags, labels and version a run would produce, as JSON");
  add_input_options(*tags, overrides, password_stdin);

  CLI::App* promote = app.add_subcommand(
      "promote",
      "Point new tags at an existing image through the registry API, moving no layer");
  promote->add_option("--image", overrides[io::input_variable("images")],
                      "Image to promote (registry/name; repeat for a stack of images)")
      ->required();
  promote->add_option("--from", overrides[io::input_variable("promote")],
                      "Build tag to promote (2023.2-a1239a5)")
      ->required();
  promote->add_option("--to", overrides[io::input_variable("promote-to")],
                      "Target tag (repeat); default YYYY.Q-stable of the source");
  promote->add_flag("--dry-run{true}", overrides[io::input_variable("dry-run")],
                    "Only read: show what each write would be");
  promote->add_option("--username", overrides[io::input_variable("username")],
                      "Registry user name (else the docker config's)");
  promote->add_flag("--password-stdin", password_stdin, "Read the registry password from stdin");
  promote->add_option("--ca-file", overrides["BERTH_CA_FILE"],
                      "CA bundle for a registry with a private CA");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  // The action logs to stdout as the runner expects; CLI commands keep stdout
  // for their data and log to stderr.
  const bool is_action = !tags->parsed() && !promote->parsed();
  io::Console console(is_action ? stdout : stderr);
  io::install_stop_handlers();
  try {
    apply(overrides, password_stdin, env);
    if (is_action) {
      // First thing out, before any other line: mask the secret.
      console.add_mask(env.get(io::input_variable("password")));
      return run_action(env, console);
    }
    if (promote->parsed()) {
      return run_promote_command(env, console);
    }
    return run_tags(env, console);
  } catch (const Cancelled& e) {
    console.error(e);
    return e.exit_status();
  } catch (const Errors& errors) {
    for (const Error& e : errors.all()) {
      console.error(e);
    }
  } catch (const Error& e) {
    console.error(e);
  } catch (const std::exception& e) {
    console.error(Error(std::string("internal error: ") + e.what()));
    return 3;
  }
  return 1;
}

}  // namespace berth::app
