// SPDX-License-Identifier: MIT
// Fuzzes the step-log gate: arbitrary text through io::Console (over a sink),
// read back by a small model of the runner's reader. Input: operations
// separated by NUL bytes; each one's first byte picks info, warning, notice,
// error, group or add_mask and the rest is its text.
// Invariant: the runner acts on berth's own commands only. info() prints its
// text's lines as text (inside a stop-commands fence or bare); an annotation
// or group is one command whose data reads back as the message; add_mask
// registers every non-blank line of the secret, and core::Masker masks each
// of those lines; no line holds CR or LF.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/mask.hpp"
#include "fuzz/check.hpp"
#include "io/console.hpp"

using namespace berth;

namespace {

// A command the model's runner acted on.
struct Command {
  std::string name;  // lower case; "" for the resume of a stop-commands token
  std::string data;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

// Splits a stream as StreamReader.ReadLine does: CR, LF or CRLF end a line;
// a final line without a break still counts, an empty tail does not.
std::vector<std::string> read_lines(const std::string& stream) {
  std::vector<std::string> lines;
  std::string current;
  for (std::size_t i = 0; i < stream.size(); ++i) {
    const char c = stream[i];
    if (c == '\r' || c == '\n') {
      lines.push_back(current);
      current.clear();
      if (c == '\r' && i + 1 < stream.size() && stream[i + 1] == '\n') {
        ++i;
      }
    } else {
      current += c;
    }
  }
  if (!current.empty()) {
    lines.push_back(current);
  }
  return lines;
}

// The UTF-8 forms of what String.TrimStart removes (char.IsWhiteSpace), and
// U+180E and U+FEFF, which older .NET removed too.
constexpr std::string_view k_white[] = {
    "\t", "\n", "\v", "\f", "\r", " ", "\xC2\x85", "\xC2\xA0", "\xE1\x9A\x80",
    "\xE1\xA0\x8E", "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x83",
    "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87", "\xE2\x80\x88",
    "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF",
    "\xE2\x81\x9F", "\xE3\x80\x80", "\xEF\xBB\xBF"};

std::string_view trim_start(std::string_view s) {
  for (bool again = true; again;) {
    again = false;
    for (std::string_view w : k_white) {
      if (s.substr(0, w.size()) == w) {
        s.remove_prefix(w.size());
        again = true;
      }
    }
  }
  return s;
}

// Parses `line` as ActionCommand.TryParseV2, then TryParse, do: any name.
std::optional<Command> parse(std::string_view line) {
  const std::string_view v2 = trim_start(line);
  if (v2.substr(0, 2) == "::") {
    const std::size_t end = v2.find("::", 2);
    if (end != std::string_view::npos) {
      const std::string_view info = v2.substr(2, end - 2);
      std::string data(v2.substr(end + 2));
      data = replace_all(replace_all(replace_all(data, "%0D", "\r"), "%0A", "\n"), "%25", "%");
      return Command{lower(info.substr(0, info.find(' '))), data};
    }
  }
  const std::size_t start = line.find("##[");
  if (start != std::string_view::npos) {
    const std::size_t end = line.find(']', start);
    if (end != std::string_view::npos) {
      const std::string_view info = line.substr(start + 3, end - start - 3);
      return Command{lower(info.substr(0, info.find(' '))), std::string(line.substr(end + 1))};
    }
  }
  return std::nullopt;
}

// The runner's ActionCommandManager, reduced to what decides what is acted on.
struct Runner {
  std::optional<std::string> stop_token;
  std::vector<Command> commands;
  std::vector<std::string> text;

