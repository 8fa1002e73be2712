// SPDX-License-Identifier: MIT
#include "core/package_diff.hpp"

#include <map>

#include "core/version_order.hpp"

namespace berth::core {
namespace {

constexpr PackageChangeKind k_kinds[] = {
    PackageChangeKind::k_added, PackageChangeKind::k_removed,
    PackageChangeKind::k_upgraded, PackageChangeKind::k_downgraded,
    PackageChangeKind::k_changed};

// The tools of both manifests: the known ones in their order, then others.
std::vector<std::string> tools_of(const PackageManifest& a, const PackageManifest* b) {
  std::vector<std::string> tools;
  for (const char* t : k_package_tools) {
    if (a.tools.count(t) != 0 || (b != nullptr && b->tools.count(t) != 0)) {
      tools.emplace_back(t);
    }
  }
  auto add_others = [&tools](const PackageManifest& m) {
    for (const auto& entry : m.tools) {
      bool known = false;
      for (const auto& t : tools) {
        known = known || t == entry.first;
      }
      if (!known) {
        tools.push_back(entry.first);
      }
    }
  };
  add_others(a);
  if (b != nullptr) {
    add_others(*b);
  }
  return tools;
}

// Escapes text from an image for a Markdown table cell.
std::string cell(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '|':
        out += "\\|";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '`':
        out += "&#96;";
        break;
      case '*':
        out += "\\*";
        break;
      case '_':
        out += "\\_";
        break;
      case '[':
        out += "\\[";
        break;
      case ']':
        out += "\\]";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

const std::vector<Package>& packages_of(const PackageManifest& m,
                                        const std::string& tool) {
  static const std::vector<Package> none;
  const auto it = m.tools.find(tool);
  return it == m.tools.end() ? none : it->second;
}

}  // namespace

std::size_t PackageDiff::count(PackageChangeKind kind, const std::string& tool) const {
  std::size_t n = 0;
  for (const auto& c : changes) {
    n += c.kind == kind && (tool.empty() || c.tool == tool) ? 1 : 0;
  }
  return n;
}

const char* package_change_word(PackageChangeKind kind) {
  switch (kind) {
    case PackageChangeKind::k_added:
      return "added";
    case PackageChangeKind::k_removed:
      return "removed";
    case PackageChangeKind::k_upgraded:
      return "upgraded";
    case PackageChangeKind::k_downgraded:
      return "downgraded";
    case PackageChangeKind::k_changed:
      break;
  }
  return "changed";
}

std::optional<int> compare_package_versions(const std::string& tool, const std::string& a,
                                            const std::string& b) {
  if (tool == "dpkg") {
    return compare_debian_versions(a, b);
  }
  if (tool == "pip") {
    return compare_pep440_versions(a, b);
  }
  return compare_conda_versions(a, b);
}

PackageDiff diff_package_manifests(const PackageManifest& before,
                                   const PackageManifest& after) {
  PackageDiff diff;
  for (const auto& tool : tools_of(after, &before)) {
    std::map<std::string, std::string> old_versions;
    for (const auto& p : packages_of(before, tool)) {
      old_versions[p.name] = p.version;
    }
    std::map<std::string, PackageChange> changes;
    for (const auto& p : packages_of(after, tool)) {
      const auto it = old_versions.find(p.name);
      if (it == old_versions.end()) {
        changes[p.name] = {tool, p.name, "", p.version, PackageChangeKind::k_added};
        continue;
      }
      if (it->second != p.version) {
        const auto order = compare_package_versions(tool, it->second, p.version);
        PackageChangeKind kind = PackageChangeKind::k_changed;
        if (order && *order < 0) {
          kind = PackageChangeKind::k_upgraded;
        } else if (order && *order > 0) {
          kind = PackageChangeKind::k_downgraded;
        }
        changes[p.name] = {tool, p.name, it->second, p.version, kind};
      }
      old_versions.erase(it);
    }
    for (const auto& [name, version] : old_versions) {
      changes[name] = {tool, name, version, "", PackageChangeKind::k_removed};
    }
    for (auto& entry : changes) {
      diff.changes.push_back(std::move(entry.second));
    }
  }
  return diff;
}

std::string package_summary_markdown(const std::string& image,
                                     const PackageManifest& after,
                                     const std::optional<PackageManifest>& before,
                                     std::size_t fold_after) {
  std::string out = "#### Packages of " + cell(image) + "\n\n";
  if (after.tools.empty()) {
    return out + "No package tool found in the image (dpkg, pip, conda).\n\n";
  }
  const PackageDiff diff =
      before ? diff_package_manifests(*before, after) : PackageDiff{};
  if (!before) {
    out += "No manifest of a previous build to compare with.\n\n";
  }
  out += "| tool | packages | added | removed | upgraded | downgraded |\n";
  out += "|---|--:|--:|--:|--:|--:|\n";
  for (const auto& tool : tools_of(after, before ? &*before : nullptr)) {
    const auto n = packages_of(after, tool).size();
    out += "| " + cell(tool) + " | " +
           (after.tools.count(tool) != 0 ? std::to_string(n) : "—");
    for (const auto kind :
         {PackageChangeKind::k_added, PackageChangeKind::k_removed,
          PackageChangeKind::k_upgraded, PackageChangeKind::k_downgraded}) {
      out += " | " + (before ? std::to_string(diff.count(kind, tool)) : std::string("—"));
    }
    out += " |\n";
  }
  out += "\n";
  if (!before) {
    return out;
  }
  if (diff.changes.empty()) {
    return out + "No package changed since the previous build.\n\n";
  }
  std::string table =
      "| tool | package | change | before | after |\n|---|---|---|---|---|\n";
  for (const auto& c : diff.changes) {
    table += "| " + cell(c.tool) + " | " + cell(c.name) + " | " +
             package_change_word(c.kind) + " | " + cell(c.before) + " | " +
             cell(c.after) + " |\n";
  }
  if (diff.changes.size() <= fold_after) {
    return out + table + "\n";
  }
  std::string counts;
  for (const auto kind : k_kinds) {
    if (const auto n = diff.count(kind); n != 0) {
      counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " +
                package_change_word(kind);
    }
  }
  return out + "<details><summary>" + std::to_string(diff.changes.size()) +
         " packages changed (" + counts + ")</summary>\n\n" + table + "\n</details>\n\n";
}

std::string package_diff_text(const PackageDiff& diff) {
  if (diff.changes.empty()) {
    return "no package changed\n";
  }
  std::string out;
  for (const auto& c : diff.changes) {
    out += c.tool + "  " + package_change_word(c.kind) + "  " + c.name + "  " +
           (c.before.empty() ? "-" : c.before) + " -> " +
           (c.after.empty() ? "-" : c.after) + "\n";
  }
  return out;
}

}  // namespace berth::core
