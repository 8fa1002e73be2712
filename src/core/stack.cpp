// SPDX-License-Identifier: MIT
// A stack's links (FROM lines and depends-on), their checks, the build order
// and the dependency levels.
#include "core/stack.hpp"

#include <algorithm>

#include "core/dockerfile_sources.hpp"
#include "core/error.hpp"
#include "core/reference.hpp"
#include "core/suggest.hpp"
#include "core/text.hpp"

namespace berth::core {
namespace {

Error stack_error(const std::string& path, std::size_t line, const std::string& text) {
  return Error(stack_message(path, line, text), k_stack_input);
}

bool has_parent(const StackImage& image, const std::string& name) {
  return std::any_of(image.parents.begin(), image.parents.end(),
                     [&](const StackParent& p) { return p.name == name; });
}

// Adds the parent `name` unless a parent of that name and key is there already.
void add_parent(StackImage& image, const std::string& name, const std::string& from_ref) {
  for (const StackParent& p : image.parents) {
    if (p.name == name && p.from_ref == from_ref) {
      return;
    }
  }
  image.parents.push_back({name, from_ref});
}

// Returns the index of the image `name` in `images`, or images.size().
std::size_t index_of(const std::vector<StackImage>& images, const std::string& name) {
  for (std::size_t i = 0; i < images.size(); ++i) {
    if (images[i].name == name) {
      return i;
    }
  }
  return images.size();
}

// Returns the fully qualified name of each image ("" where it does not parse),
// adding an error for each name that does not parse or is taken.
std::vector<std::string> full_names(const Stack& stack, ErrorCollector& errors) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < stack.images.size(); ++i) {
    const StackImage& image = stack.images[i];
    for (std::size_t j = 0; j < i; ++j) {
      if (stack.images[j].name == image.name) {
        errors.add(stack_error(stack.path, image.line,
                               "image \"" + image.name + "\" is defined twice (first on line " +
                                   std::to_string(stack.images[j].line) + ")"));
      }
    }
    std::string full;
    try {
      full = parse_image_name(image.image, k_stack_input).full();
    } catch (const Error& e) {
      errors.add(stack_error(stack.path, image.line,
                             "image \"" + image.name + "\": " + std::string(e.what())));
    }
    for (std::size_t j = 0; j < i && !full.empty(); ++j) {
      if (out[j] == full && stack.images[j].name != image.name) {
        errors.add(stack_error(stack.path, image.line,
                               "images \"" + stack.images[j].name + "\" (line " +
                                   std::to_string(stack.images[j].line) + ") and \"" +
                                   image.name + "\" are both " + image.image));
      }
    }
    out.push_back(full);
  }
  return out;
}

// Adds the parents the FROM lines of `image`'s Dockerfile name.
void link_from_lines(const Stack& stack, const std::vector<std::string>& fulls,
                     StackImage& image, const std::string& dockerfile,
                     const std::vector<std::string>& build_args, ErrorCollector& errors) {
  std::vector<std::string> args = image.build_args;
  args.insert(args.end(), build_args.begin(), build_args.end());
  for (const FromImage& from : dockerfile_from_images(dockerfile, args)) {
    if (from.expanded.find('$') != std::string::npos) {
      continue;  // a variable without a value: not an image berth can name
    }
    Reference ref;
    try {
      ref = parse_reference(from.expanded, k_stack_input);
    } catch (const Error&) {
      continue;  // not a reference: the build reports it
    }
    const auto it = std::find(fulls.begin(), fulls.end(), ref.name.full());
    if (it == fulls.end()) {
      continue;
    }
    const StackImage& parent = stack.images[static_cast<std::size_t>(it - fulls.begin())];
    if (parent.name == image.name) {
      errors.add(stack_error(image.dockerfile, from.line,
                             "FROM " + from.written + " names image \"" + image.name +
                                 "\" itself (" + image.image + "); an image cannot build FROM itself"));
      continue;
    }
    add_parent(image, parent.name, named_context_key(from.expanded, k_stack_input));
  }
}

// Returns a cycle among the images not yet `placed`, following parents from
// the first of them: "base → ml → base", and the index it starts at.
std::pair<std::string, std::size_t> find_cycle(const std::vector<StackImage>& images,
                                               const std::vector<bool>& placed) {
  std::size_t start = 0;
  while (start < images.size() && placed[start]) {
    ++start;
  }
  std::vector<std::size_t> path;
  std::vector<std::size_t> seen_at(images.size(), images.size());
  std::size_t at = start;
  while (seen_at[at] == images.size()) {
    seen_at[at] = path.size();
    path.push_back(at);
    // An unplaced image always has an unplaced parent (else it would be placed).
    for (const StackParent& p : images[at].parents) {
      const std::size_t next = index_of(images, p.name);
      if (next < images.size() && !placed[next]) {
        at = next;
        break;
      }
    }
  }
  std::string text;
  for (std::size_t i = seen_at[at]; i < path.size(); ++i) {
    text += images[path[i]].name + " → ";
  }
  return {text + images[at].name, at};
}

}  // namespace