  void read(const std::vector<std::string>& emitted) {
    std::string stream;
    for (const std::string& line : emitted) {
      stream += line + "\n";
    }
    for (const std::string& line : read_lines(stream)) {
      const std::optional<Command> c = parse(line);
      if (stop_token) {
        if (c && !stop_token->empty() && c->name == lower(*stop_token)) {
          commands.push_back({"", *stop_token});
          stop_token.reset();
        } else {
          text.push_back(line);
        }
      } else if (c) {
        if (c->name == "stop-commands") {
          stop_token = c->data;
        }
        commands.push_back(*c);
      } else {
        text.push_back(line);
      }
    }
  }
};

bool is_graphic(char c) { return c > 0x20 && c < 0x7f; }

void check_masks(const std::string& secret, const std::vector<Command>& commands,
                 const std::string& detail) {
  // core::Masker (child output) masks what the runner is told to mask.
  core::Masker masker;
  masker.add(secret);
  for (const Command& c : commands) {
    BERTH_FUZZ_CHECK(c.name == "add-mask" && !c.data.empty() &&
                         secret.find(c.data) != std::string::npos,
                     detail);
    BERTH_FUZZ_CHECK(c.data.size() < 3 || masker.apply(c.data) == "***",
                     detail + " masked " + fuzz::printable(masker.apply(c.data)));
  }
  // Every line with something visible in it is registered, all of its
  // visible ASCII included.
  for (const std::string& line : read_lines(secret)) {
    bool covered = false;
    for (const Command& c : commands) {
      const std::size_t at = line.find(c.data);
      if (at == std::string::npos) {
        continue;
      }
      const std::string rest = line.substr(0, at) + line.substr(at + c.data.size());
      covered = covered || std::none_of(rest.begin(), rest.end(), is_graphic);
    }
    BERTH_FUZZ_CHECK(covered || std::none_of(line.begin(), line.end(), is_graphic),
                     detail + " line " + fuzz::printable(line));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> emitted;
  io::Console console([&emitted](const std::string& line) { emitted.push_back(line); });
  Runner runner;
  std::size_t start = 0;
  while (start < input.size()) {
    std::size_t end = input.find('\0', start);
    end = end == std::string::npos ? input.size() : end;
    const std::string op = input.substr(start, end - start);
    start = end + 1;
    if (op.empty()) {
      continue;
    }
    const int kind = static_cast<unsigned char>(op[0]) % 6;
    const std::string text = op.substr(1);
    const std::string detail = "op " + std::to_string(kind) + " " + fuzz::printable(text);
    emitted.clear();
    const std::size_t commands_before = runner.commands.size();
    const std::size_t text_before = runner.text.size();
    std::vector<Command> expected;
    switch (kind) {
      case 0: console.info(text); break;
      case 1: console.warning(text), expected = {{"warning", text}}; break;
      case 2: console.notice(text), expected = {{"notice", text}}; break;
      case 3:
        console.error(Error(text, text.size() % 2 ? "tags" : ""));
        expected = {{"error", text}};
        break;
      case 4:
        console.group(text), console.endgroup();
        expected = {{"group", text}, {"endgroup", ""}};
        break;
      default: console.add_mask(text); break;
    }
    for (const std::string& line : emitted) {
      BERTH_FUZZ_CHECK(line.find_first_of("\r\n") == std::string::npos, detail);
    }
    runner.read(emitted);
    BERTH_FUZZ_CHECK(!runner.stop_token, detail + ": commands left stopped");
    const std::vector<Command> got(runner.commands.begin() + commands_before,
                                   runner.commands.end());
    const std::vector<std::string> shown(runner.text.begin() + text_before, runner.text.end());
    if (kind == 0) {
      // Nothing but a fence, and every line of the text shown as text.
      BERTH_FUZZ_CHECK(got.empty() || (got.size() == 2 && got[0].name == "stop-commands" &&
                                       got[1].name.empty() && got[1].data == got[0].data),
                       detail);
      // The text's own lines: each break ends one, and what follows the last
      // break is a line too, even when empty.
      std::vector<std::string> lines = read_lines(text);
      if (text.empty() || text.back() == '\r' || text.back() == '\n') {
        lines.emplace_back();
      }
      BERTH_FUZZ_CHECK(shown == lines, detail);
    } else if (kind == 5) {
      check_masks(text, got, detail);
      BERTH_FUZZ_CHECK(shown.empty(), detail);
    } else {
      BERTH_FUZZ_CHECK(got.size() == expected.size() && shown.empty(), detail);
      for (std::size_t i = 0; i < got.size(); ++i) {
        BERTH_FUZZ_CHECK(got[i].name == expected[i].name && got[i].data == expected[i].data,
                         detail + " read back " + fuzz::printable(got[i].data));
      }
    }
  }
  return 0;
}
