// SPDX-License-Identifier: MIT
#include "core/meta_csv.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

struct Record {
  std::vector<std::string> fields;
  std::size_t line = 0;
};

bool is_record_end(std::string_view s, std::size_t pos) {
  return pos >= s.size() || s[pos] == '\n' || s[pos] == '\r';
}

// Steps over one record delimiter (LF, CRLF or CR) at `pos`.
std::size_t skip_record_end(std::string_view s, std::size_t pos, std::size_t& line) {
  if (pos < s.size() && s[pos] == '\r') {
    ++pos;
  }
  if (pos < s.size() && s[pos] == '\n') {
    ++pos;
  }
  ++line;
  return pos;
}

// A small CSV reader with csv-parse's relaxed rules: a field is quoted only
// when its first character is '"'; quotes inside an unquoted field are text
// (relax_quotes); records may have any number of fields; empty lines are
// skipped (https://csv.js.org/parse/options/).
std::vector<Record> parse_csv(std::string_view s, bool comments, const std::string& input,
                              std::size_t first_line) {
  std::vector<Record> records;
  std::size_t pos = 0;
  std::size_t line = first_line;
  const auto fail = [&](std::size_t at_line, const std::string& what) {
    throw Error(input + ": line " + std::to_string(at_line) + ": " + what, input);
  };
  while (pos < s.size()) {
    if (s[pos] == '\n' || s[pos] == '\r') {  // an empty line
      pos = skip_record_end(s, pos, line);
      continue;
    }
    if (comments && s[pos] == '#') {  // comment_no_infix: only at a record's start
      while (!is_record_end(s, pos)) {
        ++pos;
      }
      pos = skip_record_end(s, pos, line);
      continue;
    }
    Record record;
    record.line = line;
    while (true) {
      std::string field;
      if (pos < s.size() && s[pos] == '"') {
        const std::size_t open_line = line;
        ++pos;
        while (true) {
          if (pos >= s.size()) {
            fail(open_line, "a double quote is not closed");
          }
          if (s[pos] == '"') {
            if (pos + 1 < s.size() && s[pos + 1] == '"') {
              field += '"';
              pos += 2;
              continue;
            }
            ++pos;
            break;
          }
          if (s[pos] == '\n') {
            ++line;
          }
          field += s[pos++];
        }
        if (!is_record_end(s, pos) && s[pos] != ',') {
          fail(
              line,
              "text after a closing double quote (write \"\" for a quote inside quotes)");
        }
      } else {
        while (!is_record_end(s, pos) && s[pos] != ',') {
          field += s[pos++];
        }
      }
      record.fields.push_back(std::move(field));
      if (pos < s.size() && s[pos] == ',') {
        ++pos;
        continue;
      }
      break;
    }
    records.push_back(std::move(record));
    if (pos < s.size()) {
      pos = skip_record_end(s, pos, line);
    }
  }
  return records;
}

}  // namespace

std::vector<ListItem> split_list_input(std::string_view text, const std::string& input,
                                       bool comments) {
  // The runner's getInput() trims the whole value first; count the lines it
  // removes so that line numbers still point into the text as written.
  std::size_t first_line = 1;
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) {
    return {};
  }
  for (std::size_t i = 0; i < start; ++i) {
    first_line += text[i] == '\n' ? 1 : 0;
  }
  std::vector<ListItem> items;
  for (Record& record : parse_csv(trim(text), comments, input, first_line)) {
    std::string joined = join(record.fields, ",");
    const std::string_view item = trim(joined);
    if (!item.empty()) {
      items.push_back({std::string(item), record.line});
    }
  }
  return items;
}

std::vector<ListItem> split_input_list(std::string_view text, const std::string& input,
                                       ListOptions options) {
  std::size_t first_line = 1;
  if (options.trim) {
    const auto start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) {
      return {};
    }
    for (std::size_t i = 0; i < start; ++i) {
      first_line += text[i] == '\n' ? 1 : 0;
    }
    text = trim(text);
  }
  std::vector<ListItem> items;
  const auto keep = [&](std::string_view item, std::size_t line) {
    if (trim(item).empty()) {
      return;
    }
    items.push_back({std::string(options.trim ? trim(item) : item), line});
  };
  for (Record& record : parse_csv(text, false, input, first_line)) {
    if (options.ignore_comma) {
      keep(join(record.fields, ","), record.line);
      continue;
    }
    if (record.fields.size() > 1) {  // a quoted field keeps its commas here
      for (const std::string& field : record.fields) {
        keep(field, record.line);
      }
      continue;
    }
    for (std::string_view piece : split(record.fields.front(), ',')) {
      keep(piece, record.line);
    }
  }
  return items;
}

std::vector<std::string> split_csv_fields(std::string_view item, const std::string& input,
                                          std::size_t line) {
  std::vector<Record> records = parse_csv(item, false, input, line);
  if (records.empty()) {
    return {};
  }
  if (records.size() > 1) {
    throw Error(input + ": line " + std::to_string(line) + ": \"" + std::string(item) +
                    "\" spans several lines",
                input);
  }
  return std::move(records.front().fields);
}

}  // namespace berth::core
