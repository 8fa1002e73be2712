// SPDX-License-Identifier: MIT
// Fuzzes the BuildKit inputs (core::parse_inputs on one of them; the first
// byte picks which, the rest is its text). Invariants: only berth::Errors
// escape, each naming the input parsed; an error about `secrets` says
// nothing but a fixed sentence after "secrets: line N: " (it never quotes the
// line); a `secrets` value never shows in the flags: each --secret of a value
// is exactly id=ID,env=BERTH_SECRET_n, and there is one --secret per secret.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/build_options.hpp"
#include "core/error.hpp"
#include "core/inputs.hpp"
#include "fuzz/check.hpp"

using namespace berth;

namespace {

constexpr const char* k_inputs[] = {
    "secrets", "secret-files", "secret-envs", "ssh", "build-contexts", "no-cache-filters",
    "add-hosts", "shm-size", "ulimit", "provenance", "sbom", "annotations", "network",
    "builder"};

// Whether `message` is "secrets: line N: " and one of the fixed sentences.
bool is_quiet_secrets_error(std::string_view message) {
  constexpr std::string_view prefix = "secrets: line ";
  if (message.substr(0, prefix.size()) != prefix) {
    return false;
  }
  std::size_t i = prefix.size();
  while (i < message.size() && message[i] >= '0' && message[i] <= '9') {
    ++i;
  }
  if (i == prefix.size() || message.substr(i, 2) != ": ") {
    return false;
  }
  const std::string_view rest = message.substr(i + 2);
  for (std::string_view fixed :
       {"is not id=value (the line is not shown: it may hold a secret)",
        "the id holds a blank, ',', '\"' or a control character", "the value is empty",
        "a double quote is not closed",
        "text after a closing double quote (write \"\" for a quote inside quotes)"}) {
    if (rest == fixed) {
      return true;
    }
  }
  // A repeated id names the earlier line only: "the id is already given (secrets line N)".
  constexpr std::string_view dup = "the id is already given (secrets line ";
  return rest.substr(0, dup.size()) == dup;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::string input = k_inputs[data[0] % (sizeof k_inputs / sizeof k_inputs[0])];
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string detail = input + ": " + fuzz::printable(text);
  try {
    const core::BuildOptions o = core::parse_inputs({{input, text}}).build;
    const auto flags = core::buildkit_flags(o);
    std::size_t secrets = 0;
    std::size_t values = 0;
    for (std::size_t i = 0; i + 1 < flags.size(); ++i) {
      if (flags[i] != "--secret") {
        continue;
      }
      const core::BuildSecret& s = o.secrets.at(secrets++);
      if (s.source == core::BuildSecret::Source::k_value) {
        const std::string want =
            "id=" + s.id + ",env=" + core::secret_variable(values++);
        BERTH_FUZZ_CHECK(flags[i + 1] == want, detail + " gave " + flags[i + 1]);
      }
    }
    BERTH_FUZZ_CHECK(secrets == o.secrets.size(), detail);
    BERTH_FUZZ_CHECK(values == o.secret_values.size(), detail);
  } catch (const Errors& e) {
    for (const Error& err : e.all()) {
      BERTH_FUZZ_CHECK(err.input() == input, detail + ": " + err.what());
      const std::string_view message = err.what();
      const bool whole = message == "secrets: contains a control character" ||
                         message.find(" bytes long; the limit is ") != std::string_view::npos;
      if (input == "secrets") {
        BERTH_FUZZ_CHECK(whole || is_quiet_secrets_error(message), detail + ": " + err.what());
      }
    }
  }
  return 0;
}
