// SPDX-License-Identifier: MIT
#include "core/packages.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

constexpr std::string_view k_marker = "#berth-packages 1";

// Lines of `text` split at LF (a CR before it dropped), the last one kept
// only when it is not empty.
std::vector<std::string_view> raw_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

std::string line_error(std::string_view what, std::size_t n, std::string_view line) {
  std::string shown(line.substr(0, 80));
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20) {
      c = ' ';
    }
  }
  return std::string(what) + ": line " + std::to_string(n) + " \"" + shown + "\"";
}

}  // namespace

void sort_packages(std::vector<Package>& packages) {
  std::sort(packages.begin(), packages.end(), [](const Package& a, const Package& b) {
    return a.name != b.name ? a.name < b.name : a.version < b.version;
  });
  packages.erase(std::unique(packages.begin(), packages.end()), packages.end());
}

std::string package_collector_script() {
  // POSIX sh (dash, busybox ash): `command -v` finds each tool; a tool's
  // stderr is dropped (pip's notices), its status kept.
  return "echo '#berth-packages 1'\n"
         "if command -v dpkg-query >/dev/null 2>&1; then\n"
         "  echo '#section dpkg'\n"
         "  dpkg-query -W -f '${Package}\\t${Version}\\t${Architecture}\\n' 2>/dev/null\n"
         "  echo \"#end $?\"\n"
         "fi\n"
         "for p in python3 python; do\n"
         "  if command -v \"$p\" >/dev/null 2>&1 && \"$p\" -m pip --version >/dev/null "
         "2>&1; then\n"
         "    if out=$(PIP_DISABLE_PIP_VERSION_CHECK=1 \"$p\" -m pip list --format=json "
         "2>/dev/null); then\n"
         "      echo '#section pip'; printf '%s\\n' \"$out\"; echo '#end 0'\n"
         "    else\n"
         "      echo '#section pip-freeze'\n"
         "      PIP_DISABLE_PIP_VERSION_CHECK=1 \"$p\" -m pip freeze 2>/dev/null\n"
         "      echo \"#end $?\"\n"
         "    fi\n"
         "    break\n"
         "  fi\n"
         "done\n"
         "for c in conda mamba micromamba; do\n"
         "  if command -v \"$c\" >/dev/null 2>&1; then\n"
         "    out=$(\"$c\" list --json 2>/dev/null); s=$?\n"
         "    echo '#section conda'; printf '%s\\n' \"$out\"; echo \"#end $s\"\n"
         "    break\n"
         "  fi\n"
         "done\n";
}

std::vector<std::string> package_collector_argv(const std::string& docker,
                                                const std::string& image) {
  return {docker,         "run", "--rm", "--pull=never", "--network=none",
          "--entrypoint", "sh",  image,  "-c",           package_collector_script()};
}

std::optional<std::vector<PackageSection>> split_collector_output(
    std::string_view output) {
  const auto lines = raw_lines(output);
  auto it = std::find(lines.begin(), lines.end(), k_marker);
  if (it == lines.end()) {
    return std::nullopt;
  }
  std::vector<PackageSection> sections;
  std::optional<PackageSection> open;
  for (++it; it != lines.end(); ++it) {
    const std::string_view line = *it;
    if (!open) {
      if (starts_with(line, "#section ")) {
        open = PackageSection{std::string(trim(line.substr(9))), {}, 0};
      }
      continue;  // anything else between sections is not ours
    }
    if (starts_with(line, "#end ")) {
      const std::string_view status = trim(line.substr(5));
      int value = 0;
      for (const char c : status) {
        value = is_digit(c) && value < 1000 ? value * 10 + (c - '0') : 255;
      }
      open->status = status.empty() ? 255 : value;
      sections.push_back(std::move(*open));
      open.reset();
      continue;
    }
    open->body.append(line).push_back('\n');
  }
  if (open) {
    throw Error("the package list of " + open->tool + " ends early (the output was cut)");
  }
  return sections;
}

