// SPDX-License-Identifier: MIT
#include "core/meta_context.hpp"

#include "core/error.hpp"
#include "core/moment.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

const TimeZones& zones_of(const MetaContext& mctx) {
  static const UtcTimeZones k_utc;
  return mctx.zones != nullptr ? *mctx.zones : k_utc;
}

std::string zone_of(const Mustache& m) {
  for (const auto& [key, value] : m.hash) {
    if (key == "tz") {
      return value.text;
    }
  }
  return "UTC";
}

ZoneOffset offset_of(const std::string& zone, EpochMs t, const MetaContext& mctx) {
  const auto offset = zones_of(mctx).offset(zone, t);
  if (!offset) {
    throw Error("unknown time zone \"" + zone + "\" (an IANA name such as Europe/Paris)");
  }
  return *offset;
}

// {{is_default_branch}}: metadata-action compares the ref minus refs/heads/
// with the default branch, and takes the events that always run on the
// default branch as default-branch runs.
bool is_default_branch(const MetaContext& mctx) {
  for (std::string_view event : {"create", "discussion", "issues", "schedule"}) {
    if (mctx.event_name.find(event) != std::string::npos) {
      return true;
    }
  }
  std::string_view branch = mctx.ref;
  if (starts_with(branch, "refs/heads/")) {
    branch.remove_prefix(11);
  }
  return !mctx.default_branch.empty() && branch == mctx.default_branch;
}

}  // namespace

std::string where(const std::string& input, std::size_t line, std::string_view text) {
  return input + (line == 0 ? std::string() : ": line " + std::to_string(line)) + " \"" +
         std::string(text) + "\": ";
}

std::string MetaContext::short_sha() const { return sha.substr(0, short_sha_length); }

std::string MetaContext::branch() const { return std::string(branch_of(ref)); }

std::string MetaContext::tag() const { return std::string(tag_of(ref)); }

MetaContext make_meta_context(const GitHubContext& ctx, const Clock& clock,
                              const std::string& default_branch) {
  MetaContext m;
  m.event_name = ctx.event_name;
  m.ref = ctx.ref;
  if (ctx.event_name == "pull_request_target") {
    // GITHUB_REF is the base branch there; metadata-action names the run
    // after the pull request (src/context.ts).
    if (!ctx.pr_number) {
      throw Error::variable(
          "pull_request_target event without a pull request number in the payload",
          "GITHUB_EVENT_PATH");
    }
    m.ref = "refs/pull/" + std::to_string(*ctx.pr_number) + "/merge";
  }
  m.sha = ctx.sha;
  if (ctx.docker_metadata_pr_head_sha && starts_with(ctx.event_name, "pull_request") &&
      !ctx.pr_head_sha.empty()) {
    m.sha = ctx.pr_head_sha;
  }
  if (ctx.docker_metadata_short_sha_length) {
    m.short_sha_length = *ctx.docker_metadata_short_sha_length;
  }
  m.default_branch = default_branch.empty() ? ctx.repo.default_branch : default_branch;
  m.payload_base_ref = ctx.payload_base_ref;
  m.pr_base_ref = ctx.pr_base_ref;
  m.now = clock.source_date_epoch.value_or(clock.now);
  m.commit_date = ctx.commit_time.value_or(m.now);
  m.zones = clock.zones;
  return m;
}

std::string global_value(const Mustache& m, const MetaContext& mctx) {
  if (m.name == "date" || m.name == "commit_date") {
    const EpochMs t = m.name == "date" ? mctx.now : mctx.commit_date;
    // An unquoted format is a Handlebars path, which is undefined: moment
    // then uses its default format.
    std::optional<std::string_view> format;
    if (!m.params.empty() && m.params.front().quoted) {
      format = m.params.front().text;
    }
    return format_moment(format, t, offset_of(zone_of(m), t, mctx));
  }
  if (m.name == "branch") {
    return mctx.branch();
  }
  if (m.name == "tag") {
    return mctx.tag();
  }
  if (m.name == "sha") {
    return mctx.short_sha();
  }
  if (m.name == "base_ref") {
    if (starts_with(mctx.ref, "refs/tags/")) {
      std::string_view base = mctx.payload_base_ref;
      return std::string(starts_with(base, "refs/heads/") ? base.substr(11) : base);
    }
    return starts_with(mctx.ref, "refs/pull/") ? mctx.pr_base_ref : std::string();
  }
  if (m.name == "is_default_branch") {
    return is_default_branch(mctx) ? "true" : "false";
  }
  if (m.name == "is_not_default_branch") {
    return is_default_branch(mctx) ? "false" : "true";
  }
  return {};  // parse_template let no other name through
}

std::string render_global(std::string_view text, const MetaContext& mctx,
                          const std::string& input, std::size_t line,
                          std::string_view shown) {
  try {
    const Template t = parse_template(text, TemplateScope::k_global);
    return render_template(t, [&](const Mustache& m) { return global_value(m, mctx); });
  } catch (const Error& e) {
    throw Error(where(input, line, shown.empty() ? text : shown) + e.what(), input);
  }
}

void check_zones(std::string_view text, TemplateScope scope, const MetaContext& mctx,
                 const std::string& input, std::size_t line, std::string_view shown) {
  try {
    for (const Template::Part& part : parse_template(text, scope).parts) {
      if (part.mustache && !part.mustache->hash.empty()) {
        offset_of(zone_of(*part.mustache), mctx.now, mctx);
      }
    }
  } catch (const Error& e) {
    throw Error(where(input, line, shown.empty() ? text : shown) + e.what(), input);
  }
}

}  // namespace berth::core
