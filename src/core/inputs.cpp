// SPDX-License-Identifier: MIT
#include "core/inputs.hpp"

#include <algorithm>
#include <functional>

#include "core/build_inputs.hpp"
#include "core/error.hpp"
#include "core/meta_rules.hpp"
#include "core/reference.hpp"
#include "core/tag.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace berth::core {
namespace {

// Longer values are mistakes (or attacks); GitHub caps one env string at 128 KiB.
constexpr std::size_t k_max_input_length = 32 * 1024;

std::string_view value_of(const InputValues& values, std::string_view name) {
  const auto it = values.find(name);
  return it == values.end() ? std::string_view() : std::string_view(it->second);
}

bool has_control_char(std::string_view s, bool allow_newline) {
  return std::any_of(s.begin(), s.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    if (allow_newline && (c == '\n' || c == '\r' || c == '\t')) {
      return false;
    }
    return u < 0x20 || u == 0x7f;
  });
}

// A "KEY=value" line with a non-empty key free of spaces.
bool is_key_value(std::string_view line) {
  const auto eq = line.find('=');
  if (eq == 0 || eq == std::string_view::npos) {
    return false;
  }
  const std::string_view key = line.substr(0, eq);
  return key.find_first_of(" \t") == std::string_view::npos;
}

// os/arch[/variant], each part lowercase letters, digits, '_' or '.'.
bool is_platform(std::string_view p) {
  const auto parts = split(p, '/');
  if (parts.size() < 2 || parts.size() > 3) {
    return false;
  }
  return std::all_of(parts.begin(), parts.end(), [](std::string_view part) {
    return !part.empty() &&
           std::all_of(part.begin(), part.end(), [](char c) {
             return is_lower(c) || is_digit(c) || c == '_' || c == '.';
           });
  });
}


// The `labels` lines: metadata-action's list syntax when its rules are in
// use, else berth's (trimmed lines, '#' comments), numbered either way.
std::vector<ListItem> label_items(std::string_view text, bool rules) {
  if (rules) {
    return split_list_input(text, "labels", true);
  }
  std::vector<ListItem> out;
  std::size_t number = 0;
  for (std::string_view line : split(text, '\n')) {
    ++number;
    line = trim(line);
    if (!line.empty() && line[0] != '#') {
      out.push_back({std::string(line), number});
    }
  }
  return out;
}

// Collects one error per input instead of stopping at the first.
class Checker {
 public:
  explicit Checker(const InputValues& values) : m_values(values) {}

  std::string_view raw(std::string_view name) const {
    return value_of(m_values, name);
  }

  // Returns the trimmed value, or the input's default when it is empty.
  std::string text(std::string_view name) {
    const std::string_view v = trim(raw(name));
    if (!v.empty()) {
      return std::string(v);
    }
    for (const InputSpec& spec : input_specs()) {
      if (spec.name == name) {
        return std::string(spec.default_value);
      }
    }
    return {};
  }

  void fail(std::string_view name, const std::string& message) {
    m_errors.add(Error(std::string(name) + ": " + message, std::string(name)));
  }

  // Runs `parse`, turning an Error into a collected one.
  void guard(const std::function<void()>& parse) { m_errors.guard(parse); }

  ErrorCollector& errors() { return m_errors; }

  // Throws Errors when any input was at fault.
  void throw_if_any() { m_errors.throw_if_any(); }

 private:
  const InputValues& m_values;
  ErrorCollector m_errors;
};

// Reads `stack-image` and `stack-finish`: a matrix job of a stack, or its
// final job; each needs `stack`, and one job is not both.
void parse_stack_matrix(Checker& check, Inputs& in) {
  in.stack_image = std::string(trim(check.text("stack-image")));
  check.guard(
      [&] { in.stack_finish = parse_bool(check.text("stack-finish"), false, "stack-finish"); });
  if (!in.stack_image.empty() && in.stack.empty()) {
    check.fail("stack-image", "needs a stack (stack: true or the stack file's path)");
  }
  if (in.stack_finish && in.stack.empty()) {
    check.fail("stack-finish", "needs a stack (stack: true or the stack file's path)");
  }
  if (in.stack_finish && !in.stack_image.empty()) {
    check.fail("stack-finish", "cannot be combined with stack-image (the final job builds nothing)");
  }
}

