// SPDX-License-Identifier: MIT
#include "core/local_context.hpp"

#include <algorithm>
#include <cstdio>

#include "core/error.hpp"
#include "core/github.hpp"
#include "core/semver.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace berth::core {
namespace {

const char* const k_github = "https://github.com";

bool is_name_char(char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; }

bool is_repo_part(std::string_view s) {
  return !s.empty() && s != "." && s != ".." && std::all_of(s.begin(), s.end(), is_name_char);
}

// A branch or tag name git would accept (git check-ref-format, the common rules).
bool is_ref_name(std::string_view s) {
  if (s.empty() || s.front() == '/' || s.back() == '/' || s.front() == '-' ||
      s.back() == '.' || ends_with(s, ".lock") || s.find("..") != std::string_view::npos ||
      s.find("//") != std::string_view::npos || s.find("@{") != std::string_view::npos) {
    return false;
  }
  return std::none_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) <= ' ' || c == '~' || c == '^' || c == ':' ||
           c == '?' || c == '*' || c == '[' || c == '\\' || c == 0x7f;
  });
}

bool is_full_sha(std::string_view s) {
  return s.size() == 40 && std::all_of(s.begin(), s.end(), is_hex);
}

bool is_pr_number(std::string_view s) {
  return !s.empty() && s.size() <= 9 && s.front() != '0' &&
         std::all_of(s.begin(), s.end(), is_digit);
}

// Which flag set the ref (for messages): --ref, --tag or --branch.
std::string ref_flag(const SimulatedEvent& sim) {
  return !sim.ref.empty() ? "--ref" : !sim.tag.empty() ? "--tag" : "--branch";
}

// The value of `name` in the environment; unset when empty.
std::string env_value(const std::map<std::string, std::string, std::less<>>& env,
                      std::string_view name) {
  const auto it = env.find(name);
  return it == env.end() ? std::string() : std::string(trim(it->second));
}

// A fact's value with its source, chosen flag > environment > git > default.
struct Pick {
  std::string value;
  FactSource source = FactSource::k_default;
};

Pick pick(const std::string& flag, const std::string& env, const std::string& git,
          const std::string& fallback = {}) {
  if (!flag.empty()) return {flag, FactSource::k_flag};
  if (!env.empty()) return {env, FactSource::k_environment};
  if (!git.empty()) return {git, FactSource::k_git};
  return {fallback, FactSource::k_default};
}

// GITHUB_REF_NAME and GITHUB_REF_TYPE of `ref`, as the runner sets them.
std::pair<std::string, std::string> ref_name_and_type(std::string_view ref) {
  if (const std::string_view tag = tag_of(ref); !tag.empty()) {
    return {std::string(tag), "tag"};
  }
  if (const std::string_view branch = branch_of(ref); !branch.empty()) {
    return {std::string(branch), "branch"};
  }
  if (starts_with(ref, "refs/pull/")) {
    return {std::string(ref.substr(10)), "branch"};
  }
  return {};
}

// A JSON object written member by member (the payload; no JSON library in core).
class JsonObject {
 public:
  JsonObject& str(std::string_view key, std::string_view value) {
    return raw(key, json_quote(value));
  }
  JsonObject& raw(std::string_view key, std::string_view json) {
    m_text += (m_text.empty() ? "{" : ",") + json_quote(key) + ":" + std::string(json);
    return *this;
  }
  std::string text() const { return m_text.empty() ? "{}" : m_text + "}"; }

 private:
  std::string m_text;
};

}  // namespace

const char* fact_source_name(FactSource source) {
  switch (source) {
    case FactSource::k_git: return "git";
    case FactSource::k_flag: return "flag";
    case FactSource::k_environment: return "environment";
    case FactSource::k_default: return "default";
  }
  return "default";
}

bool is_simulated_event(std::string_view event) {
  return event == "push" || event == "pull_request" || event == "schedule" ||
         event == "workflow_dispatch";
}

