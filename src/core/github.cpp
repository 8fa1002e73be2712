// SPDX-License-Identifier: MIT
#include "core/github.hpp"

#include <algorithm>
#include <array>

#include "core/log_line.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

// Every event that can trigger a workflow.
constexpr std::array<std::string_view, 36> k_events = {
    "branch_protection_rule", "check_run",
    "check_suite",            "create",
    "delete",                 "deployment",
    "deployment_status",      "discussion",
    "discussion_comment",     "dynamic",
    "fork",                   "gollum",
    "issue_comment",          "issues",
    "label",                  "merge_group",
    "milestone",              "page_build",
    "project",                "project_card",
    "project_column",         "public",
    "pull_request",           "pull_request_review",
    "pull_request_review_comment", "pull_request_target",
    "push",                   "registry_package",
    "release",                "repository_dispatch",
    "schedule",               "status",
    "watch",                  "workflow_call",
    "workflow_dispatch",      "workflow_run",
};

}  // namespace

bool is_known_event(std::string_view event) {
  return std::find(k_events.begin(), k_events.end(), event) != k_events.end();
}

bool is_pull_request(const GitHubContext& ctx) {
  return starts_with(ctx.event_name, "pull_request") ||
         starts_with(ctx.ref, "refs/pull/");
}

std::string effective_sha(const GitHubContext& ctx) {
  if (is_pull_request(ctx) && !ctx.pr_head_sha.empty()) {
    return ctx.pr_head_sha;
  }
  return ctx.sha;
}

std::optional<long long> pull_request_number(const GitHubContext& ctx) {
  if (ctx.pr_number) {
    return ctx.pr_number;
  }
  if (!starts_with(ctx.ref, "refs/pull/")) {
    return std::nullopt;
  }
  const std::string_view rest = std::string_view(ctx.ref).substr(10);
  const std::string_view digits = rest.substr(0, rest.find('/'));
  if (digits.empty() || digits.size() > 12 ||
      !std::all_of(digits.begin(), digits.end(), is_digit)) {
    return std::nullopt;
  }
  return std::stoll(std::string(digits));
}

std::string_view branch_of(std::string_view ref) {
  return starts_with(ref, "refs/heads/") ? ref.substr(11) : std::string_view();
}

std::string_view tag_of(std::string_view ref) {
  return starts_with(ref, "refs/tags/") ? ref.substr(10) : std::string_view();
}

bool is_github_token(std::string_view secret) {
  // The runner and people paste tokens with a newline or blanks around them;
  // registries would get the token all the same.
  secret = trim_space(secret);
  static constexpr std::array<std::string_view, 6> prefixes = {"ghs_", "ghp_", "gho_",
                                                               "ghu_", "ghr_", "github_pat_"};
  for (const std::string_view prefix : prefixes) {
    if (starts_with(secret, prefix) && secret.size() > prefix.size()) {
      const std::string_view rest = secret.substr(prefix.size());
      return std::all_of(rest.begin(), rest.end(),
                         [](char c) { return is_alnum(c) || c == '_'; });
    }
  }
  // Classic tokens from before 2021: 40 hexadecimal digits.
  return secret.size() == 40 && std::all_of(secret.begin(), secret.end(), is_hex);
}

namespace {

// Returns `host` lower-cased, without a trailing root dot and without a
// ":port" ("GHCR.IO.:443" is ghcr.io).
std::string host_name(std::string_view host) {
  host = trim_space(host);
  if (const auto colon = host.rfind(':'); colon != std::string_view::npos) {
    const std::string_view port = host.substr(colon + 1);
    if (std::all_of(port.begin(), port.end(), is_digit)) {
      host = host.substr(0, colon);
    }
  }
  if (ends_with(host, ".")) {
    host.remove_suffix(1);
  }
  return to_lower(host);
}

// Returns the host of an https:// `url`, or "" for any other URL.
std::string https_host(std::string_view url) {
  const std::string lowered = to_lower(trim_space(url));
  std::string_view rest = lowered;
  if (!starts_with(rest, "https://")) {
    return {};
  }
  rest = rest.substr(8);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    rest = rest.substr(at + 1);
  }
  return host_name(rest);
}

}  // namespace

bool is_github_registry(std::string_view host, std::string_view server_url) {
  const std::string name = host_name(host);
  if (name.empty()) {
    return false;
  }
  if (name == "ghcr.io" || name == "docker.pkg.github.com") {
    return true;
  }
  const std::string server = https_host(server_url);
  if (server.empty() || server == "github.com") {
    return false;
  }
  return name == "containers." + server || name == "docker." + server;
}

}  // namespace berth::core
