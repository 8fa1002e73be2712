// SPDX-License-Identifier: MIT
// The images a Dockerfile pulls, read as BuildKit's frontend reads them
// (docs.docker.com/reference/dockerfile: parser directives, line
// continuation, "Understand how ARG and FROM interact", variable
// substitution), without running anything.
#include "core/dockerfile_sources.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/error.hpp"
#include "core/reference.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

using Vars = std::map<std::string, std::string, std::less<>>;

// Returns the escape character the `# escape=` parser directive sets ('\\'
// by default). Directives are comments at the very top of the file.
char escape_char(std::string_view dockerfile) {
  for (std::string_view line : split(dockerfile, '\n')) {
    line = trim(line);
    if (line.empty() || line.front() != '#') {
      break;
    }
    line = trim(line.substr(1));
    const std::size_t eq = line.find('=');
    if (eq != std::string_view::npos && to_lower(trim(line.substr(0, eq))) == "escape") {
      const std::string_view value = trim(line.substr(eq + 1));
      if (value == "`") {
        return '`';
      }
    }
  }
  return '\\';
}

// One instruction, continuation lines joined, and the line it starts on (1-based).
struct Instruction {
  std::string text;
  std::size_t line = 0;
};

// Returns the instructions of `dockerfile`, continuation lines joined and
// comment lines dropped.
std::vector<Instruction> instructions(std::string_view dockerfile) {
  const char escape = escape_char(dockerfile);
  std::vector<Instruction> out;
  std::string current;
  std::size_t start = 0;
  std::size_t number = 0;
  bool continued = false;
  for (std::string_view line : split(dockerfile, '\n')) {
    ++number;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    const std::string_view trimmed = trim(line);
    if (!trimmed.empty() && trimmed.front() == '#') {
      continue;  // comments, also between continuation lines
    }
    std::string_view body = line;
    const std::string_view right = trim(body);
    const bool continues = !right.empty() && right.back() == escape;
    if (continues) {
      body = right.substr(0, right.size() - 1);
    }
    if (continued) {
      current += " ";
      current += std::string(body);
    } else {
      current = std::string(body);
      start = number;
    }
    continued = continues;
    if (!continued) {
      if (!trim(current).empty()) {
        out.push_back({std::string(trim(current)), start});
      }
      current.clear();
    }
  }
  if (!trim(current).empty()) {
    out.push_back({std::string(trim(current)), start});
  }
  return out;
}

// Splits `text` at blanks, keeping quoted parts ("a b", 'a b') whole and
// removing the quotes.
std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (char c : text) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) {
        out.push_back(word);
        word.clear();
        in_word = false;
      }
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) {
    out.push_back(word);
  }
  return out;
}

bool is_name_char(char c) { return is_alnum(c) || c == '_'; }

// Expands $X, ${X} and the ${X:-d} ${X-d} ${X:+a} ${X+a} forms with `vars`;
// an unknown variable is left as written, so the caller sees the '$'.
std::string expand(std::string_view text, const Vars& vars) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    std::string name;
    std::string op;
    std::string word;
    std::size_t end = 0;
    if (text[i + 1] == '{') {
      std::size_t close = i + 2;
      for (int depth = 1; close < text.size(); ++close) {
        depth += text[close] == '{' ? 1 : text[close] == '}' ? -1 : 0;
        if (depth == 0) {
          break;
        }
      }
      if (close >= text.size()) {
        out += text.substr(i);
        break;
      }
      const std::string_view inner = text.substr(i + 2, close - i - 2);
      std::size_t n = 0;
      while (n < inner.size() && is_name_char(inner[n])) {
        ++n;
      }
      name = std::string(inner.substr(0, n));
      const std::string_view rest = inner.substr(n);
      for (const char* o : {":-", ":+", "-", "+"}) {
        if (starts_with(rest, o)) {
          op = o;
          word = std::string(rest.substr(op.size()));
          break;
        }
      }
      if (op.empty() && !rest.empty()) {
        name.clear();  // an operator berth does not know: left as written
      }
      end = close;
    } else {
      std::size_t n = i + 1;
      while (n < text.size() && is_name_char(text[n])) {
        ++n;
      }
      name = std::string(text.substr(i + 1, n - i - 1));
      end = n - 1;
    }
    const auto it = name.empty() ? vars.end() : vars.find(name);
    const bool set = it != vars.end();
    const bool non_empty = set && !it->second.empty();
    if (name.empty()) {
      out += text.substr(i, end - i + 1);
    } else if (op == ":-") {
      out += non_empty ? it->second : expand(word, vars);
    } else if (op == "-") {
      out += set ? it->second : expand(word, vars);
    } else if (op == ":+") {
      out += non_empty ? expand(word, vars) : std::string();
    } else if (op == "+") {
      out += set ? expand(word, vars) : std::string();
    } else if (set) {
      out += it->second;
    } else {
      out += text.substr(i, end - i + 1);
    }
    i = end;
  }
  return out;
}

// Returns the NAME=value build arguments as a map; a later NAME wins.
Vars build_arg_values(const std::vector<std::string>& build_args) {
  Vars out;
  for (const std::string& arg : build_args) {
    const std::size_t eq = arg.find('=');
    if (eq != std::string::npos && eq > 0) {
      out[arg.substr(0, eq)] = arg.substr(eq + 1);
    }
  }
  return out;
}

