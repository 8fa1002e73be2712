// SPDX-License-Identifier: MIT
// The stack file, YAML read with yaml-cpp, into core::Stack.
#include "io/stack_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <optional>

#include "core/error.hpp"
#include "core/platform.hpp"
#include "core/reference.hpp"
#include "core/stack_changes.hpp"
#include "core/suggest.hpp"
#include "core/text.hpp"

namespace berth::io {
namespace {

using core::k_stack_input;

const std::vector<std::string> k_top_keys = {"prefix", "images", "tests", "rebuild-all"};
const std::vector<std::string> k_image_keys = {"context",   "dockerfile", "image", "build-args",
                                               "platforms", "depends-on", "tests"};
const std::vector<std::string> k_test_keys = {"name", "run"};

// Reads one stack file, gathering every error it finds.
class Reader {
 public:
  Reader(std::string path, ErrorCollector& errors) : m_path(std::move(path)), m_errors(errors) {}

  // Returns the 1-based line of `node` (0 when yaml-cpp has none).
  static std::size_t line(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    return mark.line < 0 ? 0 : static_cast<std::size_t>(mark.line) + 1;
  }

  void fail(const YAML::Node& node, const std::string& text) { fail(line(node), text); }
  void fail(std::size_t at, const std::string& text) {
    m_errors.add(Error(core::stack_message(m_path, at, text), k_stack_input));
  }

  static const char* type_name(const YAML::Node& node) {
    switch (node.Type()) {
      case YAML::NodeType::Scalar: return "a string";
      case YAML::NodeType::Sequence: return "a list";
      case YAML::NodeType::Map: return "a mapping";
      case YAML::NodeType::Null: return "empty";
      case YAML::NodeType::Undefined: break;
    }
    return "undefined";
  }

  // Returns the keys of the mapping `node` with their value, reporting
  // unknown and repeated keys (`what`: "image \"base\"").
  std::vector<std::pair<YAML::Node, YAML::Node>> entries(const YAML::Node& node,
                                                        const std::vector<std::string>& known,
                                                        const std::string& what) {
    std::vector<std::pair<YAML::Node, YAML::Node>> out;
    std::map<std::string, std::size_t> seen;
    for (const auto& kv : node) {
      if (!kv.first.IsScalar()) {
        fail(kv.first, what + ": a key must be a string");
        continue;
      }
      const std::string key = kv.first.Scalar();
      if (!known.empty() && std::find(known.begin(), known.end(), key) == known.end()) {
        fail(kv.first, what + ": unknown key \"" + key + "\"" + core::did_you_mean(key, known) +
                           " (known: " + core::join(known, ", ") + ")");
        continue;
      }
      if (const auto it = seen.find(key); it != seen.end()) {
        fail(kv.first, what + ": \"" + key + "\" is given twice (first on line " +
                           std::to_string(it->second) + ")");
        continue;
      }
      seen[key] = line(kv.first);
      out.emplace_back(kv.first, kv.second);
    }
    return out;
  }

  // Returns the scalar `node` (`what` names it), or nothing after an error.
  std::optional<std::string> scalar(const YAML::Node& node, const std::string& what) {
    if (!node.IsScalar()) {
      fail(node, what + " must be a string, not " + type_name(node));
      return std::nullopt;
    }
    return node.Scalar();
  }

  // Returns the strings of a list, or of a single string, each with its node.
  std::vector<std::pair<std::string, YAML::Node>> items(const YAML::Node& node, const std::string& what) {
    std::vector<std::pair<std::string, YAML::Node>> out;
    if (node.IsScalar()) {
      out.emplace_back(node.Scalar(), node);
    } else if (node.IsSequence()) {
      for (const YAML::Node& item : node) {
        if (auto value = scalar(item, what + " entries")) {
          out.emplace_back(*value, item);
        }
      }
    } else if (!node.IsNull()) {
      fail(node, what + " must be a list of strings, not " + type_name(node));
    }
    return out;
  }

  std::vector<std::string> strings(const YAML::Node& node, const std::string& what) {
    std::vector<std::string> out;
    for (auto& item : items(node, what)) {
      out.push_back(std::move(item.first));
    }
    return out;
  }

  // Returns a path relative to the repository root, "./" and a trailing '/'
  // dropped; reports one that is absolute or leaves the repository.
  std::string relative_path(const YAML::Node& node, const std::string& value,
                            const std::string& what) {
    std::string_view p = core::trim(value);
    while (core::starts_with(p, "./")) {
      p.remove_prefix(2);
    }
    while (p.size() > 1 && p.back() == '/') {
      p.remove_suffix(1);
    }
    if (p.empty()) {
      p = ".";
    }
    bool bad = p.front() == '/';
    for (std::string_view segment : core::split(p, '/')) {
      bad = bad || segment == "..";
    }
    if (bad) {
      fail(node, what + " \"" + value + "\" must be a path inside the repository");
    }
    return std::string(p);
  }

