// SPDX-License-Identifier: MIT
#include "app/local.hpp"

#include <algorithm>
#include <map>

#include "app/terminal.hpp"
#include "core/error.hpp"
#include "io/git.hpp"
#include "io/github_context.hpp"

namespace berth::app {
namespace {

// The GITHUB_* variables the environment sets.
std::map<std::string, std::string, std::less<>> github_variables(const io::Env& env) {
  std::map<std::string, std::string, std::less<>> out;
  for (const char* name :
       {"GITHUB_EVENT_NAME", "GITHUB_REF", "GITHUB_REF_NAME", "GITHUB_REF_TYPE", "GITHUB_SHA",
        "GITHUB_REPOSITORY", "GITHUB_REPOSITORY_OWNER", "GITHUB_SERVER_URL", "GITHUB_HEAD_REF",
        "GITHUB_BASE_REF"}) {
    if (const std::string value = env.get(name); !value.empty()) {
      out.emplace(name, value);
    }
  }
  return out;
}

}  // namespace

GitOpener real_git_opener() {
  return [](const std::string& path) { return io::open_git_repo(path); };
}

core::SimulatedEvent simulated_event(const io::Env& env) {
  core::SimulatedEvent sim;
  sim.event = env.get("BERTH_SIMULATE_EVENT");
  sim.ref = env.get("BERTH_SIMULATE_REF");
  sim.tag = env.get("BERTH_SIMULATE_TAG");
  sim.branch = env.get("BERTH_SIMULATE_BRANCH");
  sim.pr = env.get("BERTH_SIMULATE_PR");
  sim.sha = env.get("BERTH_SIMULATE_SHA");
  sim.repository = env.get("BERTH_SIMULATE_REPOSITORY");
  return sim;
}

ContextReading read_context(const io::Env& env, const GitOpener& open_git) {
  ContextReading out;
  const core::SimulatedEvent sim = simulated_event(env);
  core::validate_simulated_event(sim);
  const bool in_actions = env.get("GITHUB_ACTIONS") == "true";
  std::optional<core::CheckoutFacts> checkout;
  if (!in_actions) {
    if (!open_git) {
      out.hints.push_back("this berth reads no git checkout (built without the git adapter): "
                          "pass --sha, --repository and --branch or --tag");
    } else {
      try {
        checkout = open_git(".")->facts();
      } catch (const Cancelled&) {
        throw;
      } catch (const Error& e) {
        out.hints.push_back(std::string("no git checkout here (") + e.what() +
                            "): run berth in your clone, or pass --sha, --repository and "
                            "--branch or --tag");
      }
    }
  }
  if (sim.empty() && !checkout) {
    // As in every release before: the GITHUB_* variables and the payload only.
    out.github = io::read_github_context(env);
    return out;
  }
  const core::LocalContext local = core::make_local_context(checkout, sim, github_variables(env));
  io::Env with_context = env;
  for (const auto& [name, value] : local.variables) {
    with_context.set(name, value);
  }
  out.github = io::read_github_context(with_context);
  if (env.get("GITHUB_EVENT_PATH").empty()) {
    io::apply_event_payload(local.payload_json, out.github);
  }
  out.local = true;
  out.facts = local.facts;
  out.hints.insert(out.hints.end(), local.hints.begin(), local.hints.end());
  return out;
}

void print_context(const ContextReading& reading, io::Console& console, bool colour) {
  if (reading.local) {
    console.info(paint("context of this local run:", Style::k_bold, colour));
    std::size_t width = 0;
    for (const core::ContextFact& f : reading.facts) {
      width = std::max(width, f.name.size());
    }
    for (const core::ContextFact& f : reading.facts) {
      const std::string value = f.value.empty() ? "(unknown)" : f.value;
      console.info("  " + f.name + std::string(width - f.name.size() + 2, ' ') + value + "  " +
                   paint(std::string("(") + core::fact_source_name(f.source) + ")", Style::k_dim,
                         colour));
    }
  }
  for (const std::string& hint : reading.hints) {
    console.info(paint("hint: ", Style::k_yellow, colour) + hint);
  }
}

}  // namespace berth::app
