// SPDX-License-Identifier: MIT
#include "io/otlp.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/text.hpp"

namespace berth::io {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// Returns the first non-empty variable of `names`.
std::string first_of(const Env& env, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    const std::string value(core::trim(env.get(name)));
    if (!value.empty()) {
      return value;
    }
  }
  return {};
}

int hex_value(char c) {
  if (core::is_digit(c)) {
    return c - '0';
  }
  const char l = static_cast<char>(c | 0x20);
  return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
}

// Percent-decodes `s` (the headers variable's values are URL-encoded);
// returns false on a broken escape.
bool percent_decode(std::string_view s, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) {
      return false;
    }
    const int hi = hex_value(s[i + 1]);
    const int lo = hex_value(s[i + 2]);
    if (hi < 0 || lo < 0) {
      return false;
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return true;
}

// Parses "k1=v1,k2=v2" (W3C Baggage-like, as the exporter spec says).
// Returns false, with nothing parsed, when an entry has no '=' or a key is
// empty: a half-read list could send a token to the wrong header.
bool parse_headers(std::string_view text, Headers& out) {
  Headers parsed;
  for (std::string_view entry : core::split(text, ',')) {
    entry = core::trim(entry);
    if (entry.empty()) {
      continue;
    }
    const std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos) {
      return false;
    }
    std::string key;
    std::string value;
    if (!percent_decode(core::trim(entry.substr(0, eq)), key) ||
        !percent_decode(core::trim(entry.substr(eq + 1)), value) || key.empty() ||
        key.find_first_of(" \t\r\n:") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      return false;
    }
    parsed.emplace_back(std::move(key), std::move(value));
  }
  out = std::move(parsed);
  return true;
}

void write_string(Writer& w, const std::string& s) {
  w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
}

void write_attributes(Writer& w, const std::vector<core::Attribute>& attributes) {
  w.Key("attributes");
  w.StartArray();
  for (const core::Attribute& a : attributes) {
    w.StartObject();
    w.Key("key");
    write_string(w, a.key);
    w.Key("value");
    w.StartObject();
    switch (a.kind) {
      case core::Attribute::Kind::k_string:
        w.Key("stringValue");
        write_string(w, a.text);
        break;
      case core::Attribute::Kind::k_int:
        // int64 is a decimal string in the JSON mapping of protobuf.
        w.Key("intValue");
        write_string(w, std::to_string(a.number));
        break;
      case core::Attribute::Kind::k_strings:
        w.Key("arrayValue");
        w.StartObject();
        w.Key("values");
        w.StartArray();
        for (const std::string& item : a.list) {
          w.StartObject();
          w.Key("stringValue");
          write_string(w, item);
          w.EndObject();
        }
        w.EndArray();
        w.EndObject();
        break;
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

OtlpConfig otlp_config(const Env& env) {
  OtlpConfig config;
  if (core::to_lower(core::trim(env.get("OTEL_SDK_DISABLED"))) == "true") {
    return config;
  }
  const std::string exporters = core::to_lower(core::trim(env.get("OTEL_TRACES_EXPORTER")));
  if (!exporters.empty() && exporters.find("otlp") == std::string::npos) {
    return config;
  }
  if (const std::string traces = first_of(env, {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"});
      !traces.empty()) {
    config.url = traces;
  } else if (const std::string base = first_of(env, {"OTEL_EXPORTER_OTLP_ENDPOINT"});
             !base.empty()) {
    config.url = base + (core::ends_with(base, "/") ? "v1/traces" : "/v1/traces");
  } else {
    return config;
  }
  if (!core::starts_with(core::to_lower(config.url), "http://") &&
      !core::starts_with(core::to_lower(config.url), "https://")) {
    config.warnings.push_back("traces are not sent: the OTLP endpoint \"" + config.url +
                              "\" is not an http:// or https:// URL");
    return config;
  }
  const std::string protocol = core::to_lower(
      first_of(env, {"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"}));
  if (!protocol.empty() && protocol != "http/json") {
    config.warnings.push_back("traces are not sent: OTLP protocol \"" + protocol +
                              "\" is not supported; berth sends http/json only");
    return config;
  }
  for (const char* name : {"OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"}) {
    Headers headers;
    if (!parse_headers(env.get(name), headers)) {
      // The value may hold a token: name the variable, never its text.
      config.warnings.push_back(std::string("traces are not sent: ") + name +
                                " is not a list of key=value pairs");
      return config;
    }
    for (auto& [key, value] : headers) {
      // The traces-only list wins for a header both name.
      const std::string lower = core::to_lower(key);
      for (auto it = config.headers.begin(); it != config.headers.end();) {
        it = core::to_lower(it->first) == lower ? config.headers.erase(it) : std::next(it);
      }
      config.headers.emplace_back(std::move(key), std::move(value));
    }
  }
  const std::string timeout =
      first_of(env, {"OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT"});
  if (!timeout.empty() && timeout.size() < 10 &&
      timeout.find_first_not_of("0123456789") == std::string::npos && std::stol(timeout) > 0) {
    config.timeout_ms = std::min(std::stol(timeout), k_otlp_max_wait_ms);
  }
  if (const std::string name = first_of(env, {"OTEL_SERVICE_NAME"}); !name.empty()) {
    config.service_name = name;
  }
  config.enabled = true;
  return config;
}

std::string otlp_json(const std::vector<core::Span>& spans,
                      const std::vector<core::Attribute>& resource, const std::string& version) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("resourceSpans");
  w.StartArray();
  w.StartObject();
  w.Key("resource");
  w.StartObject();
  write_attributes(w, resource);
  w.EndObject();
  w.Key("scopeSpans");
  w.StartArray();
  w.StartObject();
  w.Key("scope");
  w.StartObject();
  w.Key("name");
  w.String("berth");
  w.Key("version");
  write_string(w, version);
  w.EndObject();
  w.Key("spans");
  w.StartArray();
  for (const core::Span& span : spans) {
    w.StartObject();
    w.Key("traceId");
    write_string(w, span.trace_id);
    w.Key("spanId");
    write_string(w, span.span_id);
    if (!span.parent_span_id.empty()) {
      w.Key("parentSpanId");
      write_string(w, span.parent_span_id);
    }
    w.Key("name");
    write_string(w, span.name);
    w.Key("kind");
    w.Int(1);  // SPAN_KIND_INTERNAL
    w.Key("startTimeUnixNano");
    write_string(w, std::to_string(span.start_ns));
    w.Key("endTimeUnixNano");
    write_string(w, std::to_string(span.end_ns));
    write_attributes(w, span.attributes);
    w.Key("status");
    w.StartObject();
    w.Key("code");
    w.Int(span.failed ? 2 : 1);  // STATUS_CODE_ERROR : STATUS_CODE_OK
    if (!span.status_message.empty()) {
      w.Key("message");
      write_string(w, span.status_message);
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string send_otlp(HttpClient& http, const OtlpConfig& config, const std::string& body) {
  HttpRequest request;
  request.method = "POST";
  request.url = config.url;
  request.headers = config.headers;
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = body;
  try {
    const HttpResponse response = http.send(request);
    if (response.status >= 200 && response.status < 300) {
      return {};
    }
    return "the collector at " + config.url + " answered " + std::to_string(response.status);
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    return e.what();
  }
}

}  // namespace berth::io
