// SPDX-License-Identifier: MIT
#include "io/env.hpp"

#include <cstring>

namespace berth::io {

Env Env::from_environ(char** envp) {
  Env env;
  for (char** p = envp; p != nullptr && *p != nullptr; ++p) {
    const char* eq = std::strchr(*p, '=');
    if (eq != nullptr) {
      env.m_vars.emplace(std::string(*p, static_cast<std::size_t>(eq - *p)), std::string(eq + 1));
    }
  }
  return env;
}

std::string Env::get(std::string_view name) const {
  const auto it = m_vars.find(name);
  return it == m_vars.end() ? std::string() : it->second;
}

std::optional<std::string> Env::find(std::string_view name) const {
  const auto it = m_vars.find(name);
  if (it == m_vars.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::vector<std::string> Env::entries() const {
  std::vector<std::string> out;
  out.reserve(m_vars.size());
  for (const auto& [name, value] : m_vars) {
    out.push_back(name + "=" + value);
  }
  return out;
}

std::string input_variable(std::string_view name) {
  // actions/runner Handler.cs: $"INPUT_{key.Replace(' ', '_').ToUpperInvariant()}"
  std::string out = "INPUT_";
  for (char c : name) {
    if (c == ' ') {
      out += '_';
    } else if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else {
      out += c;
    }
  }
  return out;
}

core::InputValues read_inputs(const Env& env) {
  core::InputValues values;
  for (const core::InputSpec& spec : core::input_specs()) {
    values.emplace(std::string(spec.name), env.get(input_variable(spec.name)));
  }
  return values;
}

}  // namespace berth::io