// Sets the global ARGs an `ARG a=1 b` instruction declares: a build argument
// overrides the default; a name without default or argument stays unset.
void declare_args(const std::vector<std::string>& ws, const Vars& overrides, Vars& globals) {
  for (std::size_t i = 1; i < ws.size(); ++i) {
    const std::size_t eq = ws[i].find('=');
    const std::string name = ws[i].substr(0, eq);
    if (const auto it = overrides.find(name); it != overrides.end()) {
      globals[name] = it->second;
    } else if (eq != std::string::npos) {
      globals[name] = expand(ws[i].substr(eq + 1), globals);
    }
  }
}

// Returns the words of a FROM after its flags: image [AS name].
std::vector<std::string> from_operands(const std::vector<std::string>& ws) {
  std::vector<std::string> rest;
  for (std::size_t i = 1; i < ws.size(); ++i) {
    if (!starts_with(ws[i], "--")) {
      rest.push_back(ws[i]);
    }
  }
  return rest;
}

// Returns the value of `--flag=` in `words` (e.g. "--from"), or "".
std::string flag_value(const std::vector<std::string>& ws, std::string_view flag) {
  for (const std::string& w : ws) {
    if (starts_with(w, flag) && w.size() > flag.size() && w[flag.size()] == '=') {
      return w.substr(flag.size() + 1);
    }
  }
  return {};
}

// Returns the from= of each --mount= of a RUN.
std::vector<std::string> mount_sources(const std::vector<std::string>& ws) {
  std::vector<std::string> out;
  for (const std::string& w : ws) {
    if (!starts_with(w, "--mount=")) {
      continue;
    }
    for (std::string_view field : split(std::string_view(w).substr(8), ',')) {
      if (starts_with(field, "from=")) {
        out.emplace_back(field.substr(5));
      }
    }
  }
  return out;
}

}  // namespace

std::string reference_host(std::string_view ref) {
  try {
    return parse_reference(ref, "file").name.registry;
  } catch (const Error&) {
    return {};
  }
}

namespace {

// Where a Dockerfile's instructions stand as they are read: the global ARGs
// seen so far (build-arg overrides applied) and the stage names declared.
struct Walk {
  Vars globals;
  std::set<std::string> stages;

  // Returns `written` with the global ARGs expanded, or "" when it names no
  // image: scratch, or an earlier stage.
  std::string image(const std::string& written) const {
    const std::string image = expand(written, globals);
    if (image.empty() || to_lower(image) == "scratch" || stages.count(to_lower(image)) != 0) {
      return {};
    }
    return image;
  }
};

// Reads `dockerfile` instruction by instruction: keeps `walk` current and
// calls `on_from(written, instruction)` for each FROM (before its stage name
// is declared) and `on_other(keyword, words)` for every other instruction
// but a global ARG.
template <typename OnFrom, typename OnOther>
void walk_dockerfile(std::string_view dockerfile, const std::vector<std::string>& build_args,
                     Walk& walk, OnFrom on_from, OnOther on_other) {
  const Vars overrides = build_arg_values(build_args);
  bool in_stage = false;
  for (const Instruction& instruction : instructions(dockerfile)) {
    const std::vector<std::string> ws = words(instruction.text);
    if (ws.empty()) {
      continue;
    }
    const std::string keyword = to_lower(ws.front());
    if (keyword == "arg" && !in_stage) {
      declare_args(ws, overrides, walk.globals);
    } else if (keyword == "from") {
      in_stage = true;
      const std::vector<std::string> rest = from_operands(ws);
      if (rest.empty()) {
        continue;
      }
      on_from(rest.front(), instruction);
      if (rest.size() >= 3 && to_lower(rest[1]) == "as") {
        walk.stages.insert(to_lower(rest[2]));
      }
    } else {
      on_other(keyword, ws);
    }
  }
}

}  // namespace

PullSources dockerfile_pull_sources(std::string_view dockerfile,
                                    const std::vector<std::string>& build_args) {
  PullSources out;
  Walk walk;
  const auto add_image = [&](const std::string& written) {
    const std::string image = walk.image(written);
    if (image.empty() ||
        std::all_of(image.begin(), image.end(), [](char c) { return is_digit(c); })) {
      return;  // no image, or COPY --from=0: a stage by its index
    }
    const std::string host =
        image.find('$') == std::string::npos ? reference_host(image) : std::string();
    if (host.empty()) {
      add_unique(out.unresolved, written);
    } else {
      add_unique(out.hosts, host);
    }
  };
  walk_dockerfile(
      dockerfile, build_args, walk,
      [&](const std::string& written, const Instruction&) { add_image(written); },
      [&](const std::string& keyword, const std::vector<std::string>& ws) {
        if (keyword == "copy" || keyword == "add") {
          const std::string from = flag_value(ws, "--from");
          if (!from.empty()) {
            add_image(from);
          }
        } else if (keyword == "run") {
          for (const std::string& from : mount_sources(ws)) {
            add_image(from);
          }
        }
      });
  return out;
}

std::vector<FromImage> dockerfile_from_images(std::string_view dockerfile,
                                              const std::vector<std::string>& build_args) {
  std::vector<FromImage> out;
  Walk walk;
  walk_dockerfile(
      dockerfile, build_args, walk,
      [&](const std::string& written, const Instruction& instruction) {
        const std::string image = walk.image(written);
        if (!image.empty()) {
          out.push_back({written, image, instruction.line});
        }
      },
      [](const std::string&, const std::vector<std::string>&) {});
  return out;
}

}  // namespace berth::core
