// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// The two CSV passes docker/metadata-action puts its list inputs through
// (csv-parse with relax_quotes, relax_column_count and skip_empty_lines).
namespace berth::core {

// One item of a list input and the input line it starts on.
struct ListItem {
  std::string text;
  std::size_t line = 0;  // 1-based
};

// Splits the list input `text` as @docker/actions-toolkit's getInputList does
// with ignoreComma: the trimmed text is parsed as CSV, each record's fields
// are joined again with ',' (so one level of double quotes is gone), and the
// items are trimmed, empty ones dropped. With `comments`, a record whose first
// character is '#' is a comment; a '#' anywhere else is text. Throws Error
// naming `input` on a quote that is not closed or is followed by text.
std::vector<ListItem> split_list_input(std::string_view text, const std::string& input,
                                       bool comments);

// How a build-push-action list input is split: the options of
// @docker/actions-toolkit's Util.getInputList that berth's inputs use.
struct ListOptions {
  bool ignore_comma = false;  // false: commas separate items too
  bool trim = true;           // false: neither the value nor an item is trimmed (`secrets`)
};

// Splits the list input `text` as Util.getInputList does (csv-parse with
// relax_quotes, no comments): with ignore_comma a record's fields are joined
// again with ',' (one level of double quotes gone, so a quoted item may span
// lines); without it a record of one field is split at ',' and a record of
// several gives its fields. Items that are empty, or
// only blanks, are dropped. Throws Error naming `input` and the line on a
// quote that is not closed or is followed by text (no item text is quoted).
std::vector<ListItem> split_input_list(std::string_view text, const std::string& input,
                                       ListOptions options);

// Splits one item into its CSV fields, unquoted ("" inside quotes is one '"')
// and untrimmed, as metadata-action parses a tag, flavor or image line. Throws
// Error naming `input` and `line` on bad quoting or a line break in the item.
std::vector<std::string> split_csv_fields(std::string_view item, const std::string& input,
                                          std::size_t line);

}  // namespace berth::core
