#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/money.h"
#include "core/result.h"

// JSON for omnihub: parsing (simdjson underneath, kept out of this header) into an owned Value,
// and a small fast Writer for output.
namespace omnihub::json {

class Value;
using Array = std::vector<Value>;
// Members in document order. Parse rejects duplicate keys.
using Object = std::vector<std::pair<std::string, Value>>;

class Value {
 public:
  enum class Kind { kNull, kBool, kInt, kDouble, kString, kArray, kObject };

  Value() = default;                                    // null
  Value(std::nullptr_t) {}                              // NOLINT
  Value(bool b) : data_(b) {}                           // NOLINT
  Value(int v) : data_(int64_t{v}) {}                   // NOLINT
  Value(int64_t v) : data_(v) {}                        // NOLINT
  Value(double v) : data_(v) {}                         // NOLINT
  Value(const char* s) : data_(std::string(s)) {}       // NOLINT
  Value(std::string_view s) : data_(std::string(s)) {}  // NOLINT
  Value(std::string s) : data_(std::move(s)) {}         // NOLINT
  Value(Array a) : data_(std::move(a)) {}               // NOLINT
  Value(Object o) : data_(std::move(o)) {}              // NOLINT

  Kind kind() const { return static_cast<Kind>(data_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_object() const { return kind() == Kind::kObject; }
  bool is_array() const { return kind() == Kind::kArray; }
  bool is_string() const { return kind() == Kind::kString; }
  // Integers that fit int64 are kInt; other numbers are kDouble.
  bool is_number() const { return kind() == Kind::kInt || kind() == Kind::kDouble; }

  // Typed views: nullptr / nullopt when the value is of another kind.
  const std::string* AsString() const { return std::get_if<std::string>(&data_); }
  const Array* AsArray() const { return std::get_if<Array>(&data_); }
  const Object* AsObject() const { return std::get_if<Object>(&data_); }
  Object* AsObject() { return std::get_if<Object>(&data_); }
  std::optional<int64_t> AsInt() const;    // kInt only
  std::optional<double> AsDouble() const;  // kInt or kDouble
  std::optional<bool> AsBool() const;

  // The member `key` of an object, or nullptr (also when this is not an object).
  const Value* Find(std::string_view key) const;
  // Sets (replacing) the member `key`. REQUIRES: is_object() or is_null() (becomes an object).
  Value& Set(std::string key, Value value);

  friend bool operator==(const Value& a, const Value& b) = default;

 private:
  std::variant<std::nullptr_t, bool, int64_t, double, std::string, Array, Object> data_;
};

struct ParseLimits {
  size_t max_bytes = 1 << 20;
  int max_depth = 64;
};

// Parses one JSON document. Errors: kMalformedJson with details.reason one of "syntax",
// "utf8", "depth", "too_large", "duplicate_key", "empty" and, where known, details.offset.
Result<Value> Parse(std::string_view text, ParseLimits limits = {});

// Compact serialisation; object members in order.
std::string Serialize(const Value& value);

// Appends `s` as a quoted JSON string (escaping quotes, backslashes and control characters).
void AppendQuoted(std::string& out, std::string_view s);
std::string Quote(std::string_view s);

// For encoders that append an object's members to a string by hand: each writes
// `,"key":value`, without the leading comma when `comma` is false (the first member).
void AppendKey(std::string& out, std::string_view key, bool comma = true);
void AppendMember(std::string& out, std::string_view key, std::string_view value,
                  bool comma = true);
// An empty `value` is written as null.
void AppendNullableMember(std::string& out, std::string_view key, const std::string& value,
                          bool comma = true);
// A finite double in its shortest form, with ".0" added to whole numbers so it reads back as a
// double; NaN and infinity (which JSON lacks) as null.
void AppendDouble(std::string& out, double value);
// Money as every module answers it: {"amount": minor units, "currency": "PLN"}.
void AppendMoneyMember(std::string& out, std::string_view key, const Money& money,
                       bool comma = true);

// Builds JSON text directly, for responses on hot paths. Commas are handled for you:
//   Writer w; w.BeginObject(); w.Key("id"); w.String(id); w.EndObject(); return w.Take();
class Writer {
 public:
  Writer& BeginObject();
  Writer& EndObject();
  Writer& BeginArray();
  Writer& EndArray();
  Writer& Key(std::string_view key);
  Writer& String(std::string_view s);
  Writer& Int(int64_t v);
  Writer& Double(double v);
  Writer& Bool(bool b);
  Writer& Null();
  // Inserts already-serialised JSON (e.g. a stored payload). REQUIRES: `json` is valid JSON.
  Writer& Raw(std::string_view json);
  Writer& Value(const json::Value& v);
  // Shorthands for a member: Key(k) then the value.
  Writer& Field(std::string_view key, std::string_view s) { return Key(key).String(s); }
  Writer& Field(std::string_view key, const char* s) { return Key(key).String(s); }
  Writer& Field(std::string_view key, const std::string& s) { return Key(key).String(s); }
  Writer& Field(std::string_view key, int64_t v) { return Key(key).Int(v); }
  Writer& Field(std::string_view key, int v) { return Key(key).Int(v); }
  Writer& Field(std::string_view key, bool b) { return Key(key).Bool(b); }
  // The string, or null when there is none.
  Writer& Field(std::string_view key, const std::optional<std::string>& s) {
    Key(key);
    return s ? String(*s) : Null();
  }

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Separate();
  std::string out_;
  bool need_comma_ = false;
};

// Field readers for decoders: each error is kInvalidArgument naming `field` (callers pass the
// full path, e.g. "lines[2].quantity"). "Optional" readers accept a missing or null member.
Result<const Object*> RequireObject(const Value& v, std::string_view field);
Result<std::string> RequireString(const Value& obj, std::string_view key,
                                  std::string_view field = {});
Result<std::optional<std::string>> OptionalString(const Value& obj, std::string_view key,
                                                  std::string_view field = {});
Result<int64_t> RequireInt(const Value& obj, std::string_view key, std::string_view field = {});
Result<std::optional<int64_t>> OptionalInt(const Value& obj, std::string_view key,
                                           std::string_view field = {});
Result<std::optional<bool>> OptionalBool(const Value& obj, std::string_view key,
                                         std::string_view field = {});

}  // namespace omnihub::json