std::vector<Package> parse_dpkg_list(std::string_view text) {
  std::vector<Package> packages;
  std::vector<std::string> arches;
  std::size_t n = 0;
  for (const std::string_view line : raw_lines(text)) {
    ++n;
    if (trim(line).empty()) {
      continue;
    }
    const auto fields = split(line, '\t');
    if (fields.size() != 3 || fields[0].empty()) {
      throw Error(line_error("the dpkg package list", n, line) +
                  " is not \"package<TAB>version<TAB>architecture\"");
    }
    packages.push_back({std::string(fields[0]), std::string(fields[1])});
    arches.emplace_back(fields[2]);
  }
  // multiarch: the same name installed for two architectures
  std::map<std::string, int> count;
  for (const auto& p : packages) {
    ++count[p.name];
  }
  for (std::size_t i = 0; i < packages.size(); ++i) {
    if (count[packages[i].name] > 1) {
      packages[i].name += ":" + arches[i];
    }
  }
  sort_packages(packages);
  return packages;
}

std::string normalize_pip_name(std::string_view name) {
  std::string out;
  bool sep = false;
  for (const char c : trim(name)) {
    if (c == '-' || c == '_' || c == '.') {
      sep = true;
      continue;
    }
    if (sep && !out.empty()) {
      out += '-';
    }
    sep = false;
    out += static_cast<char>(is_upper(c) ? c - 'A' + 'a' : c);
  }
  return out;
}

std::vector<Package> parse_pip_freeze(std::string_view text) {
  std::vector<Package> packages;
  for (const std::string_view raw : raw_lines(text)) {
    const std::string_view line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == '-') {
      continue;
    }
    if (const auto eq = line.find("=="); eq != std::string_view::npos) {
      packages.push_back({normalize_pip_name(line.substr(0, eq)),
                          std::string(trim(line.substr(eq + 2)))});
    } else if (const auto at = line.find(" @ "); at != std::string_view::npos) {
      packages.push_back({normalize_pip_name(line.substr(0, at)),
                          std::string(trim(line.substr(at + 3)))});
    }
  }
  sort_packages(packages);
  return packages;
}

std::vector<Package> parse_conda_export(std::string_view text) {
  std::vector<Package> packages;
  std::size_t n = 0;
  for (const std::string_view raw : raw_lines(text)) {
    ++n;
    const std::string_view line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == '@') {
      continue;
    }
    const auto fields = split(line, '=');
    if (fields.size() < 2 || fields[0].empty() || fields[1].empty()) {
      throw Error(line_error("the conda package list", n, line) +
                  " is not \"name=version=build\"");
    }
    packages.push_back({std::string(fields[0]), std::string(fields[1])});
  }
  sort_packages(packages);
  return packages;
}

std::string package_manifest_json(const PackageManifest& m) {
  std::string out = "{\"berthPackages\":1,\"tools\":{";
  bool first_tool = true;
  for (const auto& [tool, packages] : m.tools) {
    out += first_tool ? "" : ",";
    first_tool = false;
    out += json_string(tool) + ":[";
    for (std::size_t i = 0; i < packages.size(); ++i) {
      out += i == 0 ? "[" : ",[";
      out += json_string(packages[i].name) + "," + json_string(packages[i].version) + "]";
    }
    out += "]";
  }
  return out + "}}\n";
}

std::string package_manifest_text(const PackageManifest& m) {
  std::string out;
  for (const auto& [tool, packages] : m.tools) {
    std::size_t width = 0;
    for (const auto& p : packages) {
      width = std::max(width, p.name.size());
    }
    out += "# " + tool + " (" + std::to_string(packages.size()) +
           (packages.size() == 1 ? " package)\n" : " packages)\n");
    for (const auto& p : packages) {
      out += p.name + std::string(width - p.name.size() + 2, ' ') + p.version + "\n";
    }
  }
  return out.empty() ? "# no package tool found (dpkg, pip, conda)\n" : out;
}

std::string package_file_stem(std::string_view name) {
  std::string out;
  for (const char c : name) {
    out += is_alnum(c) || c == '.' || c == '_' || c == '-' ? c : '-';
  }
  const auto start = out.find_first_not_of('.');  // no hidden files, no ".."
  out = start == std::string::npos ? std::string() : out.substr(start);
  return out.empty() ? "image" : out;
}

}  // namespace berth::core
