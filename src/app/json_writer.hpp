// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

// The two calls every JSON report of app/ writes most: a string member and
// a member that is an array of strings.
namespace berth::app {

using JsonWriter = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

// Writes the member `key`: `value`.
inline void write_string(JsonWriter& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

// Writes the member `key`: [items...].
inline void write_strings(JsonWriter& w, const char* key, const std::vector<std::string>& items) {
  w.Key(key);
  w.StartArray();
  for (const std::string& s : items) {
    w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
  }
  w.EndArray();
}

}  // namespace berth::app