// Reads `stack` and `rebuild`: a path inside the workspace, true, or false.
void parse_stack(Checker& check, Inputs& in) {
  const std::string stack = check.text("stack");
  if (stack == "true" || stack == "True" || stack == "TRUE") {
    in.stack = k_default_stack_file;
  } else if (stack != "false" && stack != "False" && stack != "FALSE") {
    const auto parts = split(stack, '/');
    if (has_control_char(stack, false)) {
      check.fail("stack", "the path holds a control character");
    } else if (stack[0] == '/' ||
               std::any_of(parts.begin(), parts.end(),
                           [](std::string_view p) { return p == ".."; })) {
      check.fail("stack", "\"" + stack + "\" is not a path inside the workspace "
                          "(relative, without ..), nor true or false");
    } else {
      in.stack = stack;
    }
  }
  const std::string rebuild = check.text("rebuild");
  if (rebuild == "all") {
    in.rebuild_all = true;
  } else if (rebuild != "changed") {
    check.fail("rebuild", "\"" + rebuild + "\" is neither changed nor all");
  }
  if (!in.stack.empty() && in.split != SplitMode::k_off) {
    check.fail("stack", "cannot be combined with split (a stack builds each image in one job)");
  }
  parse_stack_matrix(check, in);
}

// Reads `split` and checks what it asks of the other inputs: a split job
// pushes under platform tags, a merge assembles them; both need `platforms`
// and a push, and neither is a promotion.
void parse_split(Checker& check, Inputs& in) {
  const std::string split = check.text("split");
  if (split == "merge") {
    in.split = SplitMode::k_merge;
  } else {
    try {
      in.split = parse_bool(split, false, "split") ? SplitMode::k_part : SplitMode::k_off;
    } catch (const Error&) {
      check.fail("split", "\"" + split + "\" is neither true, false nor merge");
      return;
    }
  }
  if (in.split == SplitMode::k_off) {
    return;
  }
  const std::string mode = in.split == SplitMode::k_merge ? "merge" : "true";
  if (in.platforms.empty()) {
    check.fail("platforms", "split: " + mode +
                                " needs the platforms of the split build (linux/amd64, ...)");
  }
  if (in.push == PushMode::k_off) {
    check.fail("push", "split: " + mode + " writes to the registry; push must not be false");
  }
  if (!in.promote.empty()) {
    check.fail("split", "cannot be combined with promote");
  }
}

}  // namespace

