#include "catalog/csv.h"

namespace omnihub::catalog::csv {

int Reader::Peek() {
  if (pos_ == len_) {
    if (!in_) {
      return -1;
    }
    in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    len_ = static_cast<size_t>(in_.gcount());
    pos_ = 0;
    if (len_ == 0) {
      return -1;
    }
  }
  return static_cast<unsigned char>(buf_[pos_]);
}

int Reader::Get() {
  const int c = Peek();
  if (c >= 0) {
    ++pos_;
  }
  return c;
}

// Consumes the rest of the physical line, its line end included.
void Reader::SkipToLineEnd() {
  for (int c = Get(); c >= 0; c = Get()) {
    if (c == '\n') {
      ++line_;
      return;
    }
    if (c == '\r') {
      ++line_;
      if (Peek() == '\n') {
        Get();
      }
      return;
    }
  }
}

bool Reader::Next(Record& record) {
  if (!started_) {
    started_ = true;
    if (Peek() == 0xEF) {  // a UTF-8 BOM: EF BB BF
      Get();
      if (Get() != 0xBB || Get() != 0xBF) {
        record = Record{.line = line_, .fields = {}, .malformed = "a broken byte-order mark"};
        SkipToLineEnd();
        return true;
      }
    }
  }
  // Blank lines are not records.
  for (int c = Peek(); c == '\n' || c == '\r'; c = Peek()) {
    Get();
    if (c == '\r' && Peek() == '\n') {
      Get();
    }
    ++line_;
  }
  if (Peek() < 0) {
    return false;
  }
  record.line = line_;
  record.fields.clear();
  record.malformed.clear();
  std::string field;
  size_t bytes = 0;
  auto fail = [&](std::string why, bool at_line_end) {
    record.malformed = std::move(why);
    if (!at_line_end) {
      SkipToLineEnd();
    }
    return true;
  };
  while (true) {
    // At the start of a field.
    if (Peek() == '"') {
      Get();
      while (true) {
        const int c = Get();
        if (c < 0) {
          return fail("a quoted field is not closed before the end of input", true);
        }
        if (++bytes > kMaxRecordBytes) {
          return fail("the record is longer than 1 MiB", false);
        }
        if (c == '"') {
          if (Peek() == '"') {
            Get();
            field.push_back('"');
            continue;
          }
          break;
        }
        if (c == '\n' || (c == '\r' && Peek() != '\n')) {
          ++line_;
        }
        field.push_back(static_cast<char>(c));
      }
      const int after = Peek();
      if (after != ',' && after != '\n' && after != '\r' && after >= 0) {
        return fail("text follows a closing quote", false);
      }
    } else {
      while (true) {
        const int c = Peek();
        if (c < 0 || c == ',' || c == '\n' || c == '\r') {
          break;
        }
        Get();
        if (c == '"') {
          return fail("a quote inside an unquoted field", false);
        }
        if (++bytes > kMaxRecordBytes) {
          return fail("the record is longer than 1 MiB", false);
        }
        field.push_back(static_cast<char>(c));
      }
    }
    record.fields.push_back(std::move(field));
    field.clear();
    const int end = Get();
    if (end == ',') {
      continue;
    }
    if (end == '\r' && Peek() == '\n') {
      Get();
    }
    if (end >= 0) {
      ++line_;
    }
    return true;
  }
}

}  // namespace omnihub::catalog::csv