void validate_simulated_event(const SimulatedEvent& sim) {
  ErrorCollector errors;
  if (!sim.event.empty() && !is_simulated_event(sim.event)) {
    errors.add(Error("--event \"" + sim.event +
                         "\" is not one berth simulates: push, pull_request, schedule or "
                         "workflow_dispatch",
                     "--event"));
  }
  if (!sim.ref.empty()) {
    if (starts_with(sim.ref, "refs/pull/")) {
      errors.add(Error("--ref \"" + sim.ref + "\": for a pull request pass --pr NUMBER", "--ref"));
    } else if ((tag_of(sim.ref).empty() && branch_of(sim.ref).empty()) ||
               !is_ref_name(sim.ref.substr(sim.ref.find('/', 5) + 1))) {
      errors.add(Error("--ref \"" + sim.ref +
                           "\" is not refs/heads/BRANCH or refs/tags/TAG (or pass --branch, --tag)",
                       "--ref"));
    }
  }
  for (const auto& [flag, value] : {std::pair<const char*, const std::string*>{"--tag", &sim.tag},
                                    {"--branch", &sim.branch}}) {
    if (value->empty()) continue;
    if (starts_with(*value, "refs/")) {
      errors.add(Error(std::string(flag) + " \"" + *value +
                           "\" is a full ref: pass the name alone, or --ref " + *value,
                       flag));
    } else if (!is_ref_name(*value)) {
      errors.add(Error(std::string(flag) + " \"" + *value + "\" is not a name git accepts", flag));
    }
  }
  if (!sim.pr.empty() && !is_pr_number(sim.pr)) {
    errors.add(Error("--pr \"" + sim.pr + "\" is not a pull request number (12)", "--pr"));
  }
  if (!sim.sha.empty() && !is_full_sha(sim.sha)) {
    errors.add(Error("--sha \"" + sim.sha +
                         "\" is not a full commit id (40 hex digits: git rev-parse HEAD)",
                     "--sha"));
  }
  if (!sim.repository.empty()) {
    const auto parts = split(sim.repository, '/');
    if (parts.size() != 2 || !is_repo_part(parts[0]) || !is_repo_part(parts[1])) {
      errors.add(Error("--repository \"" + sim.repository + "\" is not OWNER/NAME",
                       "--repository"));
    }
  }
  // Flags that contradict each other: each error names both.
  const int refs = int(!sim.ref.empty()) + int(!sim.tag.empty()) + int(!sim.branch.empty());
  const bool pr = !sim.pr.empty() || sim.event == "pull_request";
  if (!sim.ref.empty() && !sim.tag.empty()) {
    errors.add(Error("--ref and --tag both name the pushed ref: give one", "--tag"));
  }
  if (!sim.ref.empty() && !sim.branch.empty() && !pr) {
    errors.add(Error("--ref and --branch both name the pushed ref: give one", "--branch"));
  }
  if (!sim.tag.empty() && !sim.branch.empty() && !pr) {
    errors.add(Error("--tag and --branch both name the pushed ref: a push is of one ref",
                     "--branch"));
  }
  if (!sim.pr.empty() && !sim.event.empty() && sim.event != "pull_request") {
    errors.add(Error("--pr and --event " + sim.event +
                         " contradict: --pr simulates a pull_request event",
                     "--pr"));
  }
  if (pr && (!sim.tag.empty() || !sim.ref.empty())) {
    const std::string flag = !sim.tag.empty() ? "--tag" : "--ref";
    errors.add(Error(flag + " and " + (sim.pr.empty() ? "--event pull_request" : "--pr") +
                         " contradict: a pull request runs on refs/pull/N/merge (--branch "
                         "names its head branch)",
                     flag));
  }
  if (sim.event == "schedule" && refs > 0) {
    errors.add(Error(ref_flag(sim) + " and --event schedule contradict: a schedule runs on the "
                                     "default branch",
                     ref_flag(sim)));
  }
  errors.throw_if_any();
}

std::optional<OriginRepository> parse_origin_url(std::string_view url_text) {
  std::string_view url = trim(url_text);
  std::string_view host;
  std::string_view path;
  if (const auto scheme_end = url.find("://"); scheme_end != std::string_view::npos) {
    const std::string scheme = to_lower(url.substr(0, scheme_end));
    if (scheme != "https" && scheme != "http" && scheme != "ssh" && scheme != "git" &&
        scheme != "git+ssh" && scheme != "ssh+git") {
      return std::nullopt;  // file://, local transports
    }
    std::string_view rest = url.substr(scheme_end + 3);
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    host = rest.substr(0, slash);
    path = rest.substr(slash + 1);
    if (const auto at = host.rfind('@'); at != std::string_view::npos) host = host.substr(at + 1);
    if (const auto colon = host.find(':'); colon != std::string_view::npos) {
      host = host.substr(0, colon);  // a port
    }
  } else {
    // scp-like: [user@]host:path; a local path has no ':' before its first '/'.
    const auto colon = url.find(':');
    const auto slash = url.find('/');
    if (colon == std::string_view::npos || (slash != std::string_view::npos && slash < colon)) {
      return std::nullopt;
    }
    host = url.substr(0, colon);
    path = url.substr(colon + 1);
    if (host.size() == 1) return std::nullopt;  // a drive letter: C:/repos/app
    if (const auto at = host.rfind('@'); at != std::string_view::npos) host = host.substr(at + 1);
  }
  if (host.empty() || !std::all_of(host.begin(), host.end(), is_name_char)) return std::nullopt;
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (ends_with(path, ".git")) path.remove_suffix(4);
  const auto parts = split(path, '/');
  if (parts.size() != 2 || !is_repo_part(parts[0]) || !is_repo_part(parts[1])) {
    return std::nullopt;
  }
  const std::string h = to_lower(host);
  return OriginRepository{std::string(parts[0]), std::string(parts[1]),
                          h == "github.com" ? k_github : "https://" + h};
}

