// The HTTP/1.1 request parser the server reads with (Beast's, under the server's header and body
// limits), then what the server makes of the target: any bytes give a request or a parse
// error, never a crash; a request it accepted, written out again, reads back the same.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>

#include "http/request.h"
#include "target.h"

namespace bhttp = boost::beast::http;
using namespace omnihub;

namespace {

// Feeds `size` bytes to the parser as the server's reads would; false on a parse error.
bool Feed(bhttp::request_parser<bhttp::string_body>& parser, const uint8_t* data, size_t size) {
  boost::beast::error_code ec;
  size_t used = 0;
  while (used < size && !parser.is_done()) {
    const size_t n = parser.put(boost::asio::buffer(data + used, size - used), ec);
    if (ec == bhttp::error::need_more) {
      return true;
    }
    if (ec || n == 0) {
      return !ec;
    }
    used += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  constexpr std::uint32_t kHeaderLimit = 8 * 1024;  // http::ServerOptions::max_header_bytes
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(kHeaderLimit);
  parser.body_limit(1 << 20);
  parser.eager(true);
  const bool ok = Feed(parser, data, size);
  if (ok && parser.is_done()) {
    const auto& request = parser.get();
    const std::string_view target(request.target().data(), request.target().size());
    const size_t question = target.find('?');
    if (question != std::string_view::npos) {
      (void)http::ParseQuery(target.substr(question + 1));
    }
    // Written out and read again, framed by Content-Length (the server has the whole body by
    // then; how Beast would re-frame an odd Transfer-Encoding is not the server's concern):
    // the same method, target, fields and body.
    bhttp::request<bhttp::string_body> copy = request;
    copy.erase(bhttp::field::transfer_encoding);
    copy.erase(bhttp::field::content_length);
    copy.content_length(copy.body().size());
    std::ostringstream out;
    out << copy;
    const std::string text = out.str();
    bhttp::request_parser<bhttp::string_body> again;
    again.header_limit(1 << 20);
    again.body_limit(1 << 21);
    again.eager(true);
    FUZZ_CHECK(Feed(again, reinterpret_cast<const uint8_t*>(text.data()), text.size()));
    FUZZ_CHECK(again.is_done());
    FUZZ_CHECK(again.get().method_string() == request.method_string());
    FUZZ_CHECK(again.get().target() == request.target());
    FUZZ_CHECK(again.get().body() == request.body());
    FUZZ_CHECK(std::distance(again.get().begin(), again.get().end()) ==
               std::distance(copy.begin(), copy.end()));
  }
  return 0;
}
