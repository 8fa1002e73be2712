// SPDX-License-Identifier: MIT
#include "io/registry_errors.hpp"

#include <rapidjson/document.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace berth::io {

std::string printable(std::string_view text, std::size_t max) {
  std::string out(text.substr(0, max));
  for (char& c : out) {
    if (c < 0x20 || c > 0x7e) {
      c = '?';
    }
  }
  return out;
}

std::string describe_body(const std::string& body) {
  // Registry bodies are untrusted: every parse here is iterative, as the
  // recursive parser overflows the stack on a deeply nested body ("[[[[...").
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(body.c_str());
  std::string out;
  if (!doc.HasParseError() && doc.IsObject() && doc.HasMember("errors") &&
      doc["errors"].IsArray()) {
    for (const auto& e : doc["errors"].GetArray()) {
      if (!e.IsObject()) {
        continue;
      }
      const std::string code = e.HasMember("code") && e["code"].IsString() ? e["code"].GetString() : "";
      const std::string msg =
          e.HasMember("message") && e["message"].IsString() ? e["message"].GetString() : "";
      out += (out.empty() ? "" : "; ") + printable(code, 64) +
             (msg.empty() ? "" : " (" + printable(msg, 200) + ")");
      if (out.size() > 1000) {
        break;
      }
    }
    return out;
  }
  return std::string(core::trim(printable(body, 200)));
}

void fail_response(const std::string& what, const std::string& host, bool anonymous,
                   const HttpResponse& r) {
  std::string message = what + ": " + host + " answered " + std::to_string(r.status);
  const std::string detail = describe_body(r.body);
  if (!detail.empty()) {
    message += " " + detail;
  }
  if (r.status == 401) {
    throw Error(message + (anonymous ? "; no credentials were given (set username and password)"
                                     : "; check username and password"),
                anonymous ? "username" : "password");
  }
  if (r.status == 403) {
    if (host == "ghcr.io") {
      message += "; the token cannot write this package: give the job "
                 "'permissions: packages: write' and the repository access to the package";
    }
    throw Error(message, "password");
  }
  throw Error(message);
}

}  // namespace berth::io