std::string checkout_ref(const CheckoutFacts& checkout) {
  if (!checkout.branch.empty()) return "refs/heads/" + checkout.branch;
  if (checkout.tags_at_head.empty()) return {};
  std::string best = checkout.tags_at_head.back();
  std::optional<SemVer> best_version;
  for (const std::string& tag : checkout.tags_at_head) {
    const auto v = parse_semver(tag);
    if (v && (!best_version || compare(*v, *best_version) > 0)) {
      best = tag;
      best_version = v;
    }
  }
  return "refs/tags/" + best;
}

std::string json_quote(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string LocalContext::variable(std::string_view name) const {
  for (const auto& [n, v] : variables) {
    if (n == name) return v;
  }
  return {};
}

const ContextFact* LocalContext::fact(std::string_view name) const {
  for (const ContextFact& f : facts) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

LocalContext make_local_context(const std::optional<CheckoutFacts>& checkout,
                                const SimulatedEvent& sim_in,
                                const std::map<std::string, std::string, std::less<>>& env) {
  validate_simulated_event(sim_in);
  SimulatedEvent sim = sim_in;
  sim.sha = to_lower(sim.sha);
  const CheckoutFacts git = checkout.value_or(CheckoutFacts{});
  LocalContext out;
  const auto fact = [&out](const char* name, const Pick& p) {
    out.facts.push_back({name, p.value, p.source});
  };

  // The event.
  Pick event;
  if (!sim.event.empty()) {
    event = {sim.event, FactSource::k_flag};
  } else if (!sim.pr.empty()) {
    event = {"pull_request", FactSource::k_flag};
  } else if (!sim.ref.empty() || !sim.tag.empty() || !sim.branch.empty()) {
    event = {"push", FactSource::k_flag};
  } else {
    event = pick({}, env_value(env, "GITHUB_EVENT_NAME"), {}, "push");
  }
  const bool pull_request = event.value == "pull_request";

  // The repository, from origin's URL.
  const auto origin = parse_origin_url(git.origin_url);
  const Pick repository = pick(sim.repository, env_value(env, "GITHUB_REPOSITORY"),
                               origin ? origin->full_name() : std::string());
  if (repository.value.empty()) {
    if (!checkout) {
      out.hints.push_back("repository: unknown, no git checkout was read; run berth in your "
                          "clone, or pass --repository OWNER/NAME (or --image)");
    } else if (git.origin_url.empty()) {
      out.hints.push_back("repository: unknown, the checkout has no origin remote; add one (git "
                          "remote add origin https://github.com/OWNER/NAME.git) or pass "
                          "--repository OWNER/NAME");
    } else {
      out.hints.push_back("repository: origin \"" + git.origin_url +
                          "\" is not a GitHub repository URL; pass --repository OWNER/NAME");
    }
  }
  std::string owner = env_value(env, "GITHUB_REPOSITORY_OWNER");
  if (owner.empty() || repository.source == FactSource::k_flag) {
    owner = repository.value.substr(0, repository.value.find('/'));
  }
  const Pick server = pick({}, env_value(env, "GITHUB_SERVER_URL"),
                           origin ? origin->server_url : std::string(), k_github);

  // The commit.
  const Pick sha = pick(sim.sha, env_value(env, "GITHUB_SHA"), git.head_sha);
  if (sha.value.empty()) {
    out.hints.push_back(checkout ? "sha: unknown, HEAD has no commit yet; commit, or pass --sha"
                                 : "sha: unknown, no git checkout was read; pass --sha "
                                   "COMMIT (40 hex digits)");
  }
  const Pick default_branch = pick({}, {}, git.default_branch);
  if (default_branch.value.empty() && checkout) {
    out.hints.push_back("default branch: unknown (no refs/remotes/origin/HEAD); git remote "
                        "set-head origin --auto, or pass --default-branch");
  }

  // The ref.
  Pick ref;
  Pick head_ref;
  Pick base_ref;
  std::string pr_number;
  if (pull_request) {
    if (!sim.pr.empty()) {
      pr_number = sim.pr;
      ref = {"refs/pull/" + sim.pr + "/merge", FactSource::k_flag};
    } else if (const std::string r = env_value(env, "GITHUB_REF"); starts_with(r, "refs/pull/")) {
      ref = {r, FactSource::k_environment};
      pr_number = std::string(split(r.substr(10), '/').front());
    } else {
      throw Error("a pull_request event needs its number: pass --pr NUMBER", "--pr");
    }
    head_ref = pick(sim.branch, env_value(env, "GITHUB_HEAD_REF"), git.branch);
    base_ref = pick({}, env_value(env, "GITHUB_BASE_REF"), git.default_branch);
    if (head_ref.value.empty()) {
      out.hints.push_back("head branch: unknown (detached HEAD); pass --branch NAME");
    }
  } else if (event.value == "schedule") {
    ref = pick({}, env_value(env, "GITHUB_REF"),
               git.default_branch.empty() ? "" : "refs/heads/" + git.default_branch);
  } else {
    std::string flag_ref = sim.ref;
    if (!sim.tag.empty()) flag_ref = "refs/tags/" + sim.tag;
    if (!sim.branch.empty()) flag_ref = "refs/heads/" + sim.branch;
    ref = pick(flag_ref, env_value(env, "GITHUB_REF"), checkout_ref(git));
  }
  if (ref.value.empty()) {
    out.hints.push_back(event.value == "schedule"
                            ? "ref: unknown, a schedule runs on the default branch and it is "
                              "unknown; pass --default-branch or set GITHUB_REF"
                        : checkout ? "ref: unknown, HEAD is detached and no tag points at it; "
                                     "pass --branch NAME or --tag NAME"
                                   : "ref: unknown; pass --branch NAME or --tag NAME");
  }

  // The commit's time, when the run's commit is HEAD.
  std::string commit_time;
  if (!sha.value.empty() && sha.value == git.head_sha && checkout) {
    commit_time = format_iso8601(git.head_time_s * 1000);
  }

  fact("event", event);
  fact("ref", ref);
  fact("sha", sha);
  fact("repository", repository);
  fact("server", server);
  fact("default branch", default_branch);
  fact("commit time", {commit_time, commit_time.empty() ? FactSource::k_default : FactSource::k_git});
  if (pull_request) {
    fact("pull request", {pr_number, ref.source});
    fact("head branch", head_ref);
    fact("base branch", base_ref);
  }

  // The runner's variables.
  auto& vars = out.variables;
  const auto set = [&vars](const char* name, const std::string& value) {
    if (!value.empty()) vars.emplace_back(name, value);
  };
  set("GITHUB_EVENT_NAME", event.value);
  set("GITHUB_REF", ref.value);
  auto [ref_name, ref_type] = ref_name_and_type(ref.value);
  if (ref.source == FactSource::k_environment) {
    ref_name = pick({}, env_value(env, "GITHUB_REF_NAME"), ref_name).value;
    ref_type = pick({}, env_value(env, "GITHUB_REF_TYPE"), ref_type).value;
  }
  set("GITHUB_REF_NAME", ref_name);
  set("GITHUB_REF_TYPE", ref_type);
  set("GITHUB_SHA", sha.value);
  set("GITHUB_REPOSITORY", repository.value);
  set("GITHUB_REPOSITORY_OWNER", owner);
  set("GITHUB_SERVER_URL", server.value);
  if (pull_request) {
    set("GITHUB_HEAD_REF", head_ref.value);
    set("GITHUB_BASE_REF", base_ref.value);
  }

  // The event payload: the fields GitHub sends for this event.
  JsonObject repo;
  if (!repository.value.empty()) {
    repo.str("name", repository.value.substr(repository.value.find('/') + 1))
        .str("full_name", repository.value)
        .raw("owner", JsonObject().str("login", owner).text())
        .str("html_url", server.value + "/" + repository.value);
  }
  if (!default_branch.value.empty()) repo.str("default_branch", default_branch.value);
  JsonObject payload;
  if (pull_request) {
    JsonObject head;
    head.str("ref", head_ref.value).str("sha", sha.value);
    JsonObject base;
    base.str("ref", base_ref.value);
    if (!git.default_branch_sha.empty() && base_ref.value == git.default_branch) {
      base.str("sha", git.default_branch_sha);
    }
    payload.str("action", "synchronize")
        .raw("number", pr_number)
        .raw("pull_request", JsonObject()
                                 .raw("number", pr_number)
                                 .raw("head", head.text())
                                 .raw("base", base.text())
                                 .text());
  } else if (event.value == "schedule") {
    payload.str("schedule", "local");
  } else if (event.value == "workflow_dispatch") {
    payload.str("ref", ref.value).raw("inputs", "{}");
  } else {
    payload.str("ref", ref.value).str("after", sha.value).raw("base_ref", "null");
    if (!commit_time.empty()) {
      payload.raw("head_commit",
                  JsonObject().str("id", sha.value).str("timestamp", commit_time).text());
    }
  }
  payload.raw("repository", repo.text());
  out.payload_json = payload.text();
  return out;
}

}  // namespace berth::core
