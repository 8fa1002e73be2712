// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The text of GitHub workflow commands and file commands, formatted with the
// runner's escaping rules. Pure: io/ writes the strings.
namespace berth::core {

// Escapes a command's data part: '%', CR and LF (in that order).
std::string escape_data(std::string_view s);
// Escapes a command property: as escape_data, plus ':' and ','.
std::string escape_property(std::string_view s);

// Returns "::name k=v,...::data" with everything escaped; properties with
// empty values are left out. The result is one line whatever `data` holds
// (CR and LF are escaped), so one message never becomes two log lines.
std::string workflow_command(std::string_view name,
                             const std::vector<std::pair<std::string, std::string>>& props,
                             std::string_view data);

// Returns one GITHUB_OUTPUT/GITHUB_ENV entry in heredoc form:
// "name<<DELIM\nvalue\nDELIM\n". Throws Error naming `name` when the value
// contains the delimiter, the delimiter is empty or holds a line break, or the
// name is not a plain identifier.
std::string heredoc_entry(std::string_view name, std::string_view value,
                          std::string_view delimiter);

}  // namespace berth::core
