// SPDX-License-Identifier: MIT
// Fuzzes core::parse_url and core::resolve_url, which decide where a `Link`
// page, an upload `Location` or a token realm sends credentials. The input
// is a base URL, a line break, then a reference. Invariants: nothing but
// std::optional's absence reports a refusal (no exception, no crash); what
// parses prints as text that parses back to the same URL, with no
// user-info (so the host a check saw is the host a request would reach); a resolved reference keeps
// an absolute URL's parts; same_origin holds only for equal scheme, host and
// effective port.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/text.hpp"
#include "core/url.hpp"
#include "fuzz/check.hpp"

using namespace berth;

namespace {

void check_round_trip(const core::Url& url, const std::string& detail) {
  BERTH_FUZZ_CHECK(core::to_lower(url.scheme) == url.scheme, detail);
  BERTH_FUZZ_CHECK(core::to_lower(url.host) == url.host, detail);
  const std::string text = url.to_string();
  const auto again = core::parse_url(text);
  BERTH_FUZZ_CHECK(again.has_value(), detail + " -> " + fuzz::printable(text));
  BERTH_FUZZ_CHECK(again->to_string() == text, detail + " -> " + fuzz::printable(text));
  BERTH_FUZZ_CHECK(again->host == url.host && again->effective_port() == url.effective_port() &&
                       !again->has_userinfo,
                   detail + " -> " + fuzz::printable(text));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::size_t cut = input.find('\n');
  const std::string base_text = input.substr(0, cut);
  const std::string reference = cut == std::string::npos ? std::string() : input.substr(cut + 1);
  const std::string detail = fuzz::printable(input);
  const auto base = core::parse_url(base_text);
  if (!base) {
    return 0;
  }
  check_round_trip(*base, detail);
  const auto resolved = core::resolve_url(*base, reference);
  if (!resolved) {
    return 0;
  }
  check_round_trip(*resolved, detail);
  if (core::same_origin(*resolved, *base)) {
    BERTH_FUZZ_CHECK(resolved->scheme == base->scheme && resolved->host == base->host &&
                         resolved->effective_port() == base->effective_port(),
                     detail);
  }
  return 0;
}
