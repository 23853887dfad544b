#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "core/json.h"
#include "testing/http_client.h"

namespace omnihub::http {
namespace {

class AcceptAnyKey final : public Authenticator {
 public:
  Result<Principal> Authenticate(std::string_view key) override {
    if (key != "good") {
      return Error::Unauthenticated("unknown API key");
    }
    return Principal{.key_id = "key_1", .role = Role::kAdmin};
  }
  Result<Principal> AuthenticateWriteKey(std::string_view key) override {
    if (key != "wk_web") {
      return Error::Unauthenticated("unknown write key");
    }
    return Principal{.role = Role::kChannel, .channel_id = "ch_web"};
  }
};

// Knows one key only from memory: Authenticate (the blocking way) always fails, so a request
// that succeeds with it was answered without blocking.
class MemoryOnlyAuthenticator final : public Authenticator {
 public:
  Result<Principal> Authenticate(std::string_view) override {
    return Error::Unavailable("the blocking path was taken");
  }
  std::optional<Result<Principal>> AuthenticateWithoutBlocking(std::string_view key) override {
    if (key != "remembered") {
      return std::nullopt;
    }
    return Result<Principal>(Principal{.key_id = "key_mem", .role = Role::kChannel});
  }
};

// An event stream that never has anything to say: only heartbeats flow.
class SilentStream final : public EventStream {
 public:
  void Start(std::function<void()>) override {}
  bool Poll(std::string&) override { return true; }
  void Close() override {}
};

int Connect(uint16_t port) {
  const int fd = test::ConnectLoopback(port);
  EXPECT_GE(fd, 0) << "cannot connect to the server";
  return fd;
}

// Reads until `needle` has arrived (or the peer closes / 5 s pass).
std::string ReadUntil(int fd, std::string_view needle) {
  std::string got;
  char buffer[4096];
  while (got.find(needle) == std::string::npos) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
      break;
    }
    got.append(buffer, static_cast<size_t>(n));
  }
  return got;
}

class ServerTest : public ::testing::Test {
 protected:
  void Start(ServerOptions options) {
    router_.Get("/hello", {.summary = "hi", .roles = {Role::kAdmin}},
                [](const Request& req) -> Result<Response> {
                  return Response::Ok("{\"hello\":\"" + req.principal.key_id + "\"}");
                });
    router_.Post("/v1/batch",
                 {.summary = "segment",
                  .roles = {Role::kChannel},
                  .auth = AuthKind::kWriteKey,
                  .body_limit = 1 << 16},
                 [](const Request& req) -> Result<Response> {
                   const json::Value* batch = req.json.Find("batch");
                   const size_t events = batch && batch->AsArray() ? batch->AsArray()->size() : 0;
                   return Response::Ok(R"({"channel":")" + req.principal.channel_id +
                                       R"(","events":)" + std::to_string(events) + "}");
                 });
    router_.Get("/boom", {.summary = "throws", .roles = {Role::kAdmin}},
                [](const Request&) -> Result<Response> { throw std::runtime_error("bug"); });
    router_.Get("/events", {.summary = "stream", .roles = {Role::kAdmin}},
                [](const Request&) -> Result<Response> {
                  return Response::Stream(std::make_shared<SilentStream>());
                });
    options.port = 0;
    server_ = Server::Create(options, router_, auth_, nullptr);
    Result<uint16_t> port = server_->Listen();
    ASSERT_TRUE(port.ok());
    port_ = *port;
    run_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    if (server_) {
      server_->Shutdown();
      run_.join();
    }
  }

  Router router_;
  AcceptAnyKey auth_;
  std::unique_ptr<Server> server_;
  std::thread run_;
  uint16_t port_ = 0;
};

