// SPDX-License-Identifier: MIT
#include "core/build_inputs.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include "core/meta_csv.hpp"
#include "core/platform.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

std::string_view value_of(const InputValues& values, std::string_view name) {
  const auto it = values.find(name);
  return it == values.end() ? std::string_view() : std::string_view(it->second);
}

Error input_error(const std::string& input, const std::string& message) {
  return Error(input + ": " + message, input);
}

Error line_error(const std::string& input, const ListItem& item, const std::string& message) {
  return input_error(input, "line " + std::to_string(item.line) + ": " + message);
}

Error quoted_error(const std::string& input, const ListItem& item, const std::string& message) {
  return line_error(input, item, "\"" + item.text + "\" " + message);
}

bool all_of(std::string_view s, bool (*ok)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), ok);
}

// Names: builders, stages, ssh ids, networks, hosts.
bool is_name_char(char c) { return is_alnum(c) || c == '_' || c == '.' || c == '-'; }

// A secret id: anything printable but blanks, ',', '=' and '"', so that it
// goes into buildx's id=ID,... unquoted.
bool is_secret_id_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f && c != ',' && c != '=' && c != '"';
}

bool is_variable_name(std::string_view s) {
  return !s.empty() && !is_digit(s.front()) &&
         std::all_of(s.begin(), s.end(), [](char c) { return is_alnum(c) || c == '_'; });
}

bool has_blank(std::string_view s) { return s.find_first_of(" \t\r\n") != std::string_view::npos; }

// An optionally signed decimal integer.
bool is_integer(std::string_view s) {
  if (!s.empty() && s.front() == '-') {
    s.remove_prefix(1);
  }
  return all_of(s, is_digit) && s.size() <= 18;
}

// docker's RAMInBytes: 2g, 512m, 1.5GiB, 1024 (bytes), 64 MB.
bool is_size(std::string_view s) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) {
      ++i;
    }
    return i > start;
  };
  if (!digits()) {
    return false;
  }
  while (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) {
      return false;
    }
  }
  if (i < s.size() && s[i] == ' ') {
    ++i;
  }
  if (i < s.size() && std::string_view("kKmMgGtTpP").find(s[i]) != std::string_view::npos) {
    ++i;
  }
  if (i < s.size() && (s[i] == 'i' || s[i] == 'I')) {
    ++i;
  }
  if (i < s.size() && (s[i] == 'b' || s[i] == 'B')) {
    ++i;
  }
  return i == s.size();
}

bool is_ip(std::string_view s) {
  const bool chars = all_of(s, [](char c) { return is_hex(c) || c == '.' || c == ':'; });
  return chars && s.find_first_of(".:") != std::string_view::npos;
}

// The `ulimit` types docker knows.
bool is_ulimit_type(std::string_view t) {
  static constexpr std::array<std::string_view, 15> k_types = {
      "core", "cpu",  "data",   "fsize",  "locks",  "memlock",    "msgqueue", "nice",
      "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"};
  return std::find(k_types.begin(), k_types.end(), t) != k_types.end();
}

// A boolean as the Actions toolkit's getBooleanInput reads it.
std::optional<bool> as_bool(std::string_view v) {
  if (v == "true" || v == "True" || v == "TRUE") {
    return true;
  }
  if (v == "false" || v == "False" || v == "FALSE") {
    return false;
  }
  return std::nullopt;
}

// Reads the inputs of one parse and collects their errors.
class BuildInputReader {
 public:
  BuildInputReader(const InputValues& values, ErrorCollector& errors)
      : m_values(values), m_errors(errors) {}

  std::vector<ListItem> list(const std::string& input, ListOptions options) {
    std::vector<ListItem> items;
    m_errors.guard([&] { items = split_input_list(value_of(m_values, input), input, options); });
    return items;
  }

  std::string text(std::string_view input) const {
    return std::string(trim(value_of(m_values, input)));
  }

  void add(Error e) { m_errors.add(std::move(e)); }

  // Records `id` as taken by `input` line `item`; an error when it already is.
  void claim_secret_id(const std::string& id, const std::string& input, const ListItem& item,
                       bool quiet) {
    const auto [it, fresh] = m_ids.emplace(id, input + " line " + std::to_string(item.line));
    if (!fresh) {
      add(line_error(input, item,
                     (quiet ? std::string("the id") : "id \"" + id + "\"") +
                         " is already given (" + it->second + ")"));
    }
  }

