#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "events/segment.h"

#include "core/card_number.h"

namespace omnihub::events {
namespace {

size_t DigitCount(int64_t v) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  return static_cast<size_t>(end - buf);
}

size_t QuotedSize(std::string_view s) {
  size_t size = 2;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\' || c == '\n' || c == '\t' || c == '\r' || c == '\b' || c == '\f') {
      size += 2;
    } else if (c < 0x20) {
      size += 6;
    } else {
      size += 1;
    }
  }
  return size;
}

}  // namespace

size_t SerializedSize(const json::Value& v, size_t limit) {
  switch (v.kind()) {
    case json::Value::Kind::kNull:
      return 4;
    case json::Value::Kind::kBool:
      return *v.AsBool() ? 4 : 5;
    case json::Value::Kind::kInt:
      return DigitCount(*v.AsInt());
    case json::Value::Kind::kDouble: {
      if (!std::isfinite(*v.AsDouble())) {
        return 4;  // written as null
      }
      char buf[32];
      const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), *v.AsDouble());
      const std::string_view digits(buf, static_cast<size_t>(end - buf));
      // The writer adds ".0" where the shortest form would read back as an integer.
      return digits.size() + (digits.find_first_of(".e") == std::string_view::npos ? 2 : 0);
    }
    case json::Value::Kind::kString:
      return QuotedSize(*v.AsString());
    case json::Value::Kind::kArray: {
      size_t size = 1;
      for (const json::Value& item : *v.AsArray()) {
        size += 1 + SerializedSize(item, limit);
        if (size > limit) {
          return size;
        }
      }
      return std::max<size_t>(size, 2);
    }
    case json::Value::Kind::kObject: {
      size_t size = 1;
      for (const auto& [key, member] : *v.AsObject()) {
        size += 1 + QuotedSize(key) + 1 + SerializedSize(member, limit);
        if (size > limit) {
          return size;
        }
      }
      return std::max<size_t>(size, 2);
    }
  }
  return 0;
}

std::string CutUtf8(std::string text, size_t max_bytes) {
  if (text.size() <= max_bytes) {
    return text;
  }
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  text.resize(cut);
  return text;
}

const json::Value* Member(const json::Value& object, std::string_view key) {
  const json::Value* member = object.Find(key);
  return member == nullptr || member->is_null() ? nullptr : member;
}

std::string FieldPath(std::string_view prefix, std::string_view name) {
  std::string path;
  path.reserve(prefix.size() + 1 + name.size());
  if (!prefix.empty()) {
    path.append(prefix).append(".");
  }
  return path.append(name);
}

Error FieldError(std::string_view reason, std::string_view field, std::string_view problem) {
  return Error::InvalidArgument(field, problem).With("reason", std::string(reason));
}

std::string_view RejectionCode(const Error& error) {
  if (error.code == ErrorCode::kEventTooLarge) {
    return kEventTooLargeCode;
  }
  if (error.code == ErrorCode::kCardNumberForbidden) {
    return kCardNumberForbiddenCode;
  }
  if (const DetailValue* reason = error.Detail("reason")) {
    if (const std::string* text = std::get_if<std::string>(reason)) {
      for (std::string_view code : {kMissingField, kInvalidField, kUnknownType}) {
        if (*text == code) {
          return code;
        }
      }
    }
  }
  return kInvalidField;
}

std::optional<Error> CardNumberError(const json::Value& value, std::string_view prefix) {
  std::optional<std::string> path = FindCardNumber(value);
  if (!path) {
    return std::nullopt;
  }
  std::string field = path->empty()          ? std::string(prefix)
                      : path->front() == '[' ? std::string(prefix) + *path
                                             : FieldPath(prefix, *path);
  if (ContainsCardNumber(field)) {  // the number is a member name: name only its event
    field = std::string(prefix);
  }
  if (field.empty()) {
    field = "body";
  }
  return Error::Make(ErrorCode::kCardNumberForbidden,
                     field +
                         " looks like a payment card number; omnihub never stores card "
                         "data: send the payment provider's reference instead")
      .With("field", field);
}

Result<std::string> IdMember(const json::Value& object, std::string_view key,
                             std::string_view prefix, size_t max_bytes) {
  const json::Value* member = Member(object, key);
  if (member == nullptr) {
    return std::string();
  }
  if (const std::string* text = member->AsString()) {
    // Blank is absent: identity resolution trims ids, and an empty one matches nothing.
    if (text->find_first_not_of(" \t\r\n\f\v") == std::string::npos) {
      return std::string();
    }
    // The limits identity resolution keeps, so that no id it would refuse reaches it.
    const bool control = std::any_of(text->begin(), text->end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (text->size() > max_bytes || control) {
      return FieldError(
          kInvalidField, FieldPath(prefix, key),
          "must be 1 to " + std::to_string(max_bytes) + " bytes without control characters");
    }
    return *text;
  }
  if (std::optional<int64_t> whole = member->AsInt()) {
    return std::to_string(*whole);
  }
  if (std::optional<double> number = member->AsDouble()) {
    // JavaScript's String(n): 1e3 is "1000", 1.5 is "1.5".
    char text[32];
    const auto [end, ec] = std::to_chars(text, text + sizeof(text), *number);
    OMNI_CHECK(ec == std::errc(), "32 bytes hold the shortest form of any double");
    return std::string(text, end);
  }
  return FieldError(kInvalidField, FieldPath(prefix, key), "must be a string or a number");
}

}  // namespace omnihub::events
