// SPDX-License-Identifier: MIT
// Fuzzes io::apply_event_payload (rapidjson). Invariants: only berth::Error
// escapes, naming GITHUB_EVENT_PATH; a pull request number is positive; the
// commit time is only taken for the built commit.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "core/github.hpp"
#include "fuzz/check.hpp"
#include "io/github_context.hpp"

using namespace berth;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  core::GitHubContext ctx;
  ctx.event_name = "push";
  ctx.sha = "0123456789abcdef0123456789abcdef01234567";
  try {
    io::apply_event_payload(text, ctx);
  } catch (const Error& e) {
    BERTH_FUZZ_CHECK(e.input() == "GITHUB_EVENT_PATH", fuzz::printable(text));
    return 0;
  }
  BERTH_FUZZ_CHECK(!ctx.pr_number || *ctx.pr_number > 0, fuzz::printable(text));
  // The helpers that read the filled context hold up too.
  (void)core::effective_sha(ctx);
  (void)core::pull_request_number(ctx);
  (void)core::is_pull_request(ctx);
  return 0;
}
