// SPDX-License-Identifier: MIT
#include "io/github_context.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "core/error.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace berth::io {
namespace {

using rapidjson::Value;

const char* const k_payload = "GITHUB_EVENT_PATH";

[[noreturn]] void bad_field(const std::string& path, const char* expected) {
  throw Error::variable("event payload: " + path + " is not " + expected, k_payload);
}

// Returns the member `key` of object `v`, or nullptr if `v` is no object,
// has no such member, or the member is null.
const Value* member(const Value* v, const char* key) {
  if (v == nullptr || !v->IsObject()) {
    return nullptr;
  }
  const auto it = v->FindMember(key);
  if (it == v->MemberEnd() || it->value.IsNull()) {
    return nullptr;
  }
  return &it->value;
}

std::string string_at(const Value* v, const char* key, const std::string& path) {
  const Value* m = member(v, key);
  if (m == nullptr) {
    return {};
  }
  if (!m->IsString()) {
    bad_field(path + "." + key, "a string");
  }
  return std::string(m->GetString(), m->GetStringLength());
}

std::optional<core::EpochMs> time_at(const Value* v, const std::string& path) {
  const std::string text = string_at(v, "timestamp", path);
  if (text.empty()) {
    return std::nullopt;
  }
  const auto t = core::parse_rfc3339(text);
  if (!t) {
    bad_field(path + ".timestamp", "an RFC 3339 time");
  }
  return t;
}

// The commit time of the built commit: its entry in `commits`, else
// `head_commit` when that is the built commit.
std::optional<core::EpochMs> commit_time(const Value& doc, const std::string& sha) {
  if (const Value* commits = member(&doc, "commits")) {
    if (!commits->IsArray()) {
      bad_field("commits", "an array");
    }
    for (const Value& c : commits->GetArray()) {
      if (string_at(&c, "id", "commits[]") == sha && !sha.empty()) {
        return time_at(&c, "commits[]");
      }
    }
  }
  const Value* head = member(&doc, "head_commit");
  if (head != nullptr && string_at(head, "id", "head_commit") == sha && !sha.empty()) {
    return time_at(head, "head_commit");
  }
  return std::nullopt;
}

// docker/metadata-action's environment switches (its README, "Environment
// variables"); they shape its tag rules only.
void read_metadata_action_env(const Env& env, core::GitHubContext& ctx) {
  const char* const k_head_sha = "DOCKER_METADATA_PR_HEAD_SHA";
  const std::string head_sha = core::to_lower(core::trim(env.get(k_head_sha)));
  if (head_sha != "" && head_sha != "true" && head_sha != "false") {
    throw Error::variable("\"" + head_sha + "\" is not true or false", k_head_sha);
  }
  ctx.docker_metadata_pr_head_sha = head_sha == "true";
  const std::string length(core::trim(env.get("DOCKER_METADATA_SHORT_SHA_LENGTH")));
  if (length.empty()) {
    return;
  }
  if (length.size() > 3 || !std::all_of(length.begin(), length.end(), core::is_digit) ||
      std::stoi(length) == 0) {
    throw Error::variable("\"" + length + "\" is not a positive number of characters",
                "DOCKER_METADATA_SHORT_SHA_LENGTH");
  }
  ctx.docker_metadata_short_sha_length = static_cast<std::size_t>(std::stoi(length));
}

}  // namespace