const std::vector<InputSpec>& input_specs() {
  static const std::vector<InputSpec> specs = {
      {"registry", "ghcr.io", "Registry host of the default image"},
      {"image", "", "Image name on the registry; default: the repository, lowercased"},
      {"images", "", "Full image names, one per line; overrides registry and image"},
      {"username", "", "Registry user name"},
      {"password", "", "Registry password or token (masked); a GitHub token, like the default, is sent only to GitHub registries"},
      {"registry-auth", "",
       "Credentials of more registries, one per line: registry=HOST,username=USER,password=SECRET "
       "(password last; masked); a registry's line wins over username and password"},
      {"context", ".", "Build context directory"},
      {"file", "", "Dockerfile; default: CONTEXT/Dockerfile"},
      {"build-args", "", "Build arguments, NAME=value, one per line"},
      {"target", "", "Build stage to build"},
      {"labels", "", "Extra image labels, key=value, one per line"},
      {"platforms", "", "Target platforms, comma or newline separated"},
      {"cache-from", "", "Cache sources, one per line"},
      {"cache-to", "", "Cache destinations, one per line"},
      {"builder", "", "Buildx builder to build with; default: the current builder"},
      {"secrets", "", "Build secrets, id=value, one per line (masked; a quoted value may span lines)"},
      {"secret-files", "", "Build secrets from files, id=path, one per line"},
      {"secret-envs", "", "Build secrets from environment variables, id=VARIABLE, comma or newline separated"},
      {"ssh", "", "SSH agent sockets or keys for the build, default or id[=path], comma or newline separated"},
      {"build-contexts", "", "Extra build contexts, name=value, one per line"},
      {"no-cache", "false", "Build without the build cache"},
      {"no-cache-filters", "", "Stages to build without the cache, comma or newline separated"},
      {"pull", "false", "Always pull the newer version of the base images"},
      {"network", "", "Network of the RUN steps: default, none or host"},
      {"add-hosts", "", "Extra hosts of the RUN steps, host:ip, comma or newline separated"},
      {"shm-size", "", "Size of /dev/shm of the RUN steps (2g)"},
      {"ulimit", "", "Ulimits of the RUN steps, type=soft[:hard], one per line"},
      {"provenance", "", "Provenance attestation: true, false or attributes (mode=max); default: false"},
      {"sbom", "", "SBOM attestation: true, false or attributes (generator=...)"},
      {"annotations", "", "Annotations, [type:]key=value, one per line (type: manifest, index, ...)"},
      {"push", "auto", "Push the image: auto (not on pull requests), true, false"},
      {"default-branch", "", "Branch whose pushes get latest; default: the repository's"},
      {"tags", "", "Tags, one per line; default: berth's tag scheme"},
      {"flavor", "", "Tag flavor rules (latest, prefix, suffix)"},
      {"calver", "false", "Add a YYYY.Q-<sha> build tag: true, false or a fixed YYYY.N prefix"},
      {"promote", "", "Promote this existing build tag instead of building"},
      {"promote-to", "", "Promotion targets, one per line; default: YYYY.Q-stable"},
      {"monotonic-latest", "true",
       "Move latest, X and X.Y only to the highest release (reads the registry's tags)"},
      {"dry-run", "false", "Show what would happen; write nothing to any registry"},
      {"split", "false",
       "Split a multi-platform build over jobs: true (this job pushes its platforms under "
       "<tag>-<os>-<arch> only), merge (build nothing: assemble the index of those tags and "
       "apply every tag), false"},
      {"stack", "false",
       "Build a stack of images: the stack file's path, true for .github/berth-stack.yml, or "
       "false"},
      {"rebuild", "changed",
       "Which images of a stack to build: changed (what changed since the last build, and "
       "their children) or all"},
      {"stack-image", "",
       "A matrix job of a stack: build, test and push under the build tag only this image "
       "of the stack, its parents from the registry"},
      {"stack-finish", "false",
       "The final job of a stack's matrix: check every image carries the build tag, re-tag "
       "the unchanged ones, then move the moving tags of every image (or none)"},
  };
  return specs;
}

bool parse_bool(std::string_view value, bool fallback, const std::string& input) {
  value = trim(value);
  if (value.empty()) {
    return fallback;
  }
  if (value == "true" || value == "True" || value == "TRUE") {
    return true;
  }
  if (value == "false" || value == "False" || value == "FALSE") {
    return false;
  }
  throw Error(input + ": \"" + std::string(value) + "\" is not a boolean (true or false)",
              input);
}

