// SPDX-License-Identifier: MIT
#pragma once

#include <utility>
#include <vector>

#include "core/error.hpp"

namespace berth::app {

// Gathers the errors of independent checks, so that one run reports every
// mistake at once.
class ErrorCollector {
 public:
  // Runs `check`, keeping any Error or Errors it throws (Cancelled passes).
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

}  // namespace berth::app
