#include "core/json.h"
#include "http/response.h"

namespace omnihub::http {

// The one place that turns an Error into an HTTP reply.
Response ErrorResponse(const Error& error, std::string_view request_id) {
  const ErrorCodeInfo& info = InfoFor(error.code);
  json::Writer w;
  w.BeginObject().Key("error").BeginObject();
  w.Field("code", info.name);
  w.Field("message", error.message.empty() ? info.meaning : std::string_view(error.message));
  w.Key("details").BeginObject();
  for (const auto& [key, value] : error.details) {
    if (key == "sqlstate") {
      continue;  // storage internals stay in the logs
    }
    w.Key(key);
    if (const auto* s = std::get_if<std::string>(&value)) {
      w.String(*s);
    } else if (const auto* i = std::get_if<int64_t>(&value)) {
      w.Int(*i);
    } else {
      w.Bool(std::get<bool>(value));
    }
  }
  w.EndObject();
  if (!request_id.empty()) {
    w.Field("request_id", request_id);
  }
  w.EndObject().EndObject();
  Response response = Response::Json(info.http_status, w.Take());
  if (error.code == ErrorCode::kRateLimited) {
    std::string seconds = "1";
    for (const auto& [key, value] : error.details) {
      if (const auto* n = std::get_if<int64_t>(&value); n != nullptr && key == "retry_after_seconds") {
        seconds = std::to_string(*n);
      }
    }
    response.headers.emplace_back("Retry-After", seconds);
  }
  return response;
}

}  // namespace omnihub::http
