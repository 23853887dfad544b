#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

// A streaming RFC 4180 reader: quoted fields with "" escapes and line breaks, LF or CRLF (or a
// lone CR) line ends, a UTF-8 byte-order mark at the start skipped. Blank lines are skipped.
namespace omnihub::catalog::csv {

struct Record {
  int64_t line = 0;  // the physical line the record starts on (1-based)
  std::vector<std::string> fields;
  // Set when the record broke the format: a quote inside an unquoted field, text after a
  // closing quote, a quote left open at the end of input, or a record over kMaxRecordBytes.
  // The reader then resumes at the next line.
  std::string malformed;
};

inline constexpr size_t kMaxRecordBytes = 1 << 20;

// Not thread-safe. Borrows `in`.
class Reader {
 public:
  explicit Reader(std::istream& in) : in_(in) {}

  // The next record, or false at the end of input.
  bool Next(Record& record);

 private:
  int Get();  // the next byte, or -1 at the end
  int Peek();
  void SkipToLineEnd();

  std::istream& in_;
  std::vector<char> buf_ = std::vector<char>(1 << 16);
  size_t pos_ = 0;
  size_t len_ = 0;
  int64_t line_ = 1;
  bool started_ = false;
};

}  // namespace omnihub::catalog::csv
