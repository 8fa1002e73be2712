// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.hpp"

namespace berth::core {

// The repository fields of the event payload (`repository.*`).
struct RepositoryInfo {
  std::string default_branch;
  std::string name;
  std::string html_url;
  std::string description;
  std::string license;  // license.spdx_id
};

// What GitHub tells a step about the run: the GITHUB_* variables and the
// fields berth reads from the event payload. Plain data, filled by io/.
struct GitHubContext {
  std::string event_name;  // GITHUB_EVENT_NAME
  std::string ref;         // GITHUB_REF: refs/heads/x, refs/tags/v1, refs/pull/7/merge
  std::string ref_name;    // GITHUB_REF_NAME
  std::string ref_type;    // GITHUB_REF_TYPE: branch or tag
  std::string sha;         // GITHUB_SHA
  std::string repository;  // GITHUB_REPOSITORY: owner/name
  std::string repository_owner;
  std::string actor;
  std::string run_number;
  std::string run_id;
  std::string server_url;  // GITHUB_SERVER_URL, "https://github.com"
  std::string head_ref;    // GITHUB_HEAD_REF (pull requests)
  std::string base_ref;    // GITHUB_BASE_REF (pull requests)
  std::string workflow;

  RepositoryInfo repo;                   // payload.repository
  std::optional<EpochMs> commit_time;    // the built commit's time, if known
  std::optional<long long> pr_number;    // payload.pull_request.number
  std::string pr_head_sha;               // payload.pull_request.head.sha
  std::string pr_head_ref;               // payload.pull_request.head.ref
  std::string pr_base_ref;               // payload.pull_request.base.ref
  std::string pr_base_sha;               // payload.pull_request.base.sha
  std::string payload_base_ref;          // payload.base_ref (tag pushes)
  std::vector<std::pair<std::string, std::string>> dispatch_inputs;  // workflow_dispatch inputs

  // docker/metadata-action's switches, from the step's environment; they
  // apply when its tag rules are used.
  bool docker_metadata_pr_head_sha = false;  // DOCKER_METADATA_PR_HEAD_SHA=true
  // DOCKER_METADATA_SHORT_SHA_LENGTH
  std::optional<std::size_t> docker_metadata_short_sha_length;
};

// Returns whether `event` is an event GitHub can start a workflow with
// (https://docs.github.com/actions/reference/events-that-trigger-workflows).
bool is_known_event(std::string_view event);

// Returns whether the run is for a pull request: a pull_request* event, or a
// ref under refs/pull/.
bool is_pull_request(const GitHubContext& ctx);

// Returns the commit an image of this run is built from and named after: the
// pull request's head commit on pull requests (not GitHub's synthetic merge
// commit), else GITHUB_SHA.
std::string effective_sha(const GitHubContext& ctx);

// Returns the pull request number, from the payload or else from the ref
// refs/pull/<n>/merge. Returns nothing when neither has it.
std::optional<long long> pull_request_number(const GitHubContext& ctx);

// Returns the branch name of a refs/heads/ ref, or "".
std::string_view branch_of(std::string_view ref);
// Returns the tag name of a refs/tags/ ref, or "".
std::string_view tag_of(std::string_view ref);

// Returns whether `secret`, without surrounding whitespace, has the shape of
// a token GitHub issues: ghs_ (the job's github.token), ghp_, gho_, ghu_, ghr_
// and github_pat_, each followed by letters, digits and '_' only
// (github.blog/2021-04-05-behind-githubs-new-authentication-token-formats),
// or a classic token of 40 hexadecimal digits.
bool is_github_token(std::string_view secret);

// Returns whether `host` (any case, with or without ":port" or a trailing
// dot) is a registry run by the GitHub at `server_url` (GITHUB_SERVER_URL):
// ghcr.io and docker.pkg.github.com, or on GitHub Enterprise Server
// https://HOST[:port] its containers.HOST and docker.HOST. Look-alikes
// (ghcr.io.example.com, evilghcr.io) are not.
bool is_github_registry(std::string_view host, std::string_view server_url);

}  // namespace berth::core