  std::vector<core::StackTest> tests(const YAML::Node& node, const std::string& what) {
    std::vector<core::StackTest> out;
    if (node.IsNull()) {
      return out;
    }
    if (!node.IsSequence()) {
      fail(node, what + " must be a list of tests (- name: ..., run: ...), not " + type_name(node));
      return out;
    }
    for (const YAML::Node& item : node) {
      core::StackTest test;
      test.line = line(item);
      if (item.IsScalar()) {
        test.run = item.Scalar();
      } else if (item.IsMap()) {
        for (const auto& [key, value] : entries(item, k_test_keys, what + " entry")) {
          const std::string k = key.Scalar();
          if (auto text = scalar(value, what + " " + k)) {
            (k == "name" ? test.name : test.run) = *text;
          }
        }
      } else {
        fail(item, what + " entries must be mappings (name, run), not " + type_name(item));
        continue;
      }
      if (core::trim(test.run).empty()) {
        fail(item, what + ": a test needs `run`, the command to run in the image");
        continue;
      }
      if (core::trim(test.name).empty()) {
        const std::string first = core::input_lines(test.run).empty()
                                      ? test.run
                                      : core::input_lines(test.run).front();
        test.name = first.size() > 60 ? first.substr(0, 57) + "..." : first;
      }
      for (const core::StackTest& other : out) {
        if (other.name == test.name) {
          fail(item, what + ": two tests are named \"" + test.name + "\" (first on line " +
                         std::to_string(other.line) + ")");
        }
      }
      out.push_back(std::move(test));
    }
    return out;
  }

  std::vector<std::string> build_args(const YAML::Node& node, const std::string& what) {
    std::vector<std::string> out;
    const auto check = [&](const YAML::Node& at, const std::string& name, const std::string& arg) {
      const bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return core::is_alnum(c) || c == '_' || c == '-' || c == '.';
      });
      if (!ok) {
        fail(at, what + ": \"" + arg + "\" is not NAME=value (NAME: letters, digits, '_', '-', '.')");
        return;
      }
      out.push_back(arg);
    };
    if (node.IsMap()) {
      for (const auto& [key, value] : entries(node, {}, what)) {
        const std::string name = key.Scalar();
        if (value.IsNull()) {
          check(key, name, name + "=");
        } else if (auto text = scalar(value, what + " " + name)) {
          check(key, name, name + "=" + *text);
        }
      }
    } else if (node.IsSequence()) {
      for (const YAML::Node& item : node) {
        if (auto text = scalar(item, what + " entries")) {
          const std::size_t eq = text->find('=');
          if (eq == std::string::npos) {
            fail(item, what + ": \"" + *text + "\" is not NAME=value");
          } else {
            check(item, text->substr(0, eq), *text);
          }
        }
      }
    } else if (!node.IsNull()) {
      fail(node, what + " must be a mapping (NAME: value) or a list of NAME=value, not " +
                     type_name(node));
    }
    return out;
  }

  core::StackImage image(const YAML::Node& key, const YAML::Node& node, const std::string& prefix) {
    core::StackImage img;
    img.name = key.Scalar();
    img.line = line(key);
    const std::string what = "image \"" + img.name + "\"";
    const bool name_ok = !img.name.empty() && core::is_alnum(img.name.front()) &&
                         std::all_of(img.name.begin(), img.name.end(), [](char c) {
                           return core::is_alnum(c) || c == '_' || c == '-' || c == '.';
                         });
    if (!name_ok) {
      fail(key, what + ": a name is letters, digits, '_', '-' and '.', starting with a letter or digit");
    }
    std::string written_image;
    YAML::Node image_node = key;
    std::string dockerfile;
    YAML::Node dockerfile_node;
    YAML::Node context_node = key;
    std::string context = img.name;
    if (node.IsMap()) {
      for (const auto& [k, value] : entries(node, k_image_keys, what)) {
        const std::string field = k.Scalar();
        const std::string label = what + " " + field;
        if (field == "context") {
          if (auto v = scalar(value, label)) {
            context = *v;
            context_node = value;
          }
        } else if (field == "dockerfile") {
          if (auto v = scalar(value, label)) {
            dockerfile = *v;
            dockerfile_node = value;
          }
        } else if (field == "image") {
          if (auto v = scalar(value, label)) {
            written_image = core::trim(*v);
            image_node = value;
          }
        } else if (field == "build-args") {
          img.build_args = build_args(value, label);
        } else if (field == "platforms") {
          for (const auto& [item, at] : items(value, label)) {
            for (const std::string& p : core::input_items(item)) {
              if (!core::parse_platform(p)) {
                fail(at, label + ": \"" + p + "\" is not a platform (os/arch[/variant])");
              } else {
                img.platforms.push_back(p);
              }
            }
          }
        } else if (field == "depends-on") {
          img.depends_on = strings(value, label);
        } else {
          img.tests = tests(value, what + " tests");
        }
      }
    } else if (!node.IsNull()) {
      fail(node, what + " must be a mapping of its settings (or empty), not " + type_name(node));
    }
    img.context = relative_path(context_node, context, what + " context");
    img.dockerfile = dockerfile.empty()
                         ? (img.context == "." ? std::string("Dockerfile") : img.context + "/Dockerfile")
                         : relative_path(dockerfile_node, dockerfile, what + " dockerfile");
    std::string full = written_image;
    if (full.empty() || full.find('/') == std::string::npos) {
      const std::string last = full.empty() ? core::to_lower(img.name) : full;
      if (m_prefix_bad) {
        return img;  // reported once, on the prefix's line
      }
      if (prefix.empty()) {
        fail(image_node, what + ": no prefix to name its image by; set `prefix` or a full `image`");
        return img;
      }
      full = prefix + "/" + last;
    }
    try {
      img.image = core::parse_image_name(full, k_stack_input).written;
    } catch (const Error& e) {
      fail(image_node, what + ": " + e.what());
    }
    return img;
  }

