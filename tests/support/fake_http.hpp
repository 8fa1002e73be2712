// SPDX-License-Identifier: MIT
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "io/http.hpp"

namespace berth::testing {

// An HttpClient that answers from a script, in order, and records requests.
class FakeHttpClient : public io::HttpClient {
 public:
  using Answer = std::function<io::HttpResponse(const io::HttpRequest&)>;

  // Queues a fixed response, or a function of the request.
  void then(io::HttpResponse response) {
    m_script.push_back([response](const io::HttpRequest&) { return response; });
  }
  void then(Answer answer) { m_script.push_back(std::move(answer)); }

  io::HttpResponse send(const io::HttpRequest& request) override {
    m_requests.push_back(request);
    if (m_script.empty()) {
      throw io::TransportError("unexpected request " + request.method + " " + request.url, false);
    }
    Answer next = std::move(m_script.front());
    m_script.pop_front();
    return next(request);
  }

  const std::vector<io::HttpRequest>& requests() const { return m_requests; }
  bool done() const { return m_script.empty(); }

 private:
  std::deque<Answer> m_script;
  std::vector<io::HttpRequest> m_requests;
};

// Returns the value of header `name` in `request` ("" if absent).
inline std::string header_of(const io::HttpRequest& request, const std::string& name) {
  for (const auto& [k, v] : request.headers) {
    if (k == name) {
      return v;
    }
  }
  return {};
}

}  // namespace berth::testing
