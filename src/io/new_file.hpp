// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace berth::io {

// Creates the file `path` with `content` (0644), never replacing one: throws
// Error naming `path` when it exists or cannot be written.
void write_new_file(const std::string& path, const std::string& content);

// Returns whether anything exists at `path`.
bool path_exists(const std::string& path);

}  // namespace berth::io
