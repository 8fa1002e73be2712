// SPDX-License-Identifier: MIT
#include "core/reference.hpp"

#include <algorithm>
#include <utility>

#include "core/error.hpp"
#include "core/tag.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

// The grammar's limit on NAME (domain and path together).
constexpr std::size_t k_max_name_length = 255;

[[noreturn]] void fail(std::string_view text, const std::string& why,
                       const std::string& input) {
  throw Error("\"" + std::string(text) + "\" is not a valid image name: " + why,
              input);
}

// domain-component: [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
bool is_domain_component(std::string_view s) {
  if (s.empty() || !is_alnum(s.front()) || !is_alnum(s.back())) {
    return false;
  }
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return is_alnum(c) || c == '-'; });
}

// path-component: [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)*
bool is_path_component(std::string_view s) {
  if (s.empty() || !is_alnum(s.front()) || !is_alnum(s.back())) {
    return false;
  }
  std::size_t i = 0;
  while (i < s.size()) {
    if (is_digit(s[i]) || is_lower(s[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < s.size() && !is_alnum(s[end])) {
      ++end;
    }
    const std::string_view sep = s.substr(i, end - i);
    const bool dashes = sep.find_first_not_of('-') == std::string_view::npos;
    if (!(sep == "." || sep == "_" || sep == "__" || dashes)) {
      return false;
    }
    i = end;
  }
  return true;
}

// Splits "NAME" into domain and path the way the Docker CLI does: the first
// component is a domain when it holds a '.' or ':' or is "localhost".
std::pair<std::string, std::string> split_domain(std::string_view name) {
  const auto slash = name.find('/');
  if (slash != std::string_view::npos) {
    const std::string_view first = name.substr(0, slash);
    if (first.find_first_of(".:") != std::string_view::npos ||
        first == "localhost") {
      return {std::string(first), std::string(name.substr(slash + 1))};
    }
  }
  return {std::string(k_docker_hub), std::string(name)};
}

}  // namespace

bool is_valid_registry(std::string_view text) {
  std::string_view host = text;
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string_view::npos || close < 3) {
      return false;
    }
    const std::string_view ip6 = host.substr(1, close - 1);
    if (!std::all_of(ip6.begin(), ip6.end(),
                     [](char c) { return is_hex(c) || c == ':'; })) {
      return false;
    }
    host = host.substr(close + 1);
    if (host.empty()) {
      return true;
    }
    if (host.front() != ':') {
      return false;
    }
    host = host.substr(1);
    return !host.empty() && host.size() <= 5 &&
           std::all_of(host.begin(), host.end(), is_digit);
  }
  if (const auto colon = host.rfind(':'); colon != std::string_view::npos) {
    const std::string_view port = host.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), is_digit)) {
      return false;
    }
    host = host.substr(0, colon);
  }
  if (host.empty()) {
    return false;
  }
  for (std::string_view part : split(host, '.')) {
    if (!is_domain_component(part)) {
      return false;
    }
  }
  return true;
}

ImageName parse_image_name(std::string_view text, const std::string& input) {
  text = trim(text);
  if (text.empty()) {
    throw Error("image name is empty", input);
  }
  if (text.find('@') != std::string_view::npos) {
    fail(text, "a name takes no digest; berth computes the tags", input);
  }
  const std::string written = to_lower(text);
  auto [registry, path] = split_domain(written);
  if (path.find(':') != std::string::npos) {
    fail(text, "a name takes no tag; berth computes the tags", input);
  }
  if (!is_valid_registry(registry)) {
    fail(text, "invalid registry host \"" + registry + "\"", input);
  }
  if (registry == "index.docker.io" || registry == "registry-1.docker.io") {
    registry = std::string(k_docker_hub);
  }
  const auto parts = split(path, '/');
  for (std::string_view part : parts) {
    if (!is_path_component(part)) {
      fail(text,
           part.empty() ? std::string("empty path component")
                        : "invalid path component \"" + std::string(part) +
                              "\" (lowercase letters, digits and single "
                              "separators '.', '_', '__' or '-' between them)",
           input);
    }
  }
  if (registry == k_docker_hub && parts.size() == 1) {
    path = "library/" + path;
  }
  if (registry == "ghcr.io" && parts.size() < 2) {
    fail(text, "ghcr.io images are named ghcr.io/OWNER/NAME", input);
  }
  if (registry == "docker.pkg.github.com" && parts.size() != 3) {
    fail(text,
         "docker.pkg.github.com images are named "
         "docker.pkg.github.com/OWNER/REPOSITORY/NAME",
         input);
  }
  if (registry.size() + 1 + path.size() > k_max_name_length) {
    fail(text, "longer than 255 characters", input);
  }
  return ImageName{registry, path, written};
}

Reference Reference::with_tag(const ImageName& name, std::string tag) {
  return Reference{name, std::move(tag), {}};
}

Reference Reference::with_digest(const ImageName& name, std::string digest) {
  return Reference{name, {}, std::move(digest)};
}

std::string Reference::str() const {
  std::string out = name.written;
  if (!tag.empty()) {
    out += ':' + tag;
  }
  if (!digest.empty()) {
    out += '@' + digest;
  }
  return out;
}

Reference parse_reference(std::string_view text, const std::string& input) {
  text = trim(text);
  Reference ref;
  if (const auto at = text.find('@'); at != std::string_view::npos) {
    ref.digest = std::string(text.substr(at + 1));
    text = text.substr(0, at);
    const bool ok = ref.digest.size() == 71 && starts_with(ref.digest, "sha256:") &&
                    std::all_of(ref.digest.begin() + 7, ref.digest.end(),
                                [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); });
    if (!ok) {
      throw Error("\"" + ref.digest + "\" is not a valid digest (sha256:<64 hex>)",
                  input);
    }
  }
  // A ':' after the last '/' starts the tag; one before it is a port.
  const auto slash = text.rfind('/');
  const auto colon = text.rfind(':');
  if (colon != std::string_view::npos &&
      (slash == std::string_view::npos || colon > slash)) {
    ref.tag = std::string(text.substr(colon + 1));
    text = text.substr(0, colon);
    if (!is_valid_tag(ref.tag)) {
      throw Error("\"" + ref.tag + "\" is not a valid tag", input);
    }
  }
  ref.name = parse_image_name(text, input);
  return ref;
}

}  // namespace berth::core
