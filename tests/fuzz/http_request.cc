// The HTTP/1.1 request parser the server reads with (Beast's, under the server's header and body
// limits), then what the server makes of the target: any bytes give a request or a parse
// error, never a crash, and never a header block over the limit.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string_view>

#include "http/request.h"
#include "target.h"

namespace bhttp = boost::beast::http;
using namespace omnihub;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  constexpr std::uint32_t kHeaderLimit = 8 * 1024;  // http::ServerOptions::max_header_bytes
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(kHeaderLimit);
  parser.body_limit(1 << 20);
  parser.eager(true);
  boost::beast::error_code ec;
  size_t used = 0;
  while (used < size && !parser.is_done()) {
    const size_t n = parser.put(boost::asio::buffer(data + used, size - used), ec);
    if (ec == bhttp::error::need_more) {
      ec = {};
      break;
    }
    if (ec || n == 0) {
      break;
    }
    used += n;
  }
  if (!ec && parser.is_header_done()) {
    const auto& header = parser.get();
    const std::string_view target(header.target().data(), header.target().size());
    const size_t question = target.find('?');
    if (question != std::string_view::npos) {
      (void)http::ParseQuery(target.substr(question + 1));
    }
    size_t header_bytes = 0;
    for (const auto& field : header) {
      header_bytes += field.name_string().size() + field.value().size();
    }
    FUZZ_CHECK(header_bytes <= kHeaderLimit);
  }
  return 0;
}
