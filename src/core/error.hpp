// SPDX-License-Identifier: MIT
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace berth {

// What an error blames: nothing the user wrote, an action input ("tags"), or
// an environment variable ("GITHUB_SHA", "SOURCE_DATE_EPOCH").
enum class Blame { k_none, k_input, k_variable };

// A failure the user can act on: bad input, a registry refusal, a tool that
// exited non-zero. `input` names the action input at fault ("tags"), or is
// empty when no input is to blame. Messages start lowercase, carry no trailing
// period, and never contain a secret.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, std::string input = {})
      : std::runtime_error(message),
        m_input(std::move(input)),
        m_blame(m_input.empty() ? Blame::k_none : Blame::k_input) {}

  // Returns an error that blames the environment variable `name`.
  static Error variable(const std::string& message, std::string name) {
    Error e(message, std::move(name));
    e.m_blame = Blame::k_variable;
    return e;
  }

  // Returns an error with `message` that blames what this one blames.
  Error with_message(const std::string& message) const {
    Error e(message, m_input);
    e.m_blame = m_blame;
    return e;
  }

  // The name of the input or variable at fault; empty when none is.
  const std::string& input() const { return m_input; }
  Blame blame() const { return m_blame; }

 private:
  std::string m_input;
  Blame m_blame;
};

// Several input errors found in one validation pass, reported together so
// that a user fixes them all in one round trip.
class Errors : public Error {
 public:
  explicit Errors(std::vector<Error> errors)
      : Error(errors.empty() ? Error("invalid input") : errors.front()),
        m_errors(std::move(errors)) {}

  const std::vector<Error>& all() const { return m_errors; }

 private:
  std::vector<Error> m_errors;
};

// The run was stopped by SIGINT or SIGTERM (a cancelled job). Thrown where
// berth notices the stop: between steps, in a retry's wait, in a transfer.
class Cancelled : public Error {
 public:
  explicit Cancelled(int signal, const std::string& where)
      : Error("stopped by signal " + std::to_string(signal) + " " + where), m_signal(signal) {}

  int signal() const { return m_signal; }
  // Returns the exit status of a process ended by this signal (130, 143).
  int exit_status() const { return 128 + m_signal; }

 private:
  int m_signal;
};

// Gathers the errors of independent checks, so that one run reports every
// mistake at once.
class ErrorCollector {
 public:
  // Runs `check`, keeping any Error or Errors it throws; Cancelled passes
  // through.
  template <typename Check>
  void guard(Check&& check) {
    try {
      std::forward<Check>(check)();
    } catch (const Cancelled&) {
      throw;
    } catch (const Errors& e) {
      m_errors.insert(m_errors.end(), e.all().begin(), e.all().end());
    } catch (const Error& e) {
      m_errors.push_back(e);
    }
  }

  void add(Error e) { m_errors.push_back(std::move(e)); }

  // Throws Errors when any check failed.
  void throw_if_any() {
    if (!m_errors.empty()) {
      throw Errors(std::move(m_errors));
    }
  }

 private:
  std::vector<Error> m_errors;
};

}  // namespace berth