Inputs parse_inputs(const InputValues& values) {
  Checker check(values);
  for (const InputSpec& spec : input_specs()) {
    const std::string_view raw = check.raw(spec.name);
    if (raw.size() > k_max_input_length) {
      check.fail(spec.name, "value is " + std::to_string(raw.size()) +
                                " bytes long; the limit is " +
                                std::to_string(k_max_input_length));
    } else if (has_control_char(raw, true)) {
      check.fail(spec.name, "contains a control character");
    }
  }

  Inputs in;
  in.registry = to_lower(check.text("registry"));
  if (!is_valid_registry(in.registry)) {
    check.fail("registry", "\"" + in.registry + "\" is not a registry host (host[:port])");
  }
  in.image = check.text("image");
  check.guard([&] { in.image_rules = parse_images_input(check.raw("images")); });
  for (ImageRule& rule : in.image_rules) {
    if (rule.enable) {
      check.guard([&rule] {
        try {
          rule.image = parse_image_name(rule.name, "images");
        } catch (const Error& e) {
          throw Error("images: line " + std::to_string(rule.line) + ": " + e.what(), "images");
        }
      });
    }
  }
  in.username = check.text("username");
  in.password = std::string(check.raw("password"));  // secrets are taken verbatim
  check.guard([&] { in.registry_auth = parse_registry_auth(check.raw("registry-auth"), check.errors()); });
  in.context = check.text("context");
  in.file = check.text("file");
  in.target = check.text("target");
  in.default_branch = check.text("default-branch");
  if (in.username.find_first_of(" \t\r\n:") != std::string::npos) {
    check.fail("username", "must not contain spaces, newlines or ':'");
  }
  if (in.password.find_first_of("\r\n") != std::string::npos) {
    check.fail("password", "must be a single line");
  }
  if (in.default_branch.find_first_of(" \t\r\n~^:?*[\\") != std::string::npos) {
    check.fail("default-branch", "\"" + in.default_branch + "\" is not a branch name");
  }

  in.build_args = input_lines(check.raw("build-args"));
  for (const std::string& line : in.build_args) {
    if (!is_key_value(line)) {
      check.fail("build-args", "\"" + line + "\" is not NAME=value");
    }
  }
  in.platforms = input_items(check.raw("platforms"));
  for (const std::string& p : in.platforms) {
    if (!is_platform(p)) {
      check.fail("platforms", "\"" + p + "\" is not os/arch[/variant] (linux/amd64)");
    }
  }
  in.cache_from = input_lines(check.raw("cache-from"));
  in.cache_to = input_lines(check.raw("cache-to"));
  parse_build_options(values, in.build, check.errors());
  // The rule inputs are parsed once, here, so that a bad rule is reported
  // with the other input errors, before anything runs.
  bool rules = false;
  check.guard([&] {
    const std::vector<ListItem> items = split_list_input(check.raw("tags"), "tags", true);
    rules = !items.empty();
    in.tag_rules = parse_tag_rules(items);
  });
  check.guard([&] {
    const std::vector<ListItem> items =
        split_list_input(check.raw("flavor"), "flavor", true);
    if (!items.empty()) {
      rules = true;
      in.flavor = parse_flavor(items);
    }
  });
  check.guard([&] { in.labels = label_items(check.raw("labels"), rules); });
  for (const ListItem& item : in.labels) {
    if (!is_key_value(item.text)) {
      check.fail("labels", "\"" + item.text + "\" is not key=value");
    }
  }

  const std::string push = check.text("push");
  if (push == "auto") {
    in.push = PushMode::k_auto;
  } else {
    check.guard([&] {
      in.push = parse_bool(push, false, "push") ? PushMode::k_on : PushMode::k_off;
    });
  }
  check.guard([&] { in.dry_run = parse_bool(check.raw("dry-run"), false, "dry-run"); });
  check.guard([&] {
    in.monotonic_latest = parse_bool(check.raw("monotonic-latest"), true, "monotonic-latest");
  });

  const std::string calver = check.text("calver");
  if (is_calver_prefix(calver)) {
    in.calver = Calver{true, calver};
  } else {
    try {
      in.calver.enabled = parse_bool(calver, false, "calver");
    } catch (const Error&) {
      check.fail("calver", "\"" + calver + "\" is neither true, false nor a YYYY.N prefix");
    }
  }

  in.promote = check.text("promote");
  if (!in.promote.empty() && !is_valid_tag(in.promote)) {
    check.fail("promote", "\"" + in.promote + "\" is not a valid tag");
  }
  in.promote_to = input_items(check.raw("promote-to"));
  for (const std::string& t : in.promote_to) {
    if (!is_valid_tag(t)) {
      check.fail("promote-to", "\"" + t + "\" is not a valid tag");
    }
  }
  if (!in.promote_to.empty() && in.promote.empty()) {
    check.fail("promote-to", "is set but promote is empty: name the tag to promote");
  }

  parse_split(check, in);
  parse_stack(check, in);

  check.throw_if_any();
  return in;
}

bool uses_metadata_rules(const Inputs& in) {
  return !in.tag_rules.empty() || in.flavor.has_value();
}

const RegistryAuth* registry_auth_for(const Inputs& in, const std::string& host) {
  for (const RegistryAuth& auth : in.registry_auth) {
    if (auth.registry == host) {
      return &auth;
    }
  }
  return nullptr;
}

std::string registry_input(const Inputs& in) {
  return in.image_rules.empty() ? "registry" : "images";
}

}  // namespace berth::core
