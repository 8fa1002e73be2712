// SPDX-License-Identifier: MIT
#include "app/cli.hpp"

#include <cstdio>
#include <exception>
#include <iostream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/local_commands.hpp"
#include "app/promote.hpp"
#include "app/run.hpp"
#include "app/stack.hpp"
#include "app/terminal.hpp"
#include "core/build_inputs.hpp"
#include "core/registry_auth.hpp"
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

// Everything the flags of any command set.
struct Flags {
  Overrides overrides;
  bool password_stdin = false;
};

// The simulated-event flags (app/local.hpp reads them), and the payload file.
struct ContextFlag {
  const char* flag;
  const char* variable;
  const char* help;
};
constexpr ContextFlag k_context_flags[] = {
    {"--event,--event-name", "BERTH_SIMULATE_EVENT",
     "Simulate this event: push, pull_request, schedule, workflow_dispatch"},
    {"--ref", "BERTH_SIMULATE_REF", "Simulate a push of this ref (refs/heads/main, refs/tags/v1.2.3)"},
    {"--tag", "BERTH_SIMULATE_TAG", "Simulate a push of this tag (v2.0.0) of the current commit"},
    {"--branch", "BERTH_SIMULATE_BRANCH", "Simulate a push of this branch (a pull request's head)"},
    {"--pr", "BERTH_SIMULATE_PR", "Simulate pull request NUMBER (event pull_request)"},
    {"--sha", "BERTH_SIMULATE_SHA", "Commit of the run (40 hex; default: HEAD)"},
    {"--repository", "BERTH_SIMULATE_REPOSITORY", "OWNER/NAME (default: from the origin remote)"},
    {"--event-path", "GITHUB_EVENT_PATH", "Event payload JSON file"},
};

// Adds the simulated-event flags.
void add_context_flags(CLI::App& cmd, Flags& flags) {
  for (const ContextFlag& f : k_context_flags) {
    cmd.add_option(f.flag, flags.overrides[f.variable], f.help)
        ->group("Context (default: the checkout; flags win over GITHUB_* variables)");
  }
}

