// SPDX-License-Identifier: MIT
#include "core/tag.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

constexpr const char* k_tag_shape =
    " is not a valid tag (it must start with a letter, digit or '_' and have at most "
    "128 characters)";

bool is_tag_char(char c) { return is_alnum(c) || c == '_' || c == '.' || c == '-'; }

// Removes leading '.' and '-' and cuts to the longest tag.
std::string trim_to_shape(std::string tag) {
  tag.erase(0, std::min(tag.find_first_not_of(".-"), tag.size()));
  if (tag.size() > k_max_tag_length) {
    tag.resize(k_max_tag_length);
  }
  return tag;
}

[[noreturn]] void refuse(const TagPart& part, const std::string& why) {
  throw Error(part.origin.where + part.what + " \"" + part.text + "\"" + why,
              part.origin.input);
}

}  // namespace

bool is_valid_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > k_max_tag_length) {
    return false;
  }
  if (!(is_alnum(tag[0]) || tag[0] == '_')) {
    return false;
  }
  return std::all_of(tag.begin(), tag.end(), is_tag_char);
}

std::string sanitize_tag_keep_case(std::string_view tag) {
  // metadata-action: tag.replace(/[^a-zA-Z0-9._-]+/g, '-')
  std::string out;
  out.reserve(tag.size());
  bool in_run = false;
  for (char c : tag) {
    if (is_tag_char(c)) {
      out += c;
      in_run = false;
    } else if (!in_run) {
      out += '-';
      in_run = true;
    }
  }
  return out;
}

std::string sanitize_tag(std::string_view name) {
  return trim_to_shape(sanitize_tag_keep_case(to_lower(name)));
}

std::string make_tag(const std::vector<TagPart>& parts, const TagOrigin& rule,
                     std::vector<std::string>& warnings) {
  std::string joined;
  std::size_t written_length = 0;
  const TagPart* first = nullptr;  // the part the tag starts with
  for (const TagPart& part : parts) {
    if (part.written) {
      if (!std::all_of(part.text.begin(), part.text.end(), is_tag_char)) {
        refuse(part,
               " holds a character a tag cannot hold (only letters, digits, '_', "
               "'.' and '-')");
      }
      written_length += part.text.size();
    }
    if (first == nullptr && !part.text.empty()) {
      first = &part;
    }
    joined += part.text;
  }
  const std::string tag = sanitize_tag_keep_case(joined);
  const bool bad_start = !tag.empty() && (tag[0] == '.' || tag[0] == '-');
  if (bad_start && first->written) {
    refuse(*first, " starts the tag \"" + tag + "\", which" + k_tag_shape);
  }
  if (written_length > k_max_tag_length) {
    // The longest written part is the one to shorten.
    const TagPart& part = *std::max_element(
        parts.begin(), parts.end(), [](const TagPart& a, const TagPart& b) {
          return (a.written ? a.text.size() : 0) < (b.written ? b.text.size() : 0);
        });
    throw Error(part.origin.where + "\"" + tag + "\"" + k_tag_shape +
                    ": its own text has " + std::to_string(written_length) +
                    " characters",
                part.origin.input);
  }
  const std::string fixed = trim_to_shape(tag);
  if (fixed != tag) {
    warnings.push_back(rule.where + "\"" + tag + "\"" + k_tag_shape +
                       (fixed.empty() ? "; skipped" : "; using \"" + fixed + "\""));
  }
  return fixed;
}

}  // namespace berth::core
