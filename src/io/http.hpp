// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

// The HTTP layer. http.cpp is the only file that includes libcurl.
namespace berth::io {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Body limits, checked while a body arrives. The default suits tokens and
// small JSON answers; error bodies (status 300 and above) are cut at
// k_max_error_body whatever the request allows.
inline constexpr std::size_t k_max_small_body = 64 * 1024;
inline constexpr std::size_t k_max_error_body = 64 * 1024;

struct HttpRequest {
  std::string method = "GET";  // GET, HEAD, PUT, POST, PATCH, DELETE
  std::string url;
  Headers headers;             // sent as given; no secret in a URL, ever
  std::string body;
  std::size_t max_body = k_max_small_body;  // a longer 2xx body aborts the transfer
  long timeout_ms = 0;  // a shorter bound than the client's own (the run's time left); 0 = none
};

struct HttpResponse {
  long status = 0;
  Headers headers;   // names lowercased, in arrival order, repeats kept
  std::string body;  // empty for HEAD

  // Returns the first value of header `name` (lowercase), or "".
  std::string header(std::string_view name) const;
  // Returns every value of header `name` (lowercase).
  std::vector<std::string> all(std::string_view name) const;
};

// A failure to get any HTTP response: refused, reset, timed out, TLS.
// `retryable` says whether trying again may help.
class TransportError : public Error {
 public:
  TransportError(const std::string& message, bool retryable, bool tls_mismatch = false)
      : Error(message), m_retryable(retryable), m_tls_mismatch(tls_mismatch) {}
  bool retryable() const { return m_retryable; }
  // True when the server answered TLS with plain HTTP (or the reverse).
  bool tls_mismatch() const { return m_tls_mismatch; }

 private:
  bool m_retryable;
  bool m_tls_mismatch;
};

// Thrown when a response body outgrows the request's max_body. Not retried:
// the same request would bring the same body.
class BodyTooLarge : public Error {
 public:
  using Error::Error;
};

// Sends one request and returns the response, whatever its status. Throws
// TransportError when there is no response, BodyTooLarge when a successful
// body outgrows request.max_body (an error body is cut short instead), and
// Cancelled when a stop is requested during the transfer. Redirects are not
// followed.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

struct HttpOptions {
  std::string ca_file;            // extra CA bundle for private registries ("" = system)
  long connect_timeout_ms = 15'000;
  long timeout_ms = 60'000;       // whole request
  long low_speed_time_s = 30;     // abort a transfer stalled this long
  std::string user_agent = "berth";
  // A unix socket every request goes through instead of TCP (the Docker
  // Engine's API; no proxy then). "" = TCP.
  std::string unix_socket;
  // Returns the signal that asks berth to stop (0 = go on); checked during
  // transfers, at least once a second. Empty: io::stop_requested.
  std::function<int()> stop;
};

// Returns a client over one reused libcurl handle (connections and TLS
// sessions are kept between requests), with TLS verification on. Throws
// Error when libcurl cannot be initialised.
std::unique_ptr<HttpClient> make_curl_client(const HttpOptions& options);

// Counts the requests and bytes that pass through it, by method.
class CountingHttpClient : public HttpClient {
 public:
  explicit CountingHttpClient(HttpClient& inner) : m_inner(inner) {}
  HttpResponse send(const HttpRequest& request) override;

  int requests() const { return m_requests; }
  std::uint64_t bytes_sent() const { return m_sent; }
  std::uint64_t bytes_received() const { return m_received; }
  // One line per request: "GET 200 https://host/v2/..."
  const std::vector<std::string>& log() const { return m_log; }

 private:
  HttpClient& m_inner;
  int m_requests = 0;
  std::uint64_t m_sent = 0;
  std::uint64_t m_received = 0;
  std::vector<std::string> m_log;
};

// Returns libcurl's version line ("libcurl/7.88.1 OpenSSL/3.0.11 zlib/1.2.13").
std::string http_library_version();

// Returns "user:password" base64-encoded, for a Basic Authorization header.
std::string basic_credentials(std::string_view user, std::string_view password);

}  // namespace berth::io
