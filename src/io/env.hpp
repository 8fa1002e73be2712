// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/inputs.hpp"

namespace berth::io {

// A snapshot of environment variables. Everything downstream reads this
// value, never getenv, so tests build one in memory.
class Env {
 public:
  Env() = default;
  explicit Env(std::map<std::string, std::string, std::less<>> vars)
      : m_vars(std::move(vars)) {}

  // Copies a NULL-terminated `environ`-style array.
  static Env from_environ(char** envp);

  // Returns the value of `name`, or "" when unset.
  std::string get(std::string_view name) const;
  // Returns the value of `name`, or nothing when unset.
  std::optional<std::string> find(std::string_view name) const;
  void set(std::string name, std::string value) { m_vars[std::move(name)] = std::move(value); }
  // Returns every variable as "NAME=value", for a child's environment.
  std::vector<std::string> entries() const;

 private:
  std::map<std::string, std::string, std::less<>> m_vars;
};

// Returns the environment variable the runner uses for input `name`:
// "INPUT_" + name uppercased, spaces as '_', hyphens kept ("INPUT_DRY-RUN").
std::string input_variable(std::string_view name);

// Reads every declared input from `env`.
core::InputValues read_inputs(const Env& env);

}  // namespace berth::io
