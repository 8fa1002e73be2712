// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace berth::io {

using Outputs = std::vector<std::pair<std::string, std::string>>;

// Appends `outputs` to the GITHUB_OUTPUT file at `path` in heredoc form, with
// a fresh random delimiter per run. Every entry is formatted (and checked)
// before the file is opened, so a refused value writes nothing. Throws Error.
void write_outputs(const std::string& path, const Outputs& outputs);

// Appends `markdown` to the job summary file at `path`. The runner drops a
// summary over 1 MiB whole, so a longer one is cut with a note. Throws Error.
void write_summary(const std::string& path, const std::string& markdown);

}  // namespace berth::io
