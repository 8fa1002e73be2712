// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

// What may reach the step log. The runner reads a step's output line by line
// and takes some lines for workflow commands; these functions decide how
// untrusted text is printed so that it always prints as text. Pure: io/
// writes the lines (io::Console).
namespace berth::core {

// Splits `text` as the runner splits a step's output (StreamReader.ReadLine):
// "\r\n", "\r" and "\n" each end a line. Returns at least one line; text that
// ends with a line break gives an empty last line.
std::vector<std::string_view> runner_lines(std::string_view text);

// Returns the number of bytes of whitespace at the start of `line`, read as
// UTF-8: every code point .NET's char.IsWhiteSpace accepts (ASCII blanks and
// controls U+0009-U+000D, U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028,
// U+2029, U+202F, U+205F, U+3000) plus a margin the runner does not trim
// today (U+001C-U+001F, U+180E, U+200B, U+FEFF). Invalid UTF-8 ends it.
std::size_t leading_space(std::string_view line);

// Returns `text` without the whitespace of leading_space at either end.
std::string_view trim_space(std::string_view text);

// Returns whether the runner may read `line` (one line, no line breaks) as a
// workflow command: "::" after leading whitespace (ActionCommand.TryParseV2),
// or "##[" anywhere (the legacy TryParse). Any command name counts, known or
// not, since the runner matches names case-insensitively and more may come.
bool may_be_command(std::string_view line);

// Returns whether `token` occurs in `text`, ignoring ASCII case (the runner
// compares a stop-commands token with OrdinalIgnoreCase).
bool contains_token(std::string_view text, std::string_view token);

// Returns the log lines that print `text` as text: its runner lines, and, when
// any of them may be read as a command, those lines between
// "::stop-commands::TOKEN" and "::TOKEN::". TOKEN comes from `new_token`,
// drawn again while it occurs in `text`. Returned lines hold no CR or LF.
// Throws Error when `new_token` returns an empty token or one with a line
// break or ':' (it could not fence anything).
std::vector<std::string> text_lines(std::string_view text,
                                    const std::function<std::string()>& new_token);

// Returns the lines of a secret the runner must mask, one ::add-mask:: each:
// every runner line of `secret`, trimmed (trim_space), that is not blank.
// The runner masks a log line by line, so a multi-line secret registered as
// one value would never match; each of its lines must be registered.
std::vector<std::string_view> secret_lines(std::string_view secret);

}  // namespace berth::core
