// SPDX-License-Identifier: MIT
// Fuzzes the output writer: core::heredoc_entry, read back with the runner's
// rules (testing::parse_runner_file). Input: NAME \0 DELIMITER \0 VALUE.
// Invariant: whatever the name, delimiter and value, the entry is either
// refused with berth::Error or reads back as exactly one output with exactly
// that name and value, also when written after another entry.
#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>

#include "core/error.hpp"
#include "core/workflow.hpp"
#include "fuzz/check.hpp"
#include "support/runner_files.hpp"

using namespace berth;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::string name = "out";
  std::string delimiter = "ghadelimiter_0f3c9a8e-5b1d-4e2a-9c7f-2d6b8a1e4f00";
  std::string value = input;
  if (const auto a = input.find('\0'); a != std::string::npos) {
    if (const auto b = input.find('\0', a + 1); b != std::string::npos) {
      name = input.substr(0, a);
      delimiter = input.substr(a + 1, b - a - 1);
      value = input.substr(b + 1);
    }
  }
  std::string entry;
  try {
    entry = core::heredoc_entry(name, value, delimiter);
  } catch (const Error&) {
    return 0;
  }
  const std::string detail = "name=" + fuzz::printable(name) + " delimiter=" +
                             fuzz::printable(delimiter) + " value=" + fuzz::printable(value);
  for (const std::string& file : {entry, std::string("before=1\n") + entry}) {
    std::map<std::string, std::string> outputs;
    try {
      outputs = testing::parse_runner_file(file);
    } catch (const std::runtime_error& e) {
      fuzz::fail(__FILE__, __LINE__, "the runner reads a written entry",
                 detail + ": " + e.what());
    }
    const std::size_t expected = file == entry || name == "before" ? 1 : 2;
    BERTH_FUZZ_CHECK(outputs.size() == expected, detail);
    const auto it = outputs.find(name);
    BERTH_FUZZ_CHECK(it != outputs.end() && it->second == value,
                     detail + " read back " +
                         (it == outputs.end() ? std::string("nothing")
                                              : fuzz::printable(it->second)));
  }
  return 0;
}