std::string stack_message(const std::string& path, std::size_t line, const std::string& text) {
  const std::string where = path.empty() ? std::string("stack file") : path;
  return line == 0 ? where + ": " + text : where + ":" + std::to_string(line) + ": " + text;
}

std::string named_context_key(const std::string& ref, const std::string& input) {
  const Reference parsed = parse_reference(ref, input);
  std::string name = parsed.name.full();
  const std::string hub = std::string(k_docker_hub) + "/";
  if (starts_with(name, hub)) {
    name = name.substr(hub.size());
    const std::string library = "library/";
    if (starts_with(name, library) && name.find('/', library.size()) == std::string::npos) {
      name = name.substr(library.size());
    }
  }
  if (!parsed.tag.empty()) {
    name += ":" + parsed.tag;
  }
  if (!parsed.digest.empty()) {
    name += "@" + parsed.digest;
  }
  const std::string latest = ":latest";
  if (ends_with(name, latest)) {
    name.resize(name.size() - latest.size());
  }
  return name;
}

const StackImage* find_stack_image(const Stack& stack, const std::string& name) {
  const std::size_t i = index_of(stack.images, name);
  return i < stack.images.size() ? &stack.images[i] : nullptr;
}

void link_stack(Stack& stack, const std::map<std::string, std::string>& dockerfiles,
                const std::vector<std::string>& build_args) {
  ErrorCollector errors;
  const std::vector<std::string> fulls = full_names(stack, errors);
  std::vector<std::string> names;
  for (const StackImage& image : stack.images) {
    names.push_back(image.name);
  }
  for (StackImage& image : stack.images) {
    image.parents.clear();
    const auto text = dockerfiles.find(image.name);
    if (text == dockerfiles.end()) {
      errors.add(stack_error(stack.path, image.line,
                             "image \"" + image.name + "\": no Dockerfile " + image.dockerfile));
    } else {
      link_from_lines(stack, fulls, image, text->second, build_args, errors);
    }
    for (const std::string& parent : image.depends_on) {
      if (parent == image.name) {
        errors.add(stack_error(stack.path, image.line,
                               "image \"" + image.name + "\" depends on itself"));
      } else if (index_of(stack.images, parent) == stack.images.size()) {
        errors.add(stack_error(stack.path, image.line,
                               "image \"" + image.name + "\" depends on \"" + parent +
                                   "\", which is not an image of the stack" +
                                   did_you_mean(parent, names)));
      } else if (!has_parent(image, parent)) {
        image.parents.push_back({parent, ""});
      }
    }
  }
  errors.throw_if_any();

  // Build order: each round takes the first image, in file order, whose
  // parents are all placed.
  std::vector<bool> placed(stack.images.size(), false);
  std::vector<StackImage> ordered;
  while (ordered.size() < stack.images.size()) {
    std::size_t next = stack.images.size();
    for (std::size_t i = 0; i < stack.images.size() && next == stack.images.size(); ++i) {
      const StackImage& image = stack.images[i];
      const bool ready =
          !placed[i] && std::all_of(image.parents.begin(), image.parents.end(),
                                    [&](const StackParent& p) {
                                      return placed[index_of(stack.images, p.name)];
                                    });
      if (ready) {
        next = i;
      }
    }
    if (next == stack.images.size()) {
      const auto [cycle, at] = find_cycle(stack.images, placed);
      throw Errors({stack_error(stack.path, stack.images[at].line,
                                "the images' parents form a cycle: " + cycle +
                                    " (each builds FROM the next)")});
    }
    placed[next] = true;
    ordered.push_back(stack.images[next]);
  }
  stack.images = std::move(ordered);
}

std::vector<std::vector<std::string>> stack_levels(const Stack& stack) {
  std::vector<std::vector<std::string>> levels;
  std::vector<std::size_t> level_of(stack.images.size(), 0);
  for (std::size_t i = 0; i < stack.images.size(); ++i) {
    std::size_t level = 0;
    for (const StackParent& p : stack.images[i].parents) {
      const std::size_t j = index_of(stack.images, p.name);
      if (j < i) {
        level = std::max(level, level_of[j] + 1);
      }
    }
    level_of[i] = level;
    if (levels.size() <= level) {
      levels.resize(level + 1);
    }
    levels[level].push_back(stack.images[i].name);
  }
  return levels;
}

std::string default_stack_prefix(const std::string& registry, const std::string& owner,
                                 const std::string& repository) {
  const std::string who = owner.empty() ? repository.substr(0, repository.find('/')) : owner;
  return to_lower(registry + "/" + who);
}

}  // namespace berth::core