// Adds a --NAME option for every input except the secret ones (a secret
// never goes on a command line: see --password-stdin; build secrets come from
// INPUT_SECRETS, --secret-files or --secret-envs; more registries' credentials
// from INPUT_REGISTRY-AUTH), and the context flags.
void add_input_flags(CLI::App& cmd, Flags& flags) {
  Overrides& overrides = flags.overrides;
  for (const core::InputSpec& spec : core::input_specs()) {
    if (spec.name == "password" || spec.name == "secrets" || spec.name == "registry-auth") {
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
  cmd.add_flag("--password-stdin", flags.password_stdin, "Read the registry password from stdin")
      ->group("Inputs (override INPUT_* variables; repeat for lists)");
  add_context_flags(cmd, flags);
}

// Adds the flags of `berth promote`: the promotion's inputs by their own names.
void add_promote_flags(CLI::App& cmd, Flags& flags) {
  Overrides& overrides = flags.overrides;
  CLI::Option* image = cmd.add_option("--image", overrides[io::input_variable("images")],
                                      "Image to promote (registry/name; repeat for several; "
                                      "default: the repository's)");
  cmd.add_option("--stack", overrides[io::input_variable("stack")],
                 "Promote every image of this stack file (true: .github/berth-stack.yml)")
      ->excludes(image);
  cmd.add_option("--from", overrides[io::input_variable("promote")],
                 "Build tag to promote (2023.2-a1239a5)")
      ->required();
  cmd.add_option("--to", overrides[io::input_variable("promote-to")],
                 "Target tag (repeat); default YYYY.Q-stable of the source");
  cmd.add_flag("--dry-run{true}", overrides[io::input_variable("dry-run")],
               "Only read: show what each write would be");
  cmd.add_option("--username", overrides[io::input_variable("username")],
                 "Registry user name (else the docker config's)");
  cmd.add_flag("--password-stdin", flags.password_stdin, "Read the registry password from stdin");
  cmd.add_option("--registry", overrides[io::input_variable("registry")],
                 "Registry of a stack file without a prefix [ghcr.io]");
  cmd.add_option("--ca-file", overrides["BERTH_CA_FILE"],
                 "CA bundle for a registry with a private CA");
  add_context_flags(cmd, flags);
}

// Adds `berth stack plan` and `berth stack build`, each with the action's
// input flags; the one chosen is handed over as BERTH_STACK_COMMAND.
void add_stack_flags(CLI::App& cmd, Flags& flags) {
  cmd.require_subcommand(1, 1);
  const struct {
    const char* name;
    const char* help;
  } subs[] = {
      {"plan", "Show each image of the stack: build or re-tag and why, the order, the tests "
               "(a dry run: writes nothing)"},
      {"build", "Build, test and push the stack as the action does (stack: true by default)"},
  };
  for (const auto& sub : subs) {
    CLI::App* c = cmd.add_subcommand(sub.name, sub.help);
    add_input_flags(*c, flags);
    const std::string name = sub.name;
    c->callback([&flags, name] { flags.overrides["BERTH_STACK_COMMAND"] = {name}; });
  }
}

// Adds the flags of `berth plan`: the inputs and context, --json, --build.
void add_plan_flags(CLI::App& cmd, Flags& flags) {
  add_input_flags(cmd, flags);
  cmd.add_flag("--json{true}", flags.overrides["BERTH_PLAN_JSON"],
               "Print the plan as the action's json output (stdout)");
  cmd.add_flag("--build{true}", flags.overrides["BERTH_PLAN_BUILD"],
               "Carry the plan out here: build (push only with --push true)");
}

// Adds the flags of `berth init`.
void add_init_flags(CLI::App& cmd, Flags& flags) {
  cmd.add_flag("--calver{true}", flags.overrides["BERTH_INIT_CALVER"],
               "Also tag YYYY.Q-<sha> builds (and promote them to YYYY.Q-stable)");
  cmd.add_option("--uses", flags.overrides["BERTH_INIT_USES"],
                 "The action's uses: reference [berth/berth@v1]");
  cmd.add_option("--default-branch", flags.overrides["BERTH_INIT_DEFAULT_BRANCH"],
                 "Branch whose pushes get latest [origin's HEAD, else main]");
}

void apply(const Flags& flags, io::Env& env) {
  for (const auto& [variable, values] : flags.overrides) {
    if (!values.empty()) {
      env.set(variable, core::join(values, "\n"));
    }
  }
  if (flags.password_stdin) {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') {
      password.pop_back();
    }
    env.set(io::input_variable("password"), password);
  }
}

// Runs the action (berth with no command): a promotion when `promote` is
// set, else a build (run_action decides).
int run_the_action(const io::Env& env, io::Console& console) {
  // First thing out, before any other line: mask the secret.
  console.add_mask(env.get(io::input_variable("password")));
  for (const std::string& value : core::secret_values_to_mask(env.get(io::input_variable("secrets")))) {
    console.add_mask(value);
  }
  for (const std::string& value :
       core::registry_auth_secrets(env.get(io::input_variable("registry-auth")))) {
    console.add_mask(value);
  }
  return run_action(env, console);
}

// Where a command writes: the action logs to stdout as the runner expects;
// a data command keeps stdout for its data and logs to stderr.
enum class Output { k_action, k_data };

// One command of the CLI: a new subcommand is one more entry of k_commands.
// The first entry, with an empty name, is berth itself (the action, run when
// no command is given); every other entry is a subcommand.
struct Command {
  const char* name;
  const char* help;
  const char* example;  // shown by --help
  void (*add_flags)(CLI::App& cmd, Flags& flags);
  int (*run)(const io::Env& env, io::Console& console);
  Output output;
};

constexpr Command k_commands[] = {
    {"",
     "berth: build, tag, push and promote container images from GitHub Actions.\n"
     "With no command, runs the action: inputs come from INPUT_* variables and\n"
     "the GitHub context from GITHUB_* variables and the event payload (outside\n"
     "Actions: from the checkout, the flags and those variables).",
     "berth --dry-run true --tag v1.2.3",
     add_input_flags, run_the_action, Output::k_action},
    {"tags", "Print the tags, labels and version a run would produce, as JSON",
     "berth tags --tag v1.2.3          # what pushing tag v1.2.3 of this commit gives",
     add_input_flags, run_tags, Output::k_data},
    {"plan",
     "Show the action's plan for an event, probing the local docker (a dry run; --build builds)",
     "berth plan --pr 12 --json        # what pull request 12 would build",
     add_plan_flags, run_plan_command, Output::k_data},
    {"init",
     "Write the build, promotion (and stack) workflows for this repository",
     "berth init --calver",
     add_init_flags, run_init_command, Output::k_data},
    {"promote",
     "Point new tags at an existing image through the registry API, moving no layer",
     "berth promote --image ghcr.io/acme/app --from 2023.2-a1239a5 --dry-run\n"
     "  berth promote --stack true --from 2023.2-a1239a5 --dry-run   # every image of the stack\n"
     "  berth promote --event workflow_dispatch --from 2023.2-a1239a5 --dry-run",
     add_promote_flags, run_promote_command, Output::k_data},
    {"stack", "Plan or build a stack of images (the stack file: .github/berth-stack.yml)",
     "berth stack plan                 # each image: build or re-tag, and why",
     add_stack_flags, run_stack_command, Output::k_action},
};
static_assert(k_commands[0].name[0] == '\0', "the first command is berth itself");

}  // namespace

