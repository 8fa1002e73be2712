// SPDX-License-Identifier: MIT
#include "io/engine_api.hpp"

#include <rapidjson/document.h>

#include <future>
#include <utility>

#include "core/error.hpp"
#include "io/http.hpp"
#include "io/registry_errors.hpp"

namespace berth::io {
namespace {

using Value = rapidjson::Value;

// Parses `json` as one JSON object; false when it is not.
bool parse_object(std::string_view json, rapidjson::Document& doc) {
  doc.Parse(json.data(), json.size());
  return !doc.HasParseError() && doc.IsObject();
}

// Returns the string member `key` of `object`, nullopt when it is absent or
// not a string.
std::optional<std::string> string_member(const Value& object, const char* key) {
  const auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsString()) {
    return std::nullopt;
  }
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

// Returns the string member `key` of `object`, "" when absent; nullopt when
// it is there and not a string (the file is not what its reader expects).
std::optional<std::string> member_or_empty(const Value& object, const char* key) {
  if (!object.HasMember(key)) {
    return std::string();
  }
  return string_member(object, key);
}

class SocketEngineApi : public EngineApi {
 public:
  SocketEngineApi(std::string path, std::function<int()> stop) : m_path(std::move(path)) {
    HttpOptions options;
    options.unix_socket = m_path;
    options.connect_timeout_ms = 10'000;
    options.timeout_ms = 30'000;  // as long as berth waits for a docker CLI process
    options.stop = std::move(stop);
    m_http = make_curl_client(options);
    m_info_http = make_curl_client(options);
  }
  ~SocketEngineApi() override {
    if (m_info.valid()) {
      m_info.wait();  // bounded by the request's timeout and the stop request
    }
  }
  SocketEngineApi(const SocketEngineApi&) = delete;
  SocketEngineApi& operator=(const SocketEngineApi&) = delete;

  // GET /info, the daemon's slower answer, goes out on a connection of its
  // own while /version is asked: the probe wants it next (the docker
  // driver's image store), and the two waits overlap.
  EngineVersion version() override {
    if (!m_info.valid()) {
      m_info = std::async(std::launch::async,
                          [this] { return get(*m_info_http, "/info"); });
    }
    return parse_engine_version(get(*m_http, "/version"));
  }
  EngineInfo info() override {
    if (m_info.valid()) {
      return parse_engine_info(m_info.get());
    }
    return parse_engine_info(get(*m_http, "/info"));
  }

 private:
  std::string get(HttpClient& http, const std::string& path) const {
    HttpRequest request;
    // The host is a placeholder: the socket is the daemon (the CLI sends "api.moby.localhost").
    request.url = "http://localhost" + path;
    request.max_body = 1024 * 1024;
    HttpResponse response;
    try {
      response = http.send(request);
    } catch (const TransportError& e) {
      throw Error("the docker daemon at unix://" + m_path + " does not answer: " + e.what());
    }
    if (response.status != 200) {
      throw Error("the docker daemon at unix://" + m_path + " answered GET " + path +
                  " with HTTP " + std::to_string(response.status) + ": " +
                  printable(response.body));
    }
    return response.body;
  }

  std::string m_path;
  std::unique_ptr<HttpClient> m_http;
  std::unique_ptr<HttpClient> m_info_http;  // used by the /info request only
  std::future<std::string> m_info;          // that request, once version() started it
};

}  // namespace

EngineVersion parse_engine_version(std::string_view json) {
  rapidjson::Document doc;
  if (!parse_object(json, doc)) {
    throw Error("the docker daemon's /version is not a JSON object");
  }
  EngineVersion v;
  v.version = string_member(doc, "Version").value_or("");
  v.os = string_member(doc, "Os").value_or("");
  v.arch = string_member(doc, "Arch").value_or("");
  if (v.version.empty()) {
    throw Error("the docker daemon's /version names no Version");
  }
  return v;
}

EngineInfo parse_engine_info(std::string_view json) {
  rapidjson::Document doc;
  if (!parse_object(json, doc)) {
    throw Error("the docker daemon's /info is not a JSON object");
  }
  EngineInfo info;
  info.driver = string_member(doc, "Driver").value_or("");
  const auto status = doc.FindMember("DriverStatus");
  if (status == doc.MemberEnd() || status->value.IsNull()) {
    return info;  // no entries: the store is unknown, as from an empty `docker info` line
  }
  if (!status->value.IsArray()) {
    throw Error("the docker daemon's /info: \"DriverStatus\" is not a list");
  }
  for (const Value& entry : status->value.GetArray()) {
    if (!entry.IsArray() || entry.Size() != 2 || !entry[0].IsString() || !entry[1].IsString()) {
      throw Error("the docker daemon's /info: an entry of \"DriverStatus\" is not a pair of strings");
    }
    info.driver_status.emplace_back(
        std::string(entry[0].GetString(), entry[0].GetStringLength()),
        std::string(entry[1].GetString(), entry[1].GetStringLength()));
  }
  return info;
}

std::optional<std::string> parse_current_context(std::string_view json) {
  rapidjson::Document doc;
  if (!parse_object(json, doc)) {
    return std::nullopt;
  }
  return member_or_empty(doc, "currentContext");
}

std::optional<std::string> parse_buildx_current(std::string_view json) {
  rapidjson::Document doc;
  if (!parse_object(json, doc)) {
    return std::nullopt;
  }
  return member_or_empty(doc, "Name");
}

std::unique_ptr<EngineApi> make_engine_api(const std::string& path, std::function<int()> stop) {
  return std::make_unique<SocketEngineApi>(path, std::move(stop));
}

}  // namespace berth::io
