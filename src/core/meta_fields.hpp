// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/meta_csv.hpp"
#include "core/meta_template.hpp"

// The fields of one line of a metadata-action rule input (`tags`, `flavor`,
// `images`), shared by their parsers (core/meta_rules.hpp).
namespace berth::core {

// Throws Error naming `input`, the line of `item` and its text, then `what`.
[[noreturn]] void fail_item(const std::string& input, const ListItem& item,
                            const std::string& what);

// Splits a field of a rule: "key=value" at the first '=' (metadata-action's
// /(?<=^[^=]+?)=/), the key lowercased, both trimmed; a bare value gets an
// empty key. Throws nothing.
std::pair<std::string, std::string> split_field(std::string_view field);

// Returns the CSV fields of `item`, without the empty ones a stray comma
// leaves. Throws Error naming `input` and the line on bad quoting.
std::vector<std::string> fields_of(const ListItem& item, const std::string& input);

// Checks that `text`, the value of `key`, is a template valid in `scope`.
// Throws Error naming `input`, the line and `key` when it is not.
void check_template(const std::string& input, const ListItem& item,
                    const std::string& key, const std::string& text, TemplateScope scope);

// Returns whether `s` is "true" or "false". Throws nothing.
bool is_true_or_false(std::string_view s);

}  // namespace berth::core
