// SPDX-License-Identifier: MIT
#include "app/report.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "core/text.hpp"

namespace berth::app {
namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void write_strings(Writer& w, const char* key, const std::vector<std::string>& items) {
  w.Key(key);
  w.StartArray();
  for (const std::string& s : items) {
    w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
  }
  w.EndArray();
}

std::vector<std::string> label_lines(const core::Labels& labels) {
  std::vector<std::string> out;
  for (const auto& [key, value] : labels) {
    out.push_back(key + "=" + value);
  }
  return out;
}

std::vector<std::string> image_names(const core::Metadata& m) {
  std::vector<std::string> out;
  for (const core::ImageName& image : m.images) {
    out.push_back(image.written);
  }
  return out;
}

// Makes text safe inside a markdown table cell.
std::string cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\n': out += "<br>"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string metadata_json(const core::Metadata& m, const BuildReport* build) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("version");
  w.String(m.version().c_str(), static_cast<rapidjson::SizeType>(m.version().size()));
  write_strings(w, "tags", m.tags);
  write_strings(w, "tag_names", m.tag_set.names());
  write_strings(w, "labels", label_lines(m.labels));
  w.Key("latest");
  w.Bool(m.latest());
  write_strings(w, "images", image_names(m));
  w.Key("push");
  w.Bool(m.push);
  if (build != nullptr) {
    w.Key("digest");
    w.String(build->digest);
    w.Key("image_id");
    w.String(build->image_id);
    w.Key("held_back");
    w.StartArray();
    for (const core::HeldBack& h : build->held_back) {
      w.StartObject();
      w.Key("tag");
      w.String(h.tag);
      w.Key("because");
      w.String(h.because);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

io::Outputs metadata_outputs(const core::Metadata& m, const BuildReport* build) {
  const std::vector<std::string> images = image_names(m);
  io::Outputs out = {
      {"version", m.version()},
      {"tags", core::join(m.tags, "\n")},
      {"tag-names", core::join(m.tag_set.names(), "\n")},
      {"labels", core::join(label_lines(m.labels), "\n")},
      {"image", images.empty() ? std::string() : images.front()},
      {"images", core::join(images, "\n")},
      {"latest", m.latest() ? "true" : "false"},
      {"push", m.push ? "true" : "false"},
      {"json", metadata_json(m, build)},
  };
  if (build != nullptr) {
    out.emplace_back("digest", build->digest);
    out.emplace_back("imageid", build->image_id);
  }
  return out;
}

std::string metadata_summary(const core::Metadata& m, bool dry_run, const BuildReport* build) {
  std::string md = "### berth";
  md += dry_run ? " (dry run: nothing was written)\n\n" : "\n\n";
  md += "| image | tags |\n|---|---|\n";
  const std::vector<std::string> names = m.tag_set.names();
  for (const core::ImageName& image : m.images) {
    std::vector<std::string> cells;
    for (const std::string& tag : names) {
      cells.push_back("`" + tag + "`");
    }
    md += "| `" + cell(image.written) + "` | " + core::join(cells, " ") + " |\n";
  }
  md += "\nversion `" + cell(m.version()) + "`, push: " + (m.push ? "yes" : "no");
  if (build != nullptr && !build->digest.empty()) {
    md += ", digest `" + build->digest + "`";
  }
  md += "\n";
  if (build != nullptr) {
    for (const core::HeldBack& h : build->held_back) {
      md += "\n`" + h.tag + "` stays where it is: " + cell(h.because) + "\n";
    }
  }
  md += "\n<details><summary>labels</summary>\n\n| label | value |\n|---|---|\n";
  for (const auto& [key, value] : m.labels) {
    md += "| `" + cell(key) + "` | " + cell(value) + " |\n";
  }
  md += "\n</details>\n";
  return md;
}

}  // namespace berth::app
