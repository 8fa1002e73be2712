// SPDX-License-Identifier: MIT
#include "io/http.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>

#include "core/base64.hpp"
#include "core/text.hpp"
#include "io/process.hpp"

namespace berth::io {
namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Returns "4 MiB", "64 KiB" or "100 bytes".
std::string size_text(std::size_t n) {
  if (n >= 1024 * 1024 && n % (1024 * 1024) == 0) {
    return std::to_string(n / (1024 * 1024)) + " MiB";
  }
  if (n >= 1024 && n % 1024 == 0) {
    return std::to_string(n / 1024) + " KiB";
  }
  return std::to_string(n) + " bytes";
}

// What the callbacks of one transfer share.
struct Transfer {
  CURL* curl = nullptr;
  std::string* body = nullptr;
  std::size_t max_body = 0;
  bool too_large = false;     // a 2xx body outgrew max_body: the transfer was aborted
  bool cut_short = false;     // an error body reached k_max_error_body: aborted, kept
  const std::function<int()>* stop = nullptr;
  int stop_signal = 0;
};

// Appends to the body while it stays within its limit; returning less than
// was given aborts the transfer (CURLE_WRITE_ERROR) before memory grows.
std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  long status = 0;
  curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
  const bool error_body = status >= 300;
  const std::size_t limit = error_body ? std::min(t->max_body, k_max_error_body) : t->max_body;
  const std::size_t room = limit - std::min(limit, t->body->size());
  if (size * n > room) {
    t->body->append(data, room);
    (error_body ? t->cut_short : t->too_large) = true;
    return 0;
  }
  t->body->append(data, size * n);
  return size * n;
}

// Aborts the transfer when a stop is requested.
int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  t->stop_signal = (*t->stop)();
  return t->stop_signal != 0 ? 1 : 0;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* headers = static_cast<Headers*>(user);
  const std::string_view line(data, size * n);
  if (core::starts_with(line, "HTTP/")) {
    headers->clear();  // a new response (after 100 Continue): start over
    return size * n;
  }
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    headers->emplace_back(core::to_lower(core::trim(line.substr(0, colon))),
                          std::string(core::trim(line.substr(colon + 1))));
  }
  return size * n;
}

