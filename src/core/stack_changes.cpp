// SPDX-License-Identifier: MIT
// Which images of a stack build, and why; the path globs of rebuild-all; the
// last commit the whole stack was built from.
#include "core/stack_changes.hpp"

#include <algorithm>
#include <set>

#include "core/text.hpp"
#include "core/time.hpp"

namespace berth::core {
namespace {

using Segments = std::vector<std::string_view>;

// Returns `text` split at '/', a trailing '/' dropped.
Segments segments(std::string_view text) {
  if (!text.empty() && text.back() == '/') {
    text.remove_suffix(1);
  }
  return split(text, '/');
}

// Returns whether one path segment matches one glob segment (`*`, `?`).
bool segment_matches(std::string_view pattern, std::string_view text) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

// Returns whether the glob segments from `p` match the path segments from `t`
// exactly; `**` takes any number of segments, none included.
bool segments_match(const Segments& pattern, std::size_t p, const Segments& path, std::size_t t) {
  if (p == pattern.size()) {
    return t == path.size();
  }
  if (pattern[p] == "**") {
    for (std::size_t skip = t; skip <= path.size(); ++skip) {
      if (segments_match(pattern, p + 1, path, skip)) {
        return true;
      }
    }
    return false;
  }
  return t < path.size() && segment_matches(pattern[p], path[t]) &&
         segments_match(pattern, p + 1, path, t + 1);
}

// Returns whether `path` is `dir` or lies under it ("." or "": everything).
bool under(std::string_view path, std::string_view dir) {
  while (starts_with(dir, "./")) {
    dir.remove_prefix(2);
  }
  if (!dir.empty() && dir.back() == '/') {
    dir.remove_suffix(1);
  }
  if (dir.empty() || dir == ".") {
    return true;
  }
  return path == dir || (starts_with(path, dir) && path.size() > dir.size() && path[dir.size()] == '/');
}

// Returns "FIRST" or "FIRST (+N more)" for the non-empty `items`.
std::string first_and_more(const std::vector<std::string>& items) {
  std::string out = items.front();
  if (items.size() > 1) {
    out += " (+" + std::to_string(items.size() - 1) + " more)";
  }
  return out;
}

bool is_short_sha(std::string_view s) {
  return s.size() == 7 && std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); });
}

// Returns whether the calendar prefix `a` ("2023.10") is later than the one
// `tag` starts with ("2023.9-abc1234"); both are YYYY.N.
bool newer_prefix(std::string_view a, std::string_view tag) {
  const std::string_view b = tag.substr(0, tag.rfind('-'));
  const auto period = [](std::string_view p) { return std::stoi(std::string(p.substr(5))); };
  if (a.substr(0, 4) != b.substr(0, 4)) {
    return a.substr(0, 4) > b.substr(0, 4);
  }
  return a.size() >= 6 && b.size() >= 6 && period(a) > period(b);
}

}  // namespace

std::string glob_problem(std::string_view pattern) {
  if (trim(pattern).empty()) {
    return "an empty pattern";
  }
  if (pattern.front() == '/') {
    return "a leading '/' (patterns are relative to the repository root)";
  }
  if (pattern.find('[') != std::string_view::npos || pattern.find(']') != std::string_view::npos) {
    return "'[' or ']' (character classes are not supported)";
  }
  if (pattern.find('\\') != std::string_view::npos) {
    return "a '\\' (paths are '/'-separated; there is no escaping)";
  }
  for (std::string_view segment : segments(pattern)) {
    if (segment.empty()) {
      return "an empty path segment ('//')";
    }
    if (segment == "." || segment == "..") {
      return "a '" + std::string(segment) + "' segment";
    }
    if (segment != "**" && segment.find("**") != std::string_view::npos) {
      return "'**' inside a segment (\"" + std::string(segment) + "\"; write **/ or /**)";
    }
  }
  return {};
}

bool glob_matches(std::string_view pattern, std::string_view path) {
  const Segments pat = segments(pattern);
  const Segments full = segments(path);
  for (std::size_t n = 1; n <= full.size(); ++n) {
    const Segments lead(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    if (segments_match(pat, 0, lead, 0)) {
      return true;
    }
  }
  return false;
}

std::vector<StackDecision> decide_stack(const Stack& stack, const ChangeSet& changes) {
  std::vector<std::string> rebuild_all;
  for (const std::string& path : changes.paths) {
    const bool hit = std::any_of(stack.rebuild_all.begin(), stack.rebuild_all.end(),
                                 [&](const std::string& glob) { return glob_matches(glob, path); });
    if (hit) {
      rebuild_all.push_back(path);
    }
  }
  std::set<std::string> building;
  std::vector<StackDecision> out;
  for (const StackImage& image : stack.images) {
    StackDecision d{image.name, StackAction::k_build, {}};
    std::vector<std::string> own;
    for (const std::string& path : changes.paths) {
      if (under(path, image.context) || path == image.dockerfile) {
        own.push_back(path);
      }
    }
    std::vector<std::string> parents;
    for (const StackParent& p : image.parents) {
      if (building.count(p.name) != 0) {
        add_unique(parents, p.name);
      }
    }
    if (changes.all) {
      d.reason = changes.all_reason.empty() ? std::string("every image rebuilds") : changes.all_reason;
    } else if (!rebuild_all.empty()) {
      d.reason = "rebuild-all: " + first_and_more(rebuild_all);
    } else if (!own.empty()) {
      d.reason = "changed: " + first_and_more(own);
    } else if (!parents.empty()) {
      d.reason = (parents.size() == 1 ? "parent " : "parents ") + join(parents, ", ") +
                 (parents.size() == 1 ? " builds" : " build");
    } else {
      d.action = StackAction::k_retag;
      const std::string since = !changes.base_tag.empty()  ? changes.base_tag
                                : !changes.base_sha.empty() ? changes.base_sha.substr(0, 7)
                                                            : std::string("the last build");
      d.reason = "unchanged since " + since;
    }
    if (d.action == StackAction::k_build) {
      building.insert(image.name);
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<LastBuild> find_last_build(const std::vector<std::string>& history,
                                         const std::vector<std::vector<std::string>>& tags_per_image,
                                         std::string_view prefix) {
  if (tags_per_image.empty()) {
    return std::nullopt;
  }
  for (const std::string& sha : history) {
    const std::string short_sha = to_lower(sha.substr(0, 7));
    if (!is_short_sha(short_sha)) {
      continue;
    }
    std::string best;
    for (const std::string& tag : tags_per_image.front()) {
      const std::size_t dash = tag.rfind('-');
      if (dash == std::string::npos || tag.substr(dash + 1) != short_sha) {
        continue;
      }
      const std::string_view head = std::string_view(tag).substr(0, dash);
      const bool prefix_ok = prefix.empty() ? is_calver_prefix(head) : head == prefix;
      const bool everywhere =
          std::all_of(tags_per_image.begin() + 1, tags_per_image.end(), [&](const auto& tags) {
            return std::find(tags.begin(), tags.end(), tag) != tags.end();
          });
      if (prefix_ok && everywhere && (best.empty() || (prefix.empty() && newer_prefix(head, best)))) {
        best = tag;
      }
    }
    if (!best.empty()) {
      return LastBuild{sha, best};
    }
  }
  return std::nullopt;
}

}  // namespace berth::core
