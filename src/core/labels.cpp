// SPDX-License-Identifier: MIT
#include "core/labels.hpp"

#include <map>

namespace berth::core {

Labels oci_labels(const GitHubContext& ctx, const std::string& version, EpochMs created,
                  const std::vector<std::string>& extra) {
  const std::string repo_url = !ctx.repo.html_url.empty() ? ctx.repo.html_url
                               : ctx.repository.empty()
                                   ? std::string()
                                   : (ctx.server_url.empty() ? std::string("https://github.com")
                                                             : ctx.server_url) +
                                         "/" + ctx.repository;
  std::string title = ctx.repo.name;
  if (title.empty()) {
    title = ctx.repository.substr(ctx.repository.find('/') + 1);
  }
  // Annotation keys: https://github.com/opencontainers/image-spec/blob/main/annotations.md
  std::map<std::string, std::string> labels = {
      {"org.opencontainers.image.created", format_iso8601(created)},
      {"org.opencontainers.image.description", ctx.repo.description},
      {"org.opencontainers.image.licenses", ctx.repo.license},
      {"org.opencontainers.image.revision", effective_sha(ctx)},
      {"org.opencontainers.image.source", repo_url},
      {"org.opencontainers.image.title", title},
      {"org.opencontainers.image.url", repo_url},
      {"org.opencontainers.image.version", version},
  };
  for (const std::string& line : extra) {
    const auto eq = line.find('=');
    if (eq != std::string::npos && eq > 0) {
      labels[line.substr(0, eq)] = line.substr(eq + 1);
    }
  }
  return {labels.begin(), labels.end()};
}

}  // namespace berth::core