// Which curl failures may pass if tried again: the connection-level ones
// (refused, reset, timed out, closed early), not bad URLs, unknown hosts
// (mostly typos) or bad certificates.
bool is_retryable(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

class CurlHttpClient : public HttpClient {
 public:
  explicit CurlHttpClient(HttpOptions options)
      : m_options(std::move(options)) {
    if (!m_options.stop) {
      m_options.stop = stop_requested;
    }
    global_init();
    m_curl = curl_easy_init();
    if (m_curl == nullptr) {
      throw Error("cannot initialise libcurl");
    }
  }
  ~CurlHttpClient() override { curl_easy_cleanup(m_curl); }
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  HttpResponse send(const HttpRequest& request) override {
    // Reset per-request options but keep the connection cache and TLS
    // sessions that live on the handle.
    curl_easy_reset(m_curl);
    const std::string what = request.method + " " + request.url;
    if (const int sig = m_options.stop()) {
      throw Cancelled(sig, "before " + what);
    }
    HttpResponse response;
    Transfer transfer{m_curl, &response.body, request.max_body, false, false, &m_options.stop, 0};
    char error[CURL_ERROR_SIZE] = {};
    curl_slist* headers = nullptr;
    for (const auto& [name, value] : request.headers) {
      headers = curl_slist_append(headers, (name + ": " + value).c_str());
    }
    // curl would otherwise add "Expect: 100-continue" to PUT/POST bodies and
    // wait for an answer many registries never send.
    headers = curl_slist_append(headers, "Expect:");

    curl_easy_setopt(m_curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(m_curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(m_curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(m_curl, CURLOPT_USERAGENT, m_options.user_agent.c_str());
    curl_easy_setopt(m_curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(m_curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(m_curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(m_curl, CURLOPT_CONNECTTIMEOUT_MS, m_options.connect_timeout_ms);
    curl_easy_setopt(m_curl, CURLOPT_TIMEOUT_MS, timeout_ms(request));
    curl_easy_setopt(m_curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(m_curl, CURLOPT_LOW_SPEED_TIME, m_options.low_speed_time_s);
    if (!m_options.unix_socket.empty()) {
      curl_easy_setopt(m_curl, CURLOPT_UNIX_SOCKET_PATH, m_options.unix_socket.c_str());
      curl_easy_setopt(m_curl, CURLOPT_PROXY, "");
    }
    curl_easy_setopt(m_curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(m_curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!m_options.ca_file.empty()) {
      curl_easy_setopt(m_curl, CURLOPT_CAINFO, m_options.ca_file.c_str());
    }
    curl_easy_setopt(m_curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(m_curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(m_curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(m_curl, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(m_curl, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(m_curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(m_curl, CURLOPT_HEADERDATA, &response.headers);
    if (request.method == "HEAD") {
      curl_easy_setopt(m_curl, CURLOPT_NOBODY, 1L);
    } else if (request.method != "GET") {
      curl_easy_setopt(m_curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      curl_easy_setopt(m_curl, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(m_curl, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
    }
    const CURLcode code = curl_easy_perform(m_curl);
    curl_slist_free_all(headers);
    if (transfer.stop_signal != 0) {
      throw Cancelled(transfer.stop_signal, "during " + what);
    }
    if (transfer.too_large) {
      throw BodyTooLarge("the answer to " + what + " is larger than the limit of " +
                         size_text(request.max_body) + "; refusing to read more");
    }
    if (code != CURLE_OK && !transfer.cut_short) {
      // The URL carries no secret (credentials travel in headers only).
      std::string message = "request to " + request.url + " failed: " +
                            (error[0] != '\0' ? error : curl_easy_strerror(code));
      const std::string_view text(error);
      const bool mismatch = code == CURLE_SSL_CONNECT_ERROR &&
                            (text.find("wrong version number") != std::string_view::npos ||
                             text.find("packet length too long") != std::string_view::npos);
      throw TransportError(message, is_retryable(code) && !mismatch, mismatch);
    }
    curl_easy_getinfo(m_curl, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
  }

 private:
  // Returns the timeout of `request`: the client's, or the request's own
  // when that is shorter (RetryingHttpClient passes what is left of the
  // run's time in HTTP).
  long timeout_ms(const HttpRequest& request) const {
    if (request.timeout_ms <= 0) {
      return m_options.timeout_ms;
    }
    return m_options.timeout_ms <= 0 ? request.timeout_ms
                                     : std::min(m_options.timeout_ms, request.timeout_ms);
  }

  HttpOptions m_options;
  CURL* m_curl = nullptr;
};

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) {
      return v;
    }
  }
  return {};
}

std::vector<std::string> HttpResponse::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : headers) {
    if (k == name) {
      out.push_back(v);
    }
  }
  return out;
}

std::unique_ptr<HttpClient> make_curl_client(const HttpOptions& options) {
  return std::make_unique<CurlHttpClient>(options);
}

HttpResponse CountingHttpClient::send(const HttpRequest& request) {
  ++m_requests;
  m_sent += request.body.size();
  try {
    HttpResponse r = m_inner.send(request);
    m_received += r.body.size();
    m_log.push_back(request.method + " " + std::to_string(r.status) + " " + request.url);
    return r;
  } catch (const TransportError&) {
    m_log.push_back(request.method + " ERR " + request.url);
    throw;
  }
}

std::string http_library_version() { return curl_version(); }

std::string basic_credentials(std::string_view user, std::string_view password) {
  std::string plain;
  plain.reserve(user.size() + password.size() + 1);
  plain.append(user).append(":").append(password);
  return core::base64_encode(plain);
}

}  // namespace berth::io
