// SPDX-License-Identifier: MIT
// GitRepo through libgit2 (https://libgit2.org/libgit2/): the only file that
// includes <git2.h>. Reads the repository's files; never runs git.
#include "io/git.hpp"

#include <git2.h>

#include <algorithm>
#include <queue>
#include <set>
#include <tuple>
#include <utility>

#include "core/error.hpp"

namespace berth::io {
namespace {

// libgit2's global state, set up once on first use and torn down at exit.
class Library {
 public:
  static void ensure() { static const Library library; }

 private:
  Library() {
    git_libgit2_init();
    // GitHub Actions mounts the workspace into the action's container owned by
    // the runner's uid, not the container's root: libgit2 (like git's
    // safe.directory) would then refuse to open it. berth only reads the
    // repository and runs none of its hooks or config-named programs, which is
    // what that check guards against, so it is off.
    git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
  }
  ~Library() { git_libgit2_shutdown(); }
};

// Frees a libgit2 object with its own free function.
template <auto Free>
struct Freer {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using RepoPtr = std::unique_ptr<git_repository, Freer<git_repository_free>>;
using ObjectPtr = std::unique_ptr<git_object, Freer<git_object_free>>;
using CommitPtr = std::unique_ptr<git_commit, Freer<git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, Freer<git_tree_free>>;
using RefPtr = std::unique_ptr<git_reference, Freer<git_reference_free>>;
using ConfigPtr = std::unique_ptr<git_config, Freer<git_config_free>>;
using DiffPtr = std::unique_ptr<git_diff, Freer<git_diff_free>>;

// libgit2's message for the last failure of this thread.
std::string last_message(int rc) {
  const git_error* e = git_error_last();
  return e != nullptr && e->message != nullptr ? e->message
                                               : "libgit2 error " + std::to_string(rc);
}

// Throws Error "`what`: <libgit2's message>" when `rc` reports a failure.
void check(int rc, const std::string& what) {
  if (rc < 0) {
    throw Error(what + ": " + last_message(rc));
  }
}

std::string hex(const git_oid& id) {
  char text[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(text, sizeof text, &id);
  return text;
}

std::string without_prefix(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0 ? s.substr(prefix.size())
                                                  : std::string();
}

class LibGit2Repo : public GitRepo {
 public:
  LibGit2Repo(RepoPtr repo, std::string root)
      : m_repo(std::move(repo)), m_root(std::move(root)) {}

  core::CheckoutFacts facts() override {
    core::CheckoutFacts f;
    f.root = m_root;
    f.shallow = git_repository_is_shallow(m_repo.get()) == 1;
    f.branch = symbolic_tail("HEAD", "refs/heads/");
    // HEAD's target, unless a symbolic ref names a branch still without commits.
    if (git_repository_head_detached(m_repo.get()) == 1 ||
        git_repository_head_unborn(m_repo.get()) == 0) {
      const CommitPtr head = commit("HEAD");
      f.head_sha = hex(*git_commit_id(head.get()));
      f.head_time_s = git_commit_time(head.get());
      f.tags_at_head = tags_at(*git_commit_id(head.get()));
    }
    f.origin_url = config_string("remote.origin.url");
    f.default_branch = symbolic_tail("refs/remotes/origin/HEAD", "refs/remotes/origin/");
    if (!f.default_branch.empty()) {
      git_oid id;
      const std::string ref = "refs/remotes/origin/" + f.default_branch;
      if (git_reference_name_to_id(&id, m_repo.get(), ref.c_str()) == 0) {
        f.default_branch_sha = hex(id);
      }
    }
    return f;
  }

  // Commits by committer time, newest first, over every parent (what revwalk's
  // GIT_SORT_TIME gives); a walk of its own because libgit2 1.5's revwalk
  // does not stop at a shallow clone's boundary, whose parents are missing.
  std::vector<std::string> history(const std::string& sha, std::size_t limit) override {
    using Entry = std::tuple<std::int64_t, std::size_t, git_oid>;  // time, -order, id
    const auto below = [](const Entry& a, const Entry& b) {
      return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) < std::get<0>(b)
                                              : std::get<1>(a) > std::get<1>(b);
    };
    std::priority_queue<Entry, std::vector<Entry>, decltype(below)> queue(below);
    std::set<std::string> seen;
    std::size_t order = 0;
    const CommitPtr start = commit(sha);
    queue.emplace(git_commit_time(start.get()), order++, *git_commit_id(start.get()));
    seen.insert(hex(*git_commit_id(start.get())));
    const bool shallow = git_repository_is_shallow(m_repo.get()) == 1;
    std::vector<std::string> out;
    while (!queue.empty() && out.size() < limit) {
      const git_oid id = std::get<2>(queue.top());
      queue.pop();
      out.push_back(hex(id));
      const CommitPtr c = lookup(id);
      for (unsigned i = 0; i < git_commit_parentcount(c.get()); ++i) {
        const git_oid parent_id = *git_commit_parent_id(c.get(), i);
        if (!seen.insert(hex(parent_id)).second) {
          continue;
        }
        git_commit* parent = nullptr;
        const int rc = git_commit_lookup(&parent, m_repo.get(), &parent_id);
        if (rc == GIT_ENOTFOUND && shallow) {
          continue;  // beyond the shallow clone's depth
        }
        check(rc, "reading commit " + hex(parent_id) + " in " + m_root);
        const CommitPtr owned(parent);
        queue.emplace(git_commit_time(parent), order++, parent_id);
      }
    }
    return out;
  }

  // Both paths of a rename come out of a diff without rename detection (one
  // deletion, one addition), so none is asked for.
  std::vector<std::string> changed_paths(const std::string& from,
                                         const std::string& to) override {
    const TreePtr old_tree = tree(from);
    const TreePtr new_tree = tree(to);
    git_diff* raw = nullptr;
    check(git_diff_tree_to_tree(&raw, m_repo.get(), old_tree.get(), new_tree.get(),
                                nullptr),
          "comparing " + from + " with " + to + " in " + m_root);
    const DiffPtr diff(raw);
    std::set<std::string> paths;
    for (std::size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
      const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
      paths.insert(d->old_file.path);
      paths.insert(d->new_file.path);
    }
    return {paths.begin(), paths.end()};
  }

  bool has_commit(const std::string& sha) override {
    git_object* raw = nullptr;
    if (git_revparse_single(&raw, m_repo.get(), sha.c_str()) < 0) {
      return false;
    }
    const ObjectPtr object(raw);
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) < 0) {
      return false;
    }
    git_object_free(peeled);
    return true;
  }

