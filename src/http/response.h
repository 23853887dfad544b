#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace omnihub::http {

// An open-ended response body written as it is produced (Server-Sent Events).
// The server calls Start once, then Poll whenever woken, from its own thread.
class EventStream {
 public:
  virtual ~EventStream() = default;
  // `wake` may be called from any thread, any number of times, to say Poll has output.
  virtual void Start(std::function<void()> wake) = 0;
  // Appends pending output to `out`. False when the stream is over (after `out` is sent).
  virtual bool Poll(std::string& out) = 0;
  // The client went away or the server is draining; no more Poll calls follow.
  virtual void Close() = 0;
};

class Response {
 public:
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::shared_ptr<EventStream> stream;  // set: body is streamed instead of `body`

  static Response Json(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
  static Response Ok(std::string json_body) { return Json(200, std::move(json_body)); }
  static Response Created(std::string json_body) { return Json(201, std::move(json_body)); }
  static Response NoContent() { return Json(204, ""); }
  static Response Text(int status, std::string body, std::string content_type) {
    Response r = Json(status, std::move(body));
    r.content_type = std::move(content_type);
    return r;
  }
  static Response Stream(std::shared_ptr<EventStream> stream) {
    Response r;
    r.content_type = "text/event-stream";
    r.stream = std::move(stream);
    return r;
  }
  Response& WithHeader(std::string name, std::string value) & {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  Response&& WithHeader(std::string name, std::string value) && {
    headers.emplace_back(std::move(name), std::move(value));
    return std::move(*this);
  }
};

// The one error envelope: {"error":{"code":"…","message":"…","details":{…},"request_id":"…"}}
// with the status of the code in the catalogue.
Response ErrorResponse(const Error& error, std::string_view request_id);

}  // namespace omnihub::http