 private:
  const InputValues& m_values;
  ErrorCollector& m_errors;
  std::map<std::string, std::string> m_ids;  // secret id -> where it was given
};

// `secrets`: id=value, the value verbatim (it may hold '=' and, quoted, line
// breaks). No error quotes the line: it may hold the secret.
void parse_secrets(BuildInputReader& r, BuildOptions& o) {
  for (const ListItem& item : r.list("secrets", {true, false})) {
    const std::string& line = item.text;
    const std::size_t eq = line.find('=');
    if (eq == 0 || eq == std::string::npos) {
      r.add(line_error("secrets", item, "is not id=value (the line is not shown: it may hold a secret)"));
      continue;
    }
    const std::string id = line.substr(0, eq);
    if (!all_of(id, is_secret_id_char)) {
      r.add(line_error("secrets", item,
                       "the id holds a blank, ',', '\"' or a control character"));
      continue;
    }
    if (eq + 1 == line.size()) {
      r.add(line_error("secrets", item, "the value is empty"));
      continue;
    }
    r.claim_secret_id(id, "secrets", item, true);
    o.secrets.push_back({id, BuildSecret::Source::k_value, {}, item.line});
    o.secret_values[id] = line.substr(eq + 1);
  }
}

void parse_secret_files(BuildInputReader& r, BuildOptions& o) {
  for (const ListItem& item : r.list("secret-files", {true, true})) {
    const std::size_t eq = item.text.find('=');
    const std::string id = item.text.substr(0, eq);
    if (eq == std::string::npos || !all_of(id, is_secret_id_char) ||
        trim(item.text.substr(eq + 1)).empty()) {
      r.add(quoted_error("secret-files", item, "is not id=path"));
      continue;
    }
    r.claim_secret_id(id, "secret-files", item, false);
    o.secrets.push_back({id, BuildSecret::Source::k_file, item.text.substr(eq + 1), item.line});
  }
}

void parse_secret_envs(BuildInputReader& r, BuildOptions& o) {
  for (const ListItem& item : r.list("secret-envs", {false, true})) {
    const std::size_t eq = item.text.find('=');
    const std::string id = item.text.substr(0, eq);
    const std::string variable =
        eq == std::string::npos ? std::string() : std::string(trim(item.text.substr(eq + 1)));
    if (eq == std::string::npos || !all_of(id, is_secret_id_char) ||
        !is_variable_name(variable)) {
      r.add(quoted_error("secret-envs", item, "is not id=VARIABLE"));
      continue;
    }
    if (starts_with(variable, "INPUT_") || starts_with(variable, "BERTH_SECRET_")) {
      r.add(quoted_error("secret-envs", item,
                         "names a variable berth does not pass to docker (INPUT_*, "
                         "BERTH_SECRET_*): set another one in the step's env"));
      continue;
    }
    r.claim_secret_id(id, "secret-envs", item, false);
    o.secrets.push_back({id, BuildSecret::Source::k_env, variable, item.line});
  }
}

// `ssh`: default, ID or ID=path (an agent socket or a key).
void parse_ssh(BuildInputReader& r, BuildOptions& o) {
  for (const ListItem& item : r.list("ssh", {false, true})) {
    const std::size_t eq = item.text.find('=');
    const std::string id = item.text.substr(0, eq);
    if (!all_of(id, is_name_char) ||
        (eq != std::string::npos && trim(item.text.substr(eq + 1)).empty())) {
      r.add(quoted_error("ssh", item, "is not default, ID or ID=path"));
      continue;
    }
    o.ssh.push_back(item.text);
  }
}

void parse_build_contexts(BuildInputReader& r, BuildOptions& o) {
  for (const ListItem& item : r.list("build-contexts", {true, true})) {
    const std::size_t eq = item.text.find('=');
    if (eq == 0 || eq == std::string::npos || has_blank(item.text.substr(0, eq)) ||
        trim(item.text.substr(eq + 1)).empty()) {
      r.add(quoted_error("build-contexts", item, "is not name=value"));
      continue;
    }
    o.build_contexts.push_back(item.text);
  }
}