// What RudderStack's Node client sends: a gzip body labelled as a form, the write key as the
// Basic user with an empty password.
TEST_F(ServerTest, AWriteKeyRouteTakesBasicAuthAndGzipWhateverTheContentType) {
  Start({});
  const std::string body = R"({"batch":[{"type":"track","event":"a"},{"type":"page"}]})";
  const std::string gzipped = test::Gzip(body);
  ASSERT_NE(gzipped, body);
  test::HttpResponse got =
      test::HttpRequest(port_, "POST", "/v1/batch", gzipped,
                        {{"Authorization", "Basic " + test::Base64("wk_web:")},
                         {"Content-Encoding", "gzip"},
                         {"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body, R"({"channel":"ch_web","events":2})");
}

TEST_F(ServerTest, AWriteKeyMayComeInTheBodyAndAWrongOneIsA401) {
  Start({});
  test::HttpResponse in_body =
      test::HttpRequest(port_, "POST", "/v1/batch", R"({"writeKey":"wk_web","batch":[]})");
  EXPECT_EQ(in_body.status, 200) << in_body.body;
  test::HttpResponse wrong = test::HttpRequest(port_, "POST", "/v1/batch", "{}",
                                               {{"Authorization", "Basic " + test::Base64("x:")}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(test::HttpRequest(port_, "POST", "/v1/batch", R"({"batch":[]})").status, 401);
  // An API key is not a write key.
  EXPECT_EQ(test::HttpRequest(port_, "POST", "/v1/batch", "{}", {{"Authorization", "Bearer good"}})
                .status,
            401);
}

TEST_F(ServerTest, ACorruptOrOversizedGzipBodyIsRefusedWithItsCause) {
  Start({});
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"Authorization", "Basic " + test::Base64("wk_web:")}, {"Content-Encoding", "gzip"}};
  test::HttpResponse corrupt =
      test::HttpRequest(port_, "POST", "/v1/batch", "not gzip at all", headers);
  EXPECT_EQ(corrupt.status, 400) << corrupt.body;
  EXPECT_NE(corrupt.body.find("\"reason\":\"encoding\""), std::string::npos) << corrupt.body;
  // 1 MiB of spaces inflates past the route's 64 KiB limit: a zip bomb stops at the limit.
  test::HttpResponse bomb = test::HttpRequest(
      port_, "POST", "/v1/batch", test::Gzip("{" + std::string(1 << 20, ' ') + "}"), headers);
  EXPECT_EQ(bomb.status, 413) << bomb.body;
  test::HttpResponse brotli = test::HttpRequest(
      port_, "POST", "/v1/batch", "{}",
      {{"Authorization", "Basic " + test::Base64("wk_web:")}, {"Content-Encoding", "br"}});
  EXPECT_EQ(brotli.status, 415) << brotli.body;
}

TEST_F(ServerTest, OneConnectionServesRequestsInTurn) {
  Start({});
  const int fd = Connect(port_);
  const std::string request =
      "GET /hello HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer good\r\n\r\n";
  for (int round = 0; round < 3; ++round) {
    ASSERT_EQ(send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
    const std::string reply = ReadUntil(fd, "{\"hello\":\"key_1\"}");
    EXPECT_NE(reply.find("HTTP/1.1 200"), std::string::npos) << reply;
    EXPECT_NE(reply.find("{\"hello\":\"key_1\"}"), std::string::npos) << reply;
  }
  close(fd);
}

TEST_F(ServerTest, AConnectionOverTheCapIsRefusedWithA503) {
  ServerOptions options;
  options.max_connections = 2;
  Start(options);
  const int first = Connect(port_);
  const int second = Connect(port_);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let both be accepted
  const test::HttpResponse refused =
      test::HttpRequest(port_, "GET", "/hello", "", {{"Authorization", "Bearer good"}});
  EXPECT_EQ(refused.status, 503);
  EXPECT_NE(refused.body.find("\"unavailable\""), std::string::npos);
  close(first);
  close(second);
}

TEST_F(ServerTest, ASlowClientGetsA408AndIsDisconnected) {
  ServerOptions options;
  options.read_timeout = std::chrono::milliseconds(300);
  Start(options);
  const int fd = Connect(port_);
  const std::string partial = "GET /hello HTTP/1.1\r\nHost: x\r\n";  // never finished
  send(fd, partial.data(), partial.size(), 0);
  const std::string reply = ReadUntil(fd, "request_timeout");
  EXPECT_NE(reply.find("HTTP/1.1 408"), std::string::npos) << reply;
  EXPECT_NE(reply.find("\"request_id\""), std::string::npos) << reply;
  close(fd);
}

TEST_F(ServerTest, AHandlerThatThrowsAnswersInternalAndTheServerLivesOn) {
  Start({});
  const test::HttpResponse boom =
      test::HttpRequest(port_, "GET", "/boom", "", {{"Authorization", "Bearer good"}});
  EXPECT_EQ(boom.status, 500);
  EXPECT_NE(boom.body.find("\"internal\""), std::string::npos);
  EXPECT_EQ(
      test::HttpRequest(port_, "GET", "/hello", "", {{"Authorization", "Bearer good"}}).status,
      200);
}

TEST_F(ServerTest, AnIdleStreamSendsHeartbeatsAndEndsOnShutdown) {
  ServerOptions options;
  options.stream_heartbeat = std::chrono::milliseconds(50);
  Start(options);
  const int fd = Connect(port_);
  const std::string request =
      "GET /events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer good\r\n\r\n";
  send(fd, request.data(), request.size(), 0);
  const std::string got = ReadUntil(fd, ": heartbeat\n\n");
  EXPECT_NE(got.find("text/event-stream"), std::string::npos);
  EXPECT_NE(got.find(": heartbeat"), std::string::npos);
  server_->Shutdown();
  run_.join();  // returns only once the stream has been closed
  server_.reset();
  const std::string rest = ReadUntil(fd, "0\r\n\r\n");  // the last chunk
  EXPECT_NE(rest.find("0\r\n\r\n"), std::string::npos);
  close(fd);
}

TEST(NonBlockingRouteTest, AKnownCallerIsAnsweredWithoutTheBlockingPath) {
  Router router;
  router.Get("/ping", {.summary = "ping", .roles = AllRoles(), .blocking = false},
             [](const Request& req) -> Result<Response> {
               return Response::Ok("{\"key\":\"" + req.principal.key_id + "\"}");
             });
  router.Get("/slow", {.summary = "reads the database", .roles = AllRoles()},
             [](const Request&) -> Result<Response> { return Response::Ok("{}"); });
  MemoryOnlyAuthenticator auth;
  ServerOptions options;
  options.port = 0;
  auto server = Server::Create(options, router, auth, nullptr);
  Result<uint16_t> port = server->Listen();
  ASSERT_TRUE(port.ok());
  std::thread run([&] { server->Run(); });
  const std::vector<std::pair<std::string, std::string>> remembered = {
      {"Authorization", "Bearer remembered"}};

  const test::HttpResponse fast = test::HttpRequest(*port, "GET", "/ping", "", remembered);
  EXPECT_EQ(fast.status, 200);
  EXPECT_EQ(fast.body, "{\"key\":\"key_mem\"}");
  // A blocking route authenticates the blocking way, whatever the cache knows.
  EXPECT_EQ(test::HttpRequest(*port, "GET", "/slow", "", remembered).status, 503);
  // A caller not known from memory falls back to the blocking path, even on a fast route.
  EXPECT_EQ(
      test::HttpRequest(*port, "GET", "/ping", "", {{"Authorization", "Bearer other"}}).status,
      503);
  EXPECT_EQ(test::HttpRequest(*port, "GET", "/ping", "").status, 401);
  server->Shutdown();
  run.join();
}

}  // namespace
}  // namespace omnihub::http