 private:
  // The commit `rev` names (a sha, or a ref such as HEAD). Throws Error.
  CommitPtr commit(const std::string& rev) {
    git_object* raw = nullptr;
    const int rc = git_revparse_single(&raw, m_repo.get(), rev.c_str());
    if (rc == GIT_ENOTFOUND || rc == GIT_EAMBIGUOUS || rc == GIT_EINVALIDSPEC) {
      throw Error("commit " + rev + " is not in the repository " + m_root + ": " +
                  last_message(rc));
    }
    check(rc, "reading " + rev + " in " + m_root);
    const ObjectPtr object(raw);
    git_object* peeled = nullptr;
    check(git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT),
          rev + " in " + m_root + " is not a commit");
    return CommitPtr(reinterpret_cast<git_commit*>(peeled));
  }

  CommitPtr lookup(const git_oid& id) {
    git_commit* raw = nullptr;
    check(git_commit_lookup(&raw, m_repo.get(), &id),
          "reading commit " + hex(id) + " in " + m_root);
    return CommitPtr(raw);
  }

  TreePtr tree(const std::string& rev) {
    const CommitPtr c = commit(rev);
    git_tree* raw = nullptr;
    check(git_commit_tree(&raw, c.get()), "reading the tree of " + rev + " in " + m_root);
    return TreePtr(raw);
  }

  // The target of symbolic ref `name` without `prefix`; "" when the ref is
  // missing, not symbolic, or points elsewhere.
  std::string symbolic_tail(const std::string& name, const std::string& prefix) {
    git_reference* raw = nullptr;
    const int rc = git_reference_lookup(&raw, m_repo.get(), name.c_str());
    if (rc == GIT_ENOTFOUND) {
      return "";
    }
    check(rc, "reading " + name + " in " + m_root);
    const RefPtr ref(raw);
    const char* target = git_reference_symbolic_target(ref.get());
    return target == nullptr ? "" : without_prefix(target, prefix);
  }

  std::string config_string(const std::string& key) {
    git_config* raw = nullptr;
    check(git_repository_config_snapshot(&raw, m_repo.get()),
          "reading the config of " + m_root);
    const ConfigPtr config(raw);
    const char* value = nullptr;
    const int rc = git_config_get_string(&value, config.get(), key.c_str());
    if (rc == GIT_ENOTFOUND) {
      return "";
    }
    check(rc, "reading " + key + " in " + m_root);
    return value;
  }

  // Tags whose target peels to commit `head`, sorted (lightweight ones point
  // at it, annotated ones at a tag object that points at it).
  std::vector<std::string> tags_at(const git_oid& head) {
    struct Walk {
      git_repository* repo;
      const git_oid* head;
      std::vector<std::string> names;
    } walk{m_repo.get(), &head, {}};
    const auto visit = [](const char* name, git_oid* id, void* payload) -> int {
      auto& w = *static_cast<Walk*>(payload);
      git_object* raw = nullptr;
      if (git_object_lookup(&raw, w.repo, id, GIT_OBJECT_ANY) < 0) {
        return 0;  // a tag whose object is missing (a shallow clone's) points elsewhere
      }
      const ObjectPtr object(raw);
      git_object* peeled = nullptr;
      if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) == 0) {
        if (git_oid_equal(git_object_id(peeled), w.head) != 0) {
          w.names.push_back(without_prefix(name, "refs/tags/"));
        }
        git_object_free(peeled);
      }
      return 0;
    };
    const int rc = git_tag_foreach(m_repo.get(), visit, &walk);
    check(rc, "reading the tags of " + m_root);
    std::sort(walk.names.begin(), walk.names.end());
    return walk.names;
  }

  RepoPtr m_repo;
  std::string m_root;
};

}  // namespace

std::unique_ptr<GitRepo> open_git_repo(const std::string& path) {
  Library::ensure();
  git_repository* raw = nullptr;
  const int rc = git_repository_open_ext(&raw, path.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND) {
    throw Error("no git repository at " + path + " or any directory above it");
  }
  check(rc, "opening the git repository at " + path);
  RepoPtr repo(raw);
  const char* dir = git_repository_workdir(repo.get());
  std::string root = dir != nullptr ? dir : git_repository_path(repo.get());
  while (root.size() > 1 && root.back() == '/') {
    root.pop_back();
  }
  return std::make_unique<LibGit2Repo>(std::move(repo), std::move(root));
}

}  // namespace berth::io
