// SPDX-License-Identifier: MIT
#include "core/meta_fields.hpp"

#include <utility>

#include "core/error.hpp"
#include "core/text.hpp"

namespace berth::core {

void fail_item(const std::string& input, const ListItem& item, const std::string& what) {
  throw Error(
      input + ": line " + std::to_string(item.line) + " \"" + item.text + "\": " + what,
      input);
}

std::pair<std::string, std::string> split_field(std::string_view field) {
  const auto eq = field.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return {std::string(), std::string(trim(field))};
  }
  return {to_lower(trim(field.substr(0, eq))), std::string(trim(field.substr(eq + 1)))};
}

std::vector<std::string> fields_of(const ListItem& item, const std::string& input) {
  std::vector<std::string> out;
  for (std::string& f : split_csv_fields(item.text, input, item.line)) {
    if (!trim(f).empty()) {
      out.push_back(std::move(f));
    }
  }
  return out;
}

void check_template(const std::string& input, const ListItem& item,
                    const std::string& key, const std::string& text,
                    TemplateScope scope) {
  try {
    parse_template(text, scope);
  } catch (const Error& e) {
    fail_item(input, item, key + ": " + e.what());
  }
}

bool is_true_or_false(std::string_view s) { return s == "true" || s == "false"; }

}  // namespace berth::core
