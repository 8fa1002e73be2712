// SPDX-License-Identifier: MIT
#include "core/meta_template.hpp"

#include <algorithm>
#include <array>

#include "core/error.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

constexpr std::array<std::string_view, 6> k_global_names = {
    "branch", "tag", "sha", "base_ref", "is_default_branch", "is_not_default_branch"};
constexpr std::array<std::string_view, 7> k_semver_names = {
    "raw", "version", "major", "minor", "patch", "prerelease", "build"};
constexpr std::array<std::string_view, 5> k_pep440_names = {"raw", "version", "major",
                                                            "minor", "patch"};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

template <std::size_t N>
std::string list(const std::array<std::string_view, N>& names) {
  std::string out;
  for (std::string_view n : names) {
    out += (out.empty() ? "" : ", ") + std::string(n);
  }
  return out;
}

std::string shown(const Mustache& m) {
  return "{{" + m.name + (m.params.empty() && m.hash.empty() ? "}}" : " ...}}");
}

// Splits the inside of a mustache into words; a quoted string is one word,
// quotes kept, and "key='a b'" is one word too.
std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    while (pos < s.size() && is_blank(s[pos])) {
      ++pos;
    }
    if (pos >= s.size()) {
      break;
    }
    std::string word;
    while (pos < s.size() && !is_blank(s[pos])) {
      if (s[pos] == '\'' || s[pos] == '"') {
        const char quote = s[pos];
        const auto end = s.find(quote, pos + 1);
        if (end == std::string_view::npos) {
          throw Error("a quote is not closed in {{" + std::string(s) + "}}");
        }
        word += s.substr(pos, end - pos + 1);
        pos = end + 1;
      } else {
        word += s[pos++];
      }
    }
    out.push_back(std::move(word));
  }
  return out;
}

TemplateParam param_of(std::string_view word) {
  if (word.size() >= 2 && (word[0] == '\'' || word[0] == '"') && word.back() == word[0]) {
    return {true, std::string(word.substr(1, word.size() - 2))};
  }
  return {false, std::string(word)};
}

Mustache parse_mustache(std::string_view inside, bool escape) {
  inside = trim(inside);
  if (!inside.empty() && inside[0] == '&') {  // {{& name}} is {{{name}}}
    escape = false;
    inside = trim(inside.substr(1));
  }
  if (inside.empty()) {
    throw Error("empty {{}}");
  }
  if (std::string_view("#/^>~").find(inside[0]) != std::string_view::npos ||
      inside.back() == '~' || inside == "else") {
    throw Error("{{" + std::string(inside) +
                "}}: block helpers, partials and whitespace control are not supported");
  }
  Mustache m;
  m.escape = escape;
  const std::vector<std::string> ws = words(inside);
  m.name = ws.front();
  for (std::size_t i = 1; i < ws.size(); ++i) {
    const std::string& w = ws[i];
    const auto eq = w.find('=');
    if (eq != std::string::npos && eq > 0 && w[0] != '\'' && w[0] != '"') {
      m.hash.emplace_back(w.substr(0, eq), param_of(std::string_view(w).substr(eq + 1)));
    } else if (!m.hash.empty()) {
      throw Error("{{" + std::string(inside) + "}}: an argument follows a key=value");
    } else {
      m.params.push_back(param_of(w));
    }
  }
  return m;
}

// The date helpers: {{date 'FORMAT' tz='Zone'}}, the format optional.
void check_date_helper(const Mustache& m) {
  if (m.params.size() > 1) {
    throw Error(shown(m) + " takes one format, as in {{" + m.name + " 'YYYYMMDD'}}");
  }
  for (const auto& [key, value] : m.hash) {
    if (key != "tz") {
      throw Error(shown(m) + ": unknown attribute " + key + " (only tz is known)");
    }
    if (!value.quoted) {
      throw Error(shown(m) + ": write the time zone in quotes, as in tz='Europe/Paris'");
    }
  }
}

void check_name(const Mustache& m, TemplateScope scope) {
  const bool is_date = m.name == "date" || m.name == "commit_date";
  if (is_date &&
      (scope == TemplateScope::k_global || scope == TemplateScope::k_schedule)) {
    check_date_helper(m);
    return;
  }
  bool known = false;
  std::string names;
  switch (scope) {
    case TemplateScope::k_global:
      known = contains(k_global_names, m.name);
      names = list(k_global_names) + ", date, commit_date";
      break;
    case TemplateScope::k_semver:
      known = contains(k_semver_names, m.name);
      names = list(k_semver_names);
      break;
    case TemplateScope::k_pep440:
      known = contains(k_pep440_names, m.name);
      names = list(k_pep440_names);
      break;
    case TemplateScope::k_schedule:
      names = "date, commit_date";
      break;
  }
  if (!known) {
    throw Error("{{" + m.name + "}} is not known here (known: " + names + ")");
  }
  if (!m.params.empty() || !m.hash.empty()) {
    throw Error("{{" + m.name + "}} takes no arguments");
  }
}

}  // namespace

bool Template::has_mustache() const {
  return std::any_of(parts.begin(), parts.end(),
                     [](const Part& p) { return p.mustache.has_value(); });
}

bool Template::is_only(std::string_view name) const {
  return parts.size() == 1 && parts.front().mustache &&
         parts.front().mustache->name == name && parts.front().mustache->params.empty() &&
         parts.front().mustache->hash.empty();
}

Template parse_template(std::string_view text, TemplateScope scope) {
  Template t;
  std::string literal;
  std::size_t pos = 0;
  const auto flush = [&] {
    if (!literal.empty()) {
      t.parts.push_back({std::move(literal), std::nullopt});
      literal.clear();
    }
  };
  while (pos < text.size()) {
    const auto open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      literal += text.substr(pos);
      break;
    }
    if (open > pos && text[open - 1] == '\\') {  // \{{ is literal text
      literal += text.substr(pos, open - pos - 1);
      literal += "{{";
      pos = open + 2;
      continue;
    }
    literal += text.substr(pos, open - pos);
    if (starts_with(text.substr(open), "{{!--")) {
      const auto end = text.find("--}}", open + 5);
      if (end == std::string_view::npos) {
        throw Error("a {{!-- comment is not closed");
      }
      pos = end + 4;
      continue;
    }
    const bool triple = starts_with(text.substr(open), "{{{");
    const std::string_view close = triple ? "}}}" : "}}";
    const std::size_t start = open + (triple ? 3 : 2);
    const auto end = text.find(close, start);
    if (end == std::string_view::npos) {
      throw Error("\"" + std::string(text.substr(open)) + "\" is not closed with " +
                  std::string(close));
    }
    const std::string_view inside = text.substr(start, end - start);
    pos = end + close.size();
    if (!triple && !inside.empty() && inside[0] == '!') {  // {{! comment }}
      continue;
    }
    Mustache m = parse_mustache(inside, !triple);
    check_name(m, scope);
    flush();
    t.parts.push_back({{}, std::move(m)});
  }
  flush();
  return t;
}

std::string render_template(const Template& t,
                            const std::function<std::string(const Mustache&)>& eval) {
  std::string out;
  for (const Template::Part& part : t.parts) {
    if (!part.mustache) {
      out += part.text;
    } else if (part.mustache->escape) {
      out += html_escape(eval(*part.mustache));
    } else {
      out += eval(*part.mustache);
    }
  }
  return out;
}

std::string html_escape(std::string_view s) {
  // Handlebars' escapeExpression table.
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#x27;";
        break;
      case '`':
        out += "&#x60;";
        break;
      case '=':
        out += "&#x3D;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace berth::core
