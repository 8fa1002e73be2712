// SPDX-License-Identifier: MIT
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace berth {

// A failure the user can act on: bad input, a registry refusal, a tool that
// exited non-zero. `input` names the action input at fault ("tags"), or is
// empty when no input is to blame. Messages start lowercase, carry no trailing
// period, and never contain a secret.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, std::string input = {})
      : std::runtime_error(message), m_input(std::move(input)) {}

  const std::string& input() const { return m_input; }

 private:
  std::string m_input;
};

// Several input errors found in one validation pass, reported together so
// that a user fixes them all in one round trip.
class Errors : public Error {
 public:
  explicit Errors(std::vector<Error> errors)
      : Error(errors.empty() ? std::string("invalid input") : errors.front().what(),
              errors.empty() ? std::string() : errors.front().input()),
        m_errors(std::move(errors)) {}

  const std::vector<Error>& all() const { return m_errors; }

 private:
  std::vector<Error> m_errors;
};

}  // namespace berth