int exit_status_of(const std::exception& e) {
  if (const auto* cancelled = dynamic_cast<const Cancelled*>(&e)) {
    return cancelled->exit_status();
  }
  return dynamic_cast<const Error*>(&e) != nullptr ? 1 : 3;
}

int run_cli(int argc, char** argv, io::Env env) {
  CLI::App app{"", "berth"};
  app.set_version_flag("--version",
                       std::string("berth ") + BERTH_VERSION + " (" + io::http_library_version() + ")");
  app.require_subcommand(0, 1);

  Flags flags;
  std::vector<std::pair<const Command*, CLI::App*>> subcommands;
  for (const Command& command : k_commands) {
    if (&command == &k_commands[0]) {
      app.description(command.help);
      app.footer(std::string("Example:\n  ") + command.example);
      command.add_flags(app, flags);
    } else {
      CLI::App* cmd = app.add_subcommand(command.name, command.help);
      cmd->footer(std::string("Example:\n  ") + command.example);
      command.add_flags(*cmd, flags);
      subcommands.emplace_back(&command, cmd);
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  // The chosen command: the subcommand given, else berth itself.
  const Command* chosen = &k_commands[0];
  for (const auto& [command, cmd] : subcommands) {
    if (cmd->parsed()) {
      chosen = command;
    }
  }
  std::FILE* const stream = chosen->output == Output::k_action ? stdout : stderr;
  // In Actions the runner reads workflow commands; on a laptop a person reads plain lines.
  io::Console console(stream, console_style(is_terminal(stream), env));
  io::install_stop_handlers();
  try {
    apply(flags, env);
    return chosen->run(env, console);
  } catch (const Cancelled& e) {
    console.error(e);
    return exit_status_of(e);
  } catch (const Errors& errors) {
    for (const Error& e : errors.all()) {
      console.error(e);
    }
    return exit_status_of(errors);
  } catch (const Error& e) {
    console.error(e);
    return exit_status_of(e);
  } catch (const std::exception& e) {
    console.error(Error(std::string("internal error: ") + e.what()));
    return exit_status_of(e);
  }
}

}  // namespace berth::app
