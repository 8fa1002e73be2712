// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/checkout.hpp"

// The GitHub context of a run outside Actions (a laptop): what the runner
// would give a step, made from the checkout berth stands in (CheckoutFacts),
// the simulated event of the command line, and the GITHUB_* variables the
// environment already sets (they win over the checkout, so that a run in CI
// reads exactly what it read before). Pure: the caller reads git and the
// environment.
namespace berth::core {

// Where one fact of the context came from.
enum class FactSource { k_git, k_flag, k_environment, k_default };

// "git", "flag", "environment", "default".
const char* fact_source_name(FactSource source);

// The simulated event of the command line (--event, --ref, --tag, --branch,
// --pr, --sha, --repository); empty fields were not given.
struct SimulatedEvent {
  std::string event;       // push, pull_request, schedule, workflow_dispatch
  std::string ref;         // refs/heads/x, refs/tags/v1
  std::string tag;         // v2.0.0 (refs/tags/v2.0.0)
  std::string branch;      // core (refs/heads/core; a pull request's head branch)
  std::string pr;          // 12
  std::string sha;         // 40 hex
  std::string repository;  // owner/name

  bool empty() const {
    return event.empty() && ref.empty() && tag.empty() && branch.empty() && pr.empty() &&
           sha.empty() && repository.empty();
  }
};

// The events berth can simulate.
bool is_simulated_event(std::string_view event);

// Checks the simulated event on its own: each value's form, and flags that
// contradict each other (both named). Throws Errors listing every mistake;
// each error names its flag ("--tag").
void validate_simulated_event(const SimulatedEvent& sim);

// owner/name and the server of a GitHub remote URL.
struct OriginRepository {
  std::string owner;
  std::string name;
  std::string server_url;  // "https://github.com", or "https://HOST" (GHES)
  std::string full_name() const { return owner + "/" + name; }
};

// Parses a remote URL: https://HOST/o/r(.git), http://, ssh://[user@]HOST[:port]/o/r(.git),
// git://HOST/o/r, and scp-like [user@]HOST:o/r(.git). Any host with exactly
// owner/name as its path is taken as a GitHub (GitHub Enterprise Server
// when not github.com). Returns nothing for local paths, file:// URLs and
// paths that are not exactly owner/name.
std::optional<OriginRepository> parse_origin_url(std::string_view url);

// One fact of the context and where it came from, for the output.
struct ContextFact {
  std::string name;   // "event", "ref", "sha", "repository", ...
  std::string value;  // "" when unknown
  FactSource source = FactSource::k_default;
};

// The context of a local run: the runner's variables and event payload.
struct LocalContext {
  // GITHUB_* variables as the runner sets them ("GITHUB_REF", "refs/tags/v2").
  std::vector<std::pair<std::string, std::string>> variables;
  // The event payload as the runner writes it to GITHUB_EVENT_PATH (JSON).
  std::string payload_json;
  std::vector<ContextFact> facts;
  // What is unknown and what to do about it, one line each.
  std::vector<std::string> hints;

  // Returns the value of variable `name`, or "".
  std::string variable(std::string_view name) const;
  // Returns the fact `name`, or nullptr.
  const ContextFact* fact(std::string_view name) const;
};

// Makes the context of a local run. `checkout` is what git says (nothing
// when berth stands in no repository, or cannot read it); `environment`
// holds the GITHUB_* variables the environment sets (empty values count as
// unset). Each fact comes from the flags first, else the environment, else
// git, else a default. Throws Errors (naming flags or variables) when the
// flags contradict each other or the run's commit or ref cannot be known,
// saying what to pass instead.
LocalContext make_local_context(const std::optional<CheckoutFacts>& checkout,
                                const SimulatedEvent& sim,
                                const std::map<std::string, std::string, std::less<>>& environment);

// The ref a checkout's HEAD is pushed as: refs/heads/<branch>, else (a
// detached HEAD) refs/tags/<tag> of the highest version among the tags at
// HEAD (the last in name order when none is a version), else "".
std::string checkout_ref(const CheckoutFacts& checkout);

// Returns `text` as a JSON string literal (quotes included).
std::string json_quote(std::string_view text);

}  // namespace berth::core
