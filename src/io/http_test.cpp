// SPDX-License-Identifier: MIT
// The curl client against a one-connection HTTP server on 127.0.0.1 (an
// ephemeral port, a thread that stops by itself): body limits checked while
// the body arrives, and a stop request aborting a transfer.
#include "io/http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace berth::io {
namespace {

// Serves one connection: reads the request head, then hands the socket to
// `respond`. Gives up after 5 s without a client.
class LoopbackServer {
 public:
  explicit LoopbackServer(std::function<void(int)> respond) {
    m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::listen(m_listen, 1) != 0 ||
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
    }
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this, respond = std::move(respond)] {
      pollfd p{m_listen, POLLIN, 0};
      if (::poll(&p, 1, 5000) != 1) {
        return;
      }
      const int fd = ::accept(m_listen, nullptr, nullptr);
      std::string head;
      char buf[4096];
      while (head.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
          break;
        }
        head.append(buf, static_cast<std::size_t>(n));
      }
      respond(fd);
      ::close(fd);
    });
  }
  ~LoopbackServer() {
    m_thread.join();
    ::close(m_listen);
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/v2/x"; }

 private:
  int m_listen = -1;
  int m_port = 0;
  std::thread m_thread;
};

// Sends `total` bytes of body after a head with `status`; returns how many
// bytes the client took before it hung up.
std::size_t stream_body(int fd, int status, std::size_t total) {
  const std::string head = "HTTP/1.1 " + std::to_string(status) +
                           " X\r\nContent-Length: " + std::to_string(total) +
                           "\r\nContent-Type: application/json\r\n\r\n";
  ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  const std::string chunk(64 * 1024, 'a');
  std::size_t sent = 0;
  while (sent < total) {
    const ssize_t n = ::send(fd, chunk.data(), std::min(chunk.size(), total - sent), MSG_NOSIGNAL);
    if (n <= 0) {
      break;
    }
    sent += static_cast<std::size_t>(n);
  }
  return sent;
}

HttpOptions no_stop() {
  HttpOptions options;
  options.stop = [] { return 0; };
  return options;
}

TEST(CurlHttpTest, AbortsA2xxBodyLargerThanItsLimitWhileReading) {
  const std::size_t total = 256u * 1024 * 1024;
  std::atomic<std::size_t> taken{0};
  {
    LoopbackServer server([&](int fd) { taken = stream_body(fd, 200, total); });
    auto client = make_curl_client(no_stop());
    HttpRequest request{"GET", server.url(), {}, {}};
    request.max_body = 1024 * 1024;
    try {
      client->send(request);
      ADD_FAILURE() << "a 256 MiB body was read";
    } catch (const BodyTooLarge& e) {
      EXPECT_NE(std::string(e.what()).find("limit of 1 MiB"), std::string::npos) << e.what();
    }
    client.reset();  // hangs up, so that the server stops
  }
  // Whatever the socket buffers held, the transfer stopped far from the end.
  EXPECT_LT(taken.load(), total / 4);
}

TEST(CurlHttpTest, KeepsAShortenedErrorBody) {
  LoopbackServer server([](int fd) { stream_body(fd, 404, 1024 * 1024); });
  auto client = make_curl_client(no_stop());
  HttpRequest request{"GET", server.url(), {}, {}};
  request.max_body = 4 * 1024 * 1024;
  const HttpResponse r = client->send(request);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.size(), k_max_error_body);
}

TEST(CurlHttpTest, ReadsABodyWithinItsLimit) {
  LoopbackServer server([](int fd) { stream_body(fd, 200, 1000); });
  auto client = make_curl_client(no_stop());
  HttpRequest request{"GET", server.url(), {}, {}};
  request.max_body = 1000;
  const HttpResponse r = client->send(request);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, std::string(1000, 'a'));
  EXPECT_EQ(r.header("content-type"), "application/json");
}

TEST(CurlHttpTest, AStopRequestAbortsAStalledTransfer) {
  LoopbackServer server([](int fd) {
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc";
    ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
    pollfd p{fd, POLLIN, 0};
    ::poll(&p, 1, 10'000);  // until the client hangs up
  });
  // Without the stop the server hangs up after 10 s and the request fails
  // with a transport error, not Cancelled: no wall-clock bound is asserted.
  const auto start = std::chrono::steady_clock::now();
  HttpOptions options;
  options.stop = [start] {
    return std::chrono::steady_clock::now() - start > std::chrono::milliseconds(300) ? 15 : 0;
  };
  auto client = make_curl_client(options);
  try {
    client->send(HttpRequest{"GET", server.url(), {}, {}});
    FAIL() << "the transfer was not stopped";
  } catch (const Cancelled& e) {
    EXPECT_EQ(e.signal(), 15);
    EXPECT_NE(std::string(e.what()).find("during GET"), std::string::npos) << e.what();
  }
}

TEST(CurlHttpTest, AStopRequestedBeforehandSendsNothing) {
  HttpOptions options;
  options.stop = [] { return 2; };
  auto client = make_curl_client(options);
  EXPECT_THROW(client->send(HttpRequest{"GET", "http://127.0.0.1:9/", {}, {}}), Cancelled);
}

}  // namespace
}  // namespace berth::io
