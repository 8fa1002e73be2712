// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/build_options.hpp"
#include "core/meta_csv.hpp"
#include "core/meta_rules.hpp"
#include "core/registry_auth.hpp"

namespace berth::core {

// One input of the action, as action.yml declares it.
struct InputSpec {
  std::string_view name;           // "dry-run"
  std::string_view default_value;  // used when the input is empty
  std::string_view description;    // one line, for --help and action.yml
};

// Every input berth reads, in action.yml order.
const std::vector<InputSpec>& input_specs();

// Raw input values by name ("dry-run" → "true"). A missing name reads as "".
using InputValues = std::map<std::string, std::string, std::less<>>;

enum class PushMode { k_auto, k_on, k_off };

// The `calver` input: off, on (prefix from the commit's quarter), or a fixed
// prefix such as "2023.4".
struct Calver {
  bool enabled = false;
  std::string prefix;  // "" = derive YYYY.Q from the commit time
};

// The `split` input: a normal run, one part of a split build (one job of a
// matrix builds and pushes its platforms under their platform tags), or the
// merge that assembles the index of the parts and applies every tag.
enum class SplitMode { k_off, k_part, k_merge };

// Every input, parsed and validated once: the engine consumes these values
// and never reads an input's text again. Defaults that need the GitHub context
// (the image name) are resolved later, in resolve_images().
struct Inputs {
  std::string registry;                 // "ghcr.io"
  std::string image;                    // "" = GITHUB_REPOSITORY lowercased
  std::vector<ImageRule> image_rules;   // `images`; overrides the two above when set
  std::string username;
  std::string password;                 // secret: never log, never put in argv
  // `registry-auth`: credentials per registry, which win over username and
  // password for their registry (passwords secret, like `password`)
  std::vector<RegistryAuth> registry_auth;
  std::string context;                  // "."
  std::string file;                     // Dockerfile; "" = CONTEXT/Dockerfile
  std::vector<std::string> build_args;  // NAME=value lines
  std::string target;
  // The `labels` key=value lines; read with metadata-action's list syntax
  // (one level of quotes removed) and rendered later when its rules are in use.
  std::vector<ListItem> labels;
  std::vector<std::string> platforms;   // linux/amd64,...
  std::vector<std::string> cache_from;
  std::vector<std::string> cache_to;
  BuildOptions build;                   // the BuildKit inputs (secrets, ssh, ...)
  PushMode push = PushMode::k_auto;
  std::string default_branch;
  std::vector<TagRule> tag_rules;       // `tags`, by priority; empty when `tags` has no line
  std::optional<Flavor> flavor;         // `flavor`; nullopt when it has no line
  Calver calver;
  std::string promote;                  // source tag of a promotion
  std::vector<std::string> promote_to;  // target tags; "" = YYYY.Q-stable
  bool monotonic_latest = true;         // hold back floating tags below the highest release
  SplitMode split = SplitMode::k_off;   // `split`: false, true, merge
  bool dry_run = false;
  // `stack`: the stack file to build, relative to the workspace ("" = off;
  // `true` names k_default_stack_file)
  std::string stack;
  bool rebuild_all = false;             // `rebuild`: changed (false) or all (true)
  // A stack over a matrix (core/stack_matrix.hpp): `stack-image`, the one
  // image this job builds ("" = every image), and `stack-finish`, the final
  // job's re-tags and moving tags.
  std::string stack_image;
  bool stack_finish = false;
};

// The stack file `stack: true` names.
inline constexpr const char* k_default_stack_file = ".github/berth-stack.yml";

// Parses and validates `values`. Throws Errors listing every invalid input,
// each naming its input.
Inputs parse_inputs(const InputValues& values);

// Returns whether the run uses docker/metadata-action's rules: `tags` or
// `flavor` has a line (blank and comment lines do not count). Otherwise
// berth's own scheme names the tags and monotonic latest applies. Throws
// nothing.
bool uses_metadata_rules(const Inputs& in);

// Returns the `registry-auth` entry of `host` (a registry_host), or nullptr.
// Throws nothing.
const RegistryAuth* registry_auth_for(const Inputs& in, const std::string& host);

// Returns the input that names the registries of a run: "images" when it is
// set, else "registry". Errors about reaching a registry name it. Throws
// nothing.
std::string registry_input(const Inputs& in);

// Parses a boolean input the way the Actions toolkit does (true, True, TRUE,
// false, False, FALSE); `fallback` when empty. Throws Error naming `input`.
bool parse_bool(std::string_view value, bool fallback, const std::string& input);

}  // namespace berth::core