void parse_no_cache_filters(BuildInputReader& r, BuildOptions& o) {
  for (const ListItem& item : r.list("no-cache-filters", {false, true})) {
    if (!all_of(item.text, is_name_char)) {
      r.add(quoted_error("no-cache-filters", item, "is not a stage name"));
      continue;
    }
    o.no_cache_filters.push_back(item.text);
  }
}

// `add-hosts`: host:ip or host=ip (IPv4, IPv6 or host-gateway), kept as host:ip,
// which both builders read.
void parse_add_hosts(BuildInputReader& r, BuildOptions& o) {
  for (const ListItem& item : r.list("add-hosts", {false, true})) {
    std::size_t sep = item.text.find('=');
    if (sep == std::string::npos) {
      sep = item.text.find(':');
    }
    const std::string host = item.text.substr(0, sep);
    const std::string ip = sep == std::string::npos ? std::string() : item.text.substr(sep + 1);
    if (!all_of(host, is_name_char) || (!is_ip(ip) && ip != "host-gateway")) {
      r.add(quoted_error("add-hosts", item, "is not host:ip"));
      continue;
    }
    o.add_hosts.push_back(host + ":" + ip);
  }
}

// `ulimit`: type=soft[:hard], one per line.
void parse_ulimits(BuildInputReader& r, BuildOptions& o) {
  for (const ListItem& item : r.list("ulimit", {true, true})) {
    const std::size_t eq = item.text.find('=');
    const std::string type = item.text.substr(0, eq);
    const std::string limits = eq == std::string::npos ? std::string() : item.text.substr(eq + 1);
    const std::size_t colon = limits.find(':');
    const std::string soft = limits.substr(0, colon);
    const std::string hard = colon == std::string::npos ? soft : limits.substr(colon + 1);
    if (!is_ulimit_type(type) || !is_integer(soft) || !is_integer(hard)) {
      r.add(quoted_error("ulimit", item, "is not type=soft[:hard] (nofile=1024:2048)"));
      continue;
    }
    if (soft.front() != '-' && hard.front() != '-' && std::stoll(soft) > std::stoll(hard)) {
      r.add(quoted_error("ulimit", item, "has a soft limit above its hard limit"));
      continue;
    }
    o.ulimits.push_back(item.text);
  }
}

// `annotations`: [type[platform]:]key=value, as buildx reads --annotation.
void parse_annotations(BuildInputReader& r, BuildOptions& o) {
  static constexpr std::array<std::string_view, 4> k_types = {
      "manifest", "index", "manifest-descriptor", "index-descriptor"};
  for (const ListItem& item : r.list("annotations", {true, true})) {
    const std::size_t eq = item.text.find('=');
    std::string_view key = std::string_view(item.text).substr(0, eq);
    if (eq == std::string::npos || key.empty() || has_blank(key)) {
      r.add(quoted_error("annotations", item, "is not [type:]key=value"));
      continue;
    }
    // A prefix of lowercase letters and '-', an optional [platform], then ':'.
    std::size_t i = 0;
    while (i < key.size() && (is_lower(key[i]) || key[i] == '-')) {
      ++i;
    }
    const std::string_view type = key.substr(0, i);
    std::string_view platform;
    if (i > 0 && i < key.size() && key[i] == '[') {
      const std::size_t close = key.find(']', i);
      if (close != std::string_view::npos) {
        platform = key.substr(i + 1, close - i - 1);
        i = close + 1;
      }
    }
    if (i == 0 || i >= key.size() || key[i] != ':') {
      o.annotations.push_back(item.text);  // no prefix: the whole key is the key
      continue;
    }
    if (std::find(k_types.begin(), k_types.end(), type) == k_types.end()) {
      r.add(quoted_error("annotations", item,
                         "has an unknown type \"" + std::string(type) +
                             "\" (manifest, index, manifest-descriptor, index-descriptor)"));
      continue;
    }
    if (!platform.empty() && !parse_platform(platform)) {
      r.add(quoted_error("annotations", item,
                         "has a platform that is not os/arch[/variant]"));
      continue;
    }
    if (i + 1 >= key.size()) {
      r.add(quoted_error("annotations", item, "has no key after its type"));
      continue;
    }
    o.annotations.push_back(item.text);
  }
}

