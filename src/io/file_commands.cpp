// SPDX-License-Identifier: MIT
#include "io/file_commands.hpp"

#include <cstdio>

#include "core/error.hpp"
#include "core/workflow.hpp"
#include "io/random.hpp"

namespace berth::io {
namespace {

// actions/runner CreateStepSummaryCommand.AttachmentSizeLimit.
constexpr std::size_t k_summary_limit = 1024 * 1024;

void append(const std::string& path, const std::string& text, const char* variable) {
  std::FILE* f = std::fopen(path.c_str(), "ab");
  if (f == nullptr) {
    throw Error::variable("cannot open " + std::string(variable) + " file \"" + path + "\"",
                variable);
  }
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) {
    throw Error::variable("cannot write " + std::string(variable) + " file \"" + path + "\"",
                variable);
  }
}

}  // namespace

void write_outputs(const std::string& path, const Outputs& outputs) {
  const std::string delimiter = "berth_" + random_token();
  std::string text;
  for (const auto& [name, value] : outputs) {
    text += core::heredoc_entry(name, value, delimiter);
  }
  append(path, text, "GITHUB_OUTPUT");
}

void write_summary(const std::string& path, const std::string& markdown) {
  if (markdown.size() <= k_summary_limit) {
    append(path, markdown, "GITHUB_STEP_SUMMARY");
    return;
  }
  const std::string note = "\n\n*(summary cut at 1 MiB, the runner's limit)*\n";
  append(path, markdown.substr(0, k_summary_limit - note.size()) + note,
         "GITHUB_STEP_SUMMARY");
}

}  // namespace berth::io
