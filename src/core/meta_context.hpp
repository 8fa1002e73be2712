// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/github.hpp"
#include "core/meta_template.hpp"
#include "core/scheme.hpp"
#include "core/time_zones.hpp"

// The run as docker/metadata-action sees it, and its global expressions
// ({{branch}}, {{date 'YYYYMMDD' tz='Asia/Tokyo'}}, ...).
namespace berth::core {

struct MetaContext {
  std::string event_name;
  std::string ref;  // GITHUB_REF; refs/pull/<n>/merge on pull_request_target
  std::string sha;  // GITHUB_SHA; the pull request head with DOCKER_METADATA_PR_HEAD_SHA
  std::size_t short_sha_length = 7;
  std::string default_branch;  // `default-branch`, else payload repository.default_branch
  std::string payload_base_ref;  // payload.base_ref (tag pushes)
  std::string pr_base_ref;       // payload.pull_request.base.ref
  EpochMs now = 0;               // {{date}}
  EpochMs commit_date = 0;       // {{commit_date}}
  const TimeZones* zones = nullptr;

  // Returns `sha` cut to short_sha_length ("" when there is no sha).
  std::string short_sha() const;
  // Returns the branch of a refs/heads/ ref, the tag of a refs/tags/ ref.
  std::string branch() const;
  std::string tag() const;
};

// Builds the context from the run: pull_request_target gets the ref
// refs/pull/<payload number>/merge (metadata-action's src/context.ts), the sha
// is the pull request head only when DOCKER_METADATA_PR_HEAD_SHA is set, and
// {{date}} is SOURCE_DATE_EPOCH when set, else now; {{commit_date}} is the
// commit's time from the payload, else that same time. `default_branch` is
// the `default-branch` input. Throws Error naming GITHUB_EVENT_PATH for a
// pull_request_target payload without a pull request number.
MetaContext make_meta_context(const GitHubContext& ctx, const Clock& clock,
                              const std::string& default_branch);

// Returns the context of an error message: `tags: line 2 "TEXT": `, without
// the line when `line` is 0.
std::string where(const std::string& input, std::size_t line, std::string_view text);

// Returns the value of the global expression `m` ({{branch}}, {{date ...}}),
// unescaped. Throws Error (message without context) on an unknown zone.
std::string global_value(const Mustache& m, const MetaContext& mctx);

// Renders `text` with the global expressions, HTML-escaped as Handlebars
// does. Throws Error naming `input` and `line` (and quoting `shown`, else
// `text`) on a bad template or zone.
std::string render_global(std::string_view text, const MetaContext& mctx,
                          const std::string& input, std::size_t line,
                          std::string_view shown = {});

// Checks that every time zone `text` names is known. Throws Error naming
// `input` and `line` (and quoting `shown`, else `text`) when one is not.
void check_zones(std::string_view text, TemplateScope scope, const MetaContext& mctx,
                 const std::string& input, std::size_t line, std::string_view shown = {});

}  // namespace berth::core