  core::Stack stack(const YAML::Node& root, const std::string& default_prefix) {
    core::Stack out;
    out.path = m_path;
    if (!root.IsMap()) {
      fail(root.IsNull() ? 1 : line(root),
           "the stack file must be a mapping with `images`, not " + std::string(type_name(root)));
      return out;
    }
    std::string prefix = default_prefix;
    YAML::Node images;
    bool has_images = false;
    std::size_t images_line = 0;
    for (const auto& [key, value] : entries(root, k_top_keys, "stack file")) {
      const std::string field = key.Scalar();
      if (field == "prefix") {
        if (auto v = scalar(value, "prefix")) {
          prefix = std::string(core::trim(*v));
          while (!prefix.empty() && prefix.back() == '/') {
            prefix.pop_back();
          }
          try {
            core::parse_image_name(prefix + "/x", k_stack_input);
          } catch (const Error& e) {
            fail(value, "prefix \"" + *v + "\" does not start image names: " + e.what());
            m_prefix_bad = true;
          }
        }
      } else if (field == "images") {
        images = value;
        has_images = true;
        images_line = line(key);
      } else if (field == "tests") {
        out.common_tests = tests(value, "tests");
      } else {
        for (const auto& [glob, at] : items(value, "rebuild-all")) {
          const std::string problem = core::glob_problem(glob);
          if (!problem.empty()) {
            fail(at, "rebuild-all: \"" + glob + "\" is not a path glob: " + problem);
          } else {
            out.rebuild_all.push_back(glob);
          }
        }
      }
    }
    if (!has_images) {
      fail(1, "no `images`: the stack file names its images under `images:`");
    } else if (!images.IsMap() || images.size() == 0) {
      fail(images_line, "`images` must be a mapping of image names to their settings, not " +
                            std::string(images.IsMap() ? "empty" : type_name(images)));
    } else {
      for (const auto& [key, value] : entries(images, {}, "images")) {
        out.images.push_back(image(key, value, prefix));
      }
    }
    return out;
  }

 private:
  std::string m_path;
  ErrorCollector& m_errors;
  bool m_prefix_bad = false;
};

}  // namespace

core::Stack parse_stack_file(std::string_view text, const std::string& path,
                             const std::string& default_prefix) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    const std::size_t at = e.mark.line < 0 ? 0 : static_cast<std::size_t>(e.mark.line) + 1;
    throw Errors({Error(core::stack_message(path, at, "not valid YAML: " + e.msg), k_stack_input)});
  }
  ErrorCollector errors;
  Reader reader(path, errors);
  core::Stack out = reader.stack(root, default_prefix);
  errors.throw_if_any();
  return out;
}

core::Stack load_stack(Files& files, const std::string& root, const std::string& path,
                       const std::string& default_prefix,
                       const std::vector<std::string>& build_args) {
  const std::string base = root.empty() || root.back() == '/' ? root : root + "/";
  const std::string file = base + path;
  if (!files.is_regular_file(file)) {
    throw Error("stack file " + path + " is not there (`stack` names a file in the repository)",
                k_stack_input);
  }
  core::Stack stack = parse_stack_file(files.read_text(file), path, default_prefix);
  ErrorCollector errors;
  std::map<std::string, std::string> dockerfiles;
  for (const core::StackImage& image : stack.images) {
    const std::string what = "image \"" + image.name + "\": ";
    if (!files.is_directory(base + image.context)) {
      errors.add(Error(core::stack_message(path, image.line,
                                           what + "its context " + image.context + " is not a directory"),
                       k_stack_input));
    }
    if (!files.is_regular_file(base + image.dockerfile)) {
      errors.add(Error(core::stack_message(path, image.line,
                                           what + "its Dockerfile " + image.dockerfile + " is not there"),
                       k_stack_input));
    } else {
      dockerfiles[image.name] = files.read_text(base + image.dockerfile);
    }
  }
  errors.throw_if_any();
  core::link_stack(stack, dockerfiles, build_args);
  return stack;
}

}  // namespace berth::io