// `provenance` and `sbom`: a boolean or buildx's attestation attributes
// (mode=max,builder-id=...). Returns "" when unset, "true"/"false" for a
// boolean, else the attributes as written.
std::string parse_attestation(BuildInputReader& r, const std::string& input) {
  const std::string value = r.text(input);
  if (value.empty()) {
    return {};
  }
  if (const auto b = as_bool(value)) {
    return *b ? "true" : "false";
  }
  for (std::string_view field : split(value, ',')) {
    field = trim(field);
    const std::size_t eq = field.find('=');
    const std::string_view key = field.substr(0, eq);
    const bool key_ok = all_of(key, [](char c) { return is_lower(c) || c == '-'; });
    if (eq == std::string_view::npos || !key_ok || eq + 1 == field.size()) {
      r.add(input_error(input, "\"" + std::string(field) +
                                   "\" is neither true, false nor an attribute key=value"));
      return {};
    }
    const std::string_view attr = field.substr(eq + 1);
    if (input == "provenance" && key == "mode" && attr != "min" && attr != "max") {
      r.add(input_error(input, "mode must be min or max, not \"" + std::string(attr) + "\""));
      return {};
    }
  }
  return value;
}

// A one-word input (builder, network): empty, or letters, digits, '_', '.',
// '-' (and ':' where `colon`).
std::string parse_word(BuildInputReader& r, const std::string& input, const char* what,
                       bool colon) {
  const std::string value = r.text(input);
  const bool ok = std::all_of(value.begin(), value.end(),
                              [&](char c) { return is_name_char(c) || (colon && c == ':'); });
  if (!ok) {
    r.add(input_error(input, "\"" + value + "\" is not " + what));
    return {};
  }
  return value;
}

bool parse_flag(BuildInputReader& r, const std::string& input) {
  const std::string value = r.text(input);
  if (value.empty()) {
    return false;
  }
  if (const auto b = as_bool(value)) {
    return *b;
  }
  r.add(input_error(input, "\"" + value + "\" is not a boolean (true or false)"));
  return false;
}

}  // namespace

void parse_build_options(const InputValues& values, BuildOptions& o, ErrorCollector& errors) {
  BuildInputReader r(values, errors);
  o.builder = parse_word(r, "builder", "a builder name", false);
  parse_secrets(r, o);
  parse_secret_files(r, o);
  parse_secret_envs(r, o);
  parse_ssh(r, o);
  parse_build_contexts(r, o);
  o.no_cache = parse_flag(r, "no-cache");
  parse_no_cache_filters(r, o);
  o.pull = parse_flag(r, "pull");
  o.network = parse_word(r, "network", "a network (default, none, host or a name)", true);
  parse_add_hosts(r, o);
  o.shm_size = r.text("shm-size");
  if (!o.shm_size.empty() && !is_size(o.shm_size)) {
    r.add(input_error("shm-size", "\"" + o.shm_size + "\" is not a size (2g, 512m, 1024)"));
    o.shm_size.clear();
  }
  parse_ulimits(r, o);
  o.provenance = parse_attestation(r, "provenance");
  o.sbom = parse_attestation(r, "sbom");
  parse_annotations(r, o);
}

std::vector<std::string> secret_values_to_mask(std::string_view secrets_input) {
  try {
    BuildOptions o;
    ErrorCollector errors;
    const InputValues values = {{"secrets", std::string(secrets_input)}};
    BuildInputReader r(values, errors);
    parse_secrets(r, o);
    errors.throw_if_any();
    std::vector<std::string> out;
    for (const BuildSecret& secret : o.secrets) {  // in input order
      out.push_back(o.secret_values.at(secret.id));
    }
    return out;
  } catch (const Error&) {
    // Every line, and what follows its first '=', is masked.
    std::vector<std::string> out = {std::string(secrets_input)};
    for (std::string_view line : split(secrets_input, '\n')) {
      const std::size_t eq = line.find('=');
      if (eq != std::string_view::npos) {
        out.emplace_back(line.substr(eq + 1));
      }
    }
    return out;
  }
}

}  // namespace berth::core
