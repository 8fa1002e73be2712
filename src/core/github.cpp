// SPDX-License-Identifier: MIT
#include "core/github.hpp"

#include <algorithm>
#include <array>

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

}  // namespace berth::core
