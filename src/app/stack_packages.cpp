// SPDX-License-Identifier: MIT
#include "app/stack_packages.hpp"

#include "app/packages.hpp"
#include "core/package_diff.hpp"

namespace berth::app {
namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void str(Writer& w, const char* key, const std::string& v) {
  w.Key(key);
  w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
}

// The outcome of `image`'s step of `kind`, or nothing.
const StepOutcome* outcome_of(const StackReport& r, core::StepKind kind, const std::string& image) {
  for (std::size_t i = 0; i < r.plan.steps.size() && i < r.execution.outcomes.size(); ++i) {
    if (r.plan.steps[i].kind == kind && r.plan.steps[i].stack_image == image) {
      return &r.execution.outcomes[i];
    }
  }
  return nullptr;
}

}  // namespace

std::string packages_dir_for(Services& s, const std::string& build_tag) {
  return private_base(s.env, s.files) + "/berth-packages-" + build_tag;
}

std::string written_packages_dir(const StackReport& r) {
  for (std::size_t i = 0; i < r.plan.steps.size() && i < r.execution.outcomes.size(); ++i) {
    const auto& p = r.execution.outcomes[i].packages;
    if (r.plan.steps[i].kind == core::StepKind::k_packages && p && !p->files.empty()) {
      return r.plan.steps[i].dir;
    }
  }
  return {};
}

void write_image_packages(Writer& w, const StackReport& r, const std::string& image) {
  const StepOutcome* listed = outcome_of(r, core::StepKind::k_packages, image);
  if (listed == nullptr || listed->status == StepStatus::k_planned ||
      listed->status == StepStatus::k_not_run) {
    return;
  }
  const StepOutcome* stored = outcome_of(r, core::StepKind::k_packages_store, image);
  w.Key("packages");
  w.StartObject();
  const PackagesResult* p = listed->packages.get();
  w.Key("tools");
  w.StartObject();
  if (p != nullptr && p->manifest) {
    for (const auto& [tool, packages] : p->manifest->tools) {
      w.Key(tool.c_str());
      w.StartObject();
      w.Key("packages");
      w.Uint64(packages.size());
      if (p->previous) {
        for (const auto kind : {core::PackageChangeKind::k_added, core::PackageChangeKind::k_removed,
                                core::PackageChangeKind::k_upgraded,
                                core::PackageChangeKind::k_downgraded,
                                core::PackageChangeKind::k_changed}) {
          w.Key(core::package_change_word(kind));
          w.Uint64(p->diff.count(kind, tool));
        }
      }
      w.EndObject();
    }
  }
  w.EndObject();
  w.Key("compared");
  w.Bool(p != nullptr && p->previous.has_value());
  w.Key("files");
  w.StartArray();
  for (const std::string& f : p == nullptr ? std::vector<std::string>{} : p->files) {
    w.String(f.c_str(), static_cast<rapidjson::SizeType>(f.size()));
  }
  w.EndArray();
  w.Key("notes");
  w.StartArray();
  for (const std::string& n : p == nullptr ? std::vector<std::string>{listed->note} : p->notes) {
    w.String(n.c_str(), static_cast<rapidjson::SizeType>(n.size()));
  }
  w.EndArray();
  w.Key("read_requests");
  w.Int(listed->registry_requests);
  if (stored != nullptr && stored->status == StepStatus::k_done) {
    str(w, "artifact", stored->digest);
    w.Key("store_requests");
    w.Int(stored->registry_requests);
  }
  w.EndObject();
}

std::string stack_packages_summary(const StackReport& r) {
  std::string md;
  for (std::size_t i = 0; i < r.plan.steps.size() && i < r.execution.outcomes.size(); ++i) {
    const core::Step& step = r.plan.steps[i];
    const StepOutcome& o = r.execution.outcomes[i];
    if (step.kind != core::StepKind::k_packages ||
        (o.status != StepStatus::k_done && o.status != StepStatus::k_failed)) {
      continue;
    }
    if (o.packages == nullptr) {
      md += "#### Packages of " + step.stack_image + "\n\n" + o.note + "\n\n";
      continue;
    }
    md += o.packages->markdown;
    const StepOutcome* stored = outcome_of(r, core::StepKind::k_packages_store, step.stack_image);
    if (stored != nullptr && stored->status == StepStatus::k_done && !stored->digest.empty()) {
      md += "Stored next to `" + step.target.str() + "` as `" + stored->digest + "`.\n\n";
    }
  }
  if (md.empty()) {
    return md;
  }
  const std::string dir = written_packages_dir(r);
  return "\n### packages\n\n" +
         (dir.empty() ? std::string() : "Files in `" + dir + "` (the `packages-dir` output).\n\n") +
         md;
}

}  // namespace berth::app
