// SPDX-License-Identifier: MIT
// The OTLP test receiver (tests/otlp/receiver.js) as a test fixture: started
// on an ephemeral loopback port, stopped with the object.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "support/fixtures.hpp"
#include "support/spawn.hpp"

namespace berth::testing {

class OtlpReceiver {
 public:
  // Starts the receiver in `mode` ("ok", "refuse", "stall"); throws
  // std::runtime_error when it does not listen within 10 s (its packages
  // not installed: tests/otlp/install.sh).
  explicit OtlpReceiver(const std::string& mode = "ok");

  // The base URL for OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:PORT".
  std::string endpoint() const { return "http://127.0.0.1:" + m_port; }
  // Every request received so far, one JSON object each (receiver.js).
  std::vector<std::shared_ptr<rapidjson::Document>> requests() const;

 private:
  TempDir m_dir;
  std::string m_port;
  std::unique_ptr<Background> m_process;
};

// One span as the receiver decoded it.
struct Span {
  std::string name, trace, id, parent;
  std::uint64_t start = 0, end = 0;
  int status = 0;                            // 1 ok, 2 error
  std::map<std::string, std::string> attrs;  // lists joined with ","
};

// Returns the spans of one received request in order, and its resource's
// attributes in `resource`. Throws std::runtime_error when the receiver
// could not decode it.
std::vector<Span> spans_of(const rapidjson::Document& request,
                           std::map<std::string, std::string>* resource = nullptr);

// Returns the string member `key` of `o` ("" when absent).
std::string text(const rapidjson::Value& o, const char* key);

// Returns a loopback URL where nothing listens.
std::string absent_endpoint();

}  // namespace berth::testing