void apply_event_payload(std::string_view json, core::GitHubContext& ctx) {
  // Iterative: the recursive parser overflows the stack on deep nesting
  // (a 2 MB "[[[[..." payload crashed berth).
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(json.data(), json.size());
  if (doc.HasParseError()) {
    throw Error::variable(std::string("event payload is not valid JSON: ") +
                    rapidjson::GetParseError_En(doc.GetParseError()) + " at byte " +
                    std::to_string(doc.GetErrorOffset()),
                k_payload);
  }
  if (!doc.IsObject()) {
    throw Error::variable("event payload is not a JSON object", k_payload);
  }
  if (const Value* repo = member(&doc, "repository")) {
    if (!repo->IsObject()) {
      bad_field("repository", "an object");
    }
    ctx.repo.default_branch = string_at(repo, "default_branch", "repository");
    ctx.repo.name = string_at(repo, "name", "repository");
    ctx.repo.html_url = string_at(repo, "html_url", "repository");
    ctx.repo.description = string_at(repo, "description", "repository");
    ctx.repo.license = string_at(member(repo, "license"), "spdx_id", "repository.license");
  }
  ctx.commit_time = commit_time(doc, ctx.sha);
  ctx.payload_base_ref = string_at(&doc, "base_ref", "payload");
  if (const Value* pr = member(&doc, "pull_request")) {
    if (!pr->IsObject()) {
      bad_field("pull_request", "an object");
    }
    if (const Value* n = member(pr, "number")) {
      if (!n->IsInt64() || n->GetInt64() <= 0) {
        bad_field("pull_request.number", "a positive integer");
      }
      ctx.pr_number = n->GetInt64();
    }
    ctx.pr_head_sha = string_at(member(pr, "head"), "sha", "pull_request.head");
    ctx.pr_head_ref = string_at(member(pr, "head"), "ref", "pull_request.head");
    ctx.pr_base_ref = string_at(member(pr, "base"), "ref", "pull_request.base");
    ctx.pr_base_sha = string_at(member(pr, "base"), "sha", "pull_request.base");
  }
  if (!ctx.pr_number) {
    // pull_request_target and issue_comment payloads carry the number on top.
    if (const Value* n = member(&doc, "number"); n != nullptr && n->IsInt64() &&
                                                 n->GetInt64() > 0) {
      ctx.pr_number = n->GetInt64();
    }
  }
  if (const Value* inputs = member(&doc, "inputs")) {
    if (!inputs->IsObject()) {
      bad_field("inputs", "an object");
    }
    for (const auto& m : inputs->GetObject()) {
      std::string value;
      if (m.value.IsString()) {
        value.assign(m.value.GetString(), m.value.GetStringLength());
      } else if (m.value.IsBool()) {
        value = m.value.GetBool() ? "true" : "false";
      } else if (m.value.IsNumber()) {
        value = std::to_string(m.value.GetDouble());
      }
      ctx.dispatch_inputs.emplace_back(m.name.GetString(), value);
    }
  }
}

core::GitHubContext read_github_context(const Env& env) {
  core::GitHubContext ctx;
  ctx.event_name = env.get("GITHUB_EVENT_NAME");
  ctx.ref = env.get("GITHUB_REF");
  ctx.ref_name = env.get("GITHUB_REF_NAME");
  ctx.ref_type = env.get("GITHUB_REF_TYPE");
  ctx.sha = env.get("GITHUB_SHA");
  ctx.repository = env.get("GITHUB_REPOSITORY");
  ctx.repository_owner = env.get("GITHUB_REPOSITORY_OWNER");
  ctx.actor = env.get("GITHUB_ACTOR");
  ctx.run_number = env.get("GITHUB_RUN_NUMBER");
  ctx.run_id = env.get("GITHUB_RUN_ID");
  ctx.server_url = env.get("GITHUB_SERVER_URL");
  ctx.head_ref = env.get("GITHUB_HEAD_REF");
  ctx.base_ref = env.get("GITHUB_BASE_REF");
  ctx.workflow = env.get("GITHUB_WORKFLOW");

  read_metadata_action_env(env, ctx);

  if (!ctx.event_name.empty() && !core::is_known_event(ctx.event_name)) {
    throw Error::variable("\"" + ctx.event_name + "\" is not an event GitHub starts workflows with",
                "GITHUB_EVENT_NAME");
  }
  const std::string path = env.get(k_payload);
  if (path.empty()) {
    return ctx;  // a local run: no payload, the GITHUB_* variables only
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw Error::variable("cannot read the event payload \"" + path + "\"", k_payload);
  }
  std::ostringstream text;
  text << file.rdbuf();
  apply_event_payload(text.str(), ctx);
  return ctx;
}

}  // namespace berth::io
