// SPDX-License-Identifier: MIT
#include "support/otlp_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sstream>
#include <stdexcept>

namespace berth::testing {
namespace {


std::string value_text(const rapidjson::Value& v) {
  if (v.HasMember("stringValue")) {
    return v["stringValue"].GetString();
  }
  if (v.HasMember("intValue")) {
    return v["intValue"].GetString();  // longs: String
  }
  std::string out;
  if (v.HasMember("arrayValue") && v["arrayValue"].HasMember("values")) {
    for (const auto& item : v["arrayValue"]["values"].GetArray()) {
      out += (out.empty() ? "" : ",") + value_text(item);
    }
  }
  return out;
}

std::map<std::string, std::string> attributes(const rapidjson::Value& owner) {
  std::map<std::string, std::string> out;
  if (owner.HasMember("attributes")) {
    for (const auto& a : owner["attributes"].GetArray()) {
      out[a["key"].GetString()] = value_text(a["value"]);
    }
  }
  return out;
}

}  // namespace

std::string text(const rapidjson::Value& o, const char* key) {
  return o.HasMember(key) ? o[key].GetString() : std::string();
}

std::vector<Span> spans_of(const rapidjson::Document& request,
                           std::map<std::string, std::string>* resource) {
  if (request.HasMember("error")) {
    throw std::runtime_error("the receiver could not decode a request: " + text(request, "error"));
  }
  std::vector<Span> out;
  if (!request.HasMember("decoded")) {
    return out;
  }
  for (const auto& rs : request["decoded"]["resourceSpans"].GetArray()) {
    if (resource != nullptr) {
      *resource = attributes(rs["resource"]);
    }
    for (const auto& ss : rs["scopeSpans"].GetArray()) {
      for (const auto& s : ss["spans"].GetArray()) {
        Span span;
        span.name = text(s, "name");
        span.trace = text(s, "traceId");
        span.id = text(s, "spanId");
        span.parent = text(s, "parentSpanId");
        span.start = std::stoull(text(s, "startTimeUnixNano"));
        span.end = std::stoull(text(s, "endTimeUnixNano"));
        span.status = s.HasMember("status") && s["status"].HasMember("code")
                          ? s["status"]["code"].GetInt()
                          : 0;
        span.attrs = attributes(s);
        out.push_back(span);
      }
    }
  }
  return out;
}


OtlpReceiver::OtlpReceiver(const std::string& mode) {
  const std::string script = std::string(BERTH_TESTDATA) + "/../tests/otlp/receiver.js";
  io::Env env;
  env.set("PATH", "/usr/local/bin:/usr/bin:/bin");
  std::string node = "/usr/bin/node";
  if (access("/usr/local/bin/node", X_OK) == 0) {
    node = "/usr/local/bin/node";
  }
  m_process = std::make_unique<Background>(
      std::vector<std::string>{node, script, "--out", m_dir.path() + "/requests.jsonl",
                               "--port-file", m_dir.path() + "/port", "--mode", mode,
                               "--lifetime", "120"},
      env, m_dir.path() + "/receiver.log");
  for (int i = 0; i < 400 && m_port.empty(); ++i) {
    usleep(25'000);
    m_port = m_dir.read("port");
  }
  if (m_port.empty()) {
    throw std::runtime_error("the OTLP test receiver did not start (run tests/otlp/install.sh): " +
                             m_dir.read("receiver.log"));
  }
}

std::vector<std::shared_ptr<rapidjson::Document>> OtlpReceiver::requests() const {
  std::vector<std::shared_ptr<rapidjson::Document>> out;
  std::istringstream lines(m_dir.read("requests.jsonl"));
  for (std::string line; std::getline(lines, line);) {
    auto d = std::make_shared<rapidjson::Document>();
    d->Parse(line.c_str(), line.size());
    if (d->HasParseError()) {
      throw std::runtime_error("the receiver wrote a line that is not JSON: " + line);
    }
    out.push_back(d);
  }
  return out;
}

std::string absent_endpoint() {
  // Bind an ephemeral port, note it, close it: nothing listens there now.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int port = ntohs(addr.sin_port);
  close(fd);
  return "http://127.0.0.1:" + std::to_string(port);
}

}  // namespace berth::testing
