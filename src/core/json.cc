#include "core/json.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_set>

namespace omnihub::json {
namespace {

// Objects up to this size are checked for duplicate keys by a linear scan, which beats hashing
// for the small objects requests carry; larger ones use a set, so a hostile document with many
// keys stays linear.
constexpr size_t kLinearKeyScanLimit = 16;

Error ParseError(std::string_view reason, std::string message) {
  return Error::MalformedJson("invalid JSON: " + std::move(message))
      .With("reason", std::string(reason));
}

Error FromSimdjson(simdjson::error_code code, const ParseLimits& limits) {
  switch (code) {
    case simdjson::UTF8_ERROR:
      return ParseError("utf8", "not valid UTF-8");
    case simdjson::DEPTH_ERROR:
      return ParseError("depth", "nested deeper than " + std::to_string(limits.max_depth));
    case simdjson::EMPTY:
      return ParseError("empty", "no value");
    case simdjson::CAPACITY:
      return ParseError("too_large", "document too large");
    case simdjson::MEMALLOC:
      // Not the sender's fault, so not malformed_json.
      return Error::Internal("out of memory while parsing JSON");
    default:
      return ParseError("syntax", simdjson::error_message(code));
  }
}

// One parser per thread: simdjson's parser is not thread-safe, and reusing it keeps its buffers
// warm instead of allocating them for every document.
simdjson::dom::parser& ThreadParser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

bool HasKey(const Object& members, std::string_view key) {
  return std::any_of(members.begin(), members.end(),
                     [key](const auto& member) { return member.first == key; });
}

std::string_view FieldName(std::string_view key, std::string_view field) {
  return field.empty() ? key : field;
}

// The member `key`, or nullptr when it is missing or null.
const Value* Present(const Value& obj, std::string_view key) {
  const Value* member = obj.Find(key);
  return member == nullptr || member->is_null() ? nullptr : member;
}

Result<Value> Convert(simdjson::dom::element element, int depth, const ParseLimits& limits);

// Containers convert out of line so that each level of nesting adds only a small frame to the
// recursion (under 700 bytes in a release build): callers may raise max_depth into the
// thousands. Inlined into Convert(), their locals would weigh on scalars' frames too.
[[gnu::noinline]] Result<Value> ConvertArray(simdjson::dom::array items, int depth,
                                             const ParseLimits& limits) {
  Array out;
  out.reserve(items.size());
  for (simdjson::dom::element item : items) {
    OMNI_ASSIGN_OR_RETURN(Value value, Convert(item, depth + 1, limits));
    out.push_back(std::move(value));
  }
  return Value(std::move(out));
}

[[gnu::noinline]] Result<Value> ConvertObject(simdjson::dom::object members, int depth,
                                              const ParseLimits& limits) {
  const bool linear_scan = members.size() <= kLinearKeyScanLimit;
  std::unordered_set<std::string_view> seen;  // views into the parser, alive until return
  Object out;
  out.reserve(members.size());
  for (simdjson::dom::key_value_pair member : members) {
    const bool duplicate = linear_scan ? HasKey(out, member.key) : !seen.insert(member.key).second;
    if (duplicate) {
      return ParseError("duplicate_key", "duplicate key \"" + std::string(member.key) + "\"");
    }
    OMNI_ASSIGN_OR_RETURN(Value value, Convert(member.value, depth + 1, limits));
    out.emplace_back(std::string(member.key), std::move(value));
  }
  return Value(std::move(out));
}

// `depth` counts the arrays and objects enclosing `element`.
Result<Value> Convert(simdjson::dom::element element, int depth, const ParseLimits& limits) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::NULL_VALUE:
      return Value();
    case element_type::BOOL:
      return Value(element.get_bool().value_unsafe());
    case element_type::INT64:
      return Value(element.get_int64().value_unsafe());
    case element_type::UINT64:
      // simdjson reports only values above INT64_MAX as unsigned; they cannot be kInt.
      return Value(static_cast<double>(element.get_uint64().value_unsafe()));
    case element_type::DOUBLE:
      return Value(element.get_double().value_unsafe());
    case element_type::STRING:
      return Value(element.get_string().value_unsafe());
    case element_type::ARRAY:
      if (depth >= limits.max_depth) {
        return FromSimdjson(simdjson::DEPTH_ERROR, limits);
      }
      return ConvertArray(element.get_array().value_unsafe(), depth, limits);
    case element_type::OBJECT:
      if (depth >= limits.max_depth) {
        return FromSimdjson(simdjson::DEPTH_ERROR, limits);
      }
      return ConvertObject(element.get_object().value_unsafe(), depth, limits);
  }
  return ParseError("syntax", "unknown value type");
}

}  // namespace

std::optional<int64_t> Value::AsInt() const {
  if (const int64_t* v = std::get_if<int64_t>(&data_)) {
    return *v;
  }
  return std::nullopt;
}

std::optional<double> Value::AsDouble() const {
  if (const double* v = std::get_if<double>(&data_)) {
    return *v;
  }
  if (const int64_t* v = std::get_if<int64_t>(&data_)) {
    return static_cast<double>(*v);
  }
  return std::nullopt;
}

std::optional<bool> Value::AsBool() const {
  if (const bool* v = std::get_if<bool>(&data_)) {
    return *v;
  }
  return std::nullopt;
}

const Value* Value::Find(std::string_view key) const {
  const Object* members = AsObject();
  if (members == nullptr) {
    return nullptr;
  }
  for (const auto& [name, value] : *members) {
    if (name == key) {
      return &value;
    }
  }
  return nullptr;
}

Value& Value::Set(std::string key, Value value) {
  OMNI_CHECK(is_object() || is_null(), "REQUIRES of Value::Set: only objects have members");
  if (is_null()) {
    data_ = Object();
  }
  Object& members = *AsObject();
  for (auto& [name, existing] : members) {
    if (name == key) {
      existing = std::move(value);
      return existing;
    }
  }
  members.emplace_back(std::move(key), std::move(value));
  return members.back().second;
}

Result<Value> Parse(std::string_view text, ParseLimits limits) {
  if (text.size() > limits.max_bytes) {
    return ParseError("too_large", "larger than " + std::to_string(limits.max_bytes) + " bytes");
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return ParseError("empty", "no value");
  }
  simdjson::dom::parser& parser = ThreadParser();
  // simdjson must never refuse a depth we allow, so our own count in Convert() is the one that
  // decides. The +1: simdjson counts a value inside the innermost container as another level.
  const size_t wanted_depth = static_cast<size_t>(std::max(limits.max_depth, 0)) + 1;
  if (parser.max_depth() < wanted_depth) {
    const simdjson::error_code grown =
        parser.allocate(std::max(text.size(), parser.capacity()), wanted_depth);
    if (grown != simdjson::SUCCESS) {
      return FromSimdjson(grown, limits);
    }
  }
  simdjson::dom::element root;
  // The default realloc_if_needed copies `text` into a padded buffer: a string_view gives no
  // promise of the SIMDJSON_PADDING readable bytes simdjson needs past the end.
  const simdjson::error_code code = parser.parse(text.data(), text.size()).get(root);
  if (code != simdjson::SUCCESS) {
    return FromSimdjson(code, limits);
  }
  return Convert(root, 0, limits);
}

std::string Serialize(const Value& value) {
  Writer writer;
  writer.Value(value);
  return writer.Take();
}

void AppendQuoted(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + s.size() + 2);
  out += '"';
  size_t run_start = 0;  // bytes since here need no escaping and are copied in one go
  for (size_t byte_idx = 0; byte_idx < s.size(); ++byte_idx) {
    const auto c = static_cast<unsigned char>(s[byte_idx]);
    if (c >= 0x20 && c != '"' && c != '\\') {
      continue;
    }
    out.append(s.data() + run_start, byte_idx - run_start);
    run_start = byte_idx + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
        break;
    }
  }
  out.append(s.data() + run_start, s.size() - run_start);
  out += '"';
}

std::string Quote(std::string_view s) {
  std::string out;
  AppendQuoted(out, s);
  return out;
}

void AppendKey(std::string& out, std::string_view key, bool comma) {
  if (comma) {
    out += ',';
  }
  AppendQuoted(out, key);
  out += ':';
}

void AppendMember(std::string& out, std::string_view key, std::string_view value, bool comma) {
  AppendKey(out, key, comma);
  AppendQuoted(out, value);
}

void AppendNullableMember(std::string& out, std::string_view key, const std::string& value,
                          bool comma) {
  AppendKey(out, key, comma);
  if (value.empty()) {
    out += "null";
  } else {
    AppendQuoted(out, value);
  }
}

void AppendMoneyMember(std::string& out, std::string_view key, const Money& money, bool comma) {
  AppendKey(out, key, comma);
  out += R"({"amount":)" + std::to_string(money.minor) + R"(,"currency":)";
  AppendQuoted(out, money.currency.code());
  out += '}';
}

Writer& Writer::BeginObject() {
  Separate();
  out_ += '{';
  need_comma_ = false;
  return *this;
}

Writer& Writer::EndObject() {
  out_ += '}';
  need_comma_ = true;
  return *this;
}

Writer& Writer::BeginArray() {
  Separate();
  out_ += '[';
  need_comma_ = false;
  return *this;
}

Writer& Writer::EndArray() {
  out_ += ']';
  need_comma_ = true;
  return *this;
}

Writer& Writer::Key(std::string_view key) {
  Separate();
  AppendQuoted(out_, key);
  out_ += ':';
  need_comma_ = false;
  return *this;
}

Writer& Writer::String(std::string_view s) {
  Separate();
  AppendQuoted(out_, s);
  need_comma_ = true;
  return *this;
}

Writer& Writer::Int(int64_t v) {
  Separate();
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  OMNI_CHECK(ec == std::errc(), "24 bytes hold any int64");
  out_.append(buf, end);
  need_comma_ = true;
  return *this;
}

void AppendDouble(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";  // JSON has no NaN or infinity
    return;
  }
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  OMNI_CHECK(ec == std::errc(), "32 bytes hold the shortest form of any double");
  const std::string_view digits(buf, static_cast<size_t>(end - buf));
  out += digits;
  // "3" would read back as an integer; "3.0" keeps the value a double through a round trip.
  if (digits.find_first_of(".e") == std::string_view::npos) {
    out += ".0";
  }
}

Writer& Writer::Double(double v) {
  Separate();
  AppendDouble(out_, v);
  need_comma_ = true;
  return *this;
}

Writer& Writer::Bool(bool b) {
  Separate();
  out_ += b ? "true" : "false";
  need_comma_ = true;
  return *this;
}

Writer& Writer::Null() {
  Separate();
  out_ += "null";
  need_comma_ = true;
  return *this;
}

Writer& Writer::Raw(std::string_view json) {
  Separate();
  out_ += json;
  need_comma_ = true;
  return *this;
}

Writer& Writer::Value(const json::Value& v) {
  switch (v.kind()) {
    case json::Value::Kind::kNull:
      return Null();
    case json::Value::Kind::kBool:
      return Bool(*v.AsBool());
    case json::Value::Kind::kInt:
      return Int(*v.AsInt());
    case json::Value::Kind::kDouble:
      return Double(*v.AsDouble());
    case json::Value::Kind::kString:
      return String(*v.AsString());
    case json::Value::Kind::kArray:
      BeginArray();
      for (const json::Value& item : *v.AsArray()) {
        Value(item);
      }
      return EndArray();
    case json::Value::Kind::kObject:
      BeginObject();
      for (const auto& [key, member] : *v.AsObject()) {
        Key(key);
        Value(member);
      }
      return EndObject();
  }
  return Null();
}

void Writer::Separate() {
  if (need_comma_) {
    out_ += ',';
  }
}

Result<const Object*> RequireObject(const Value& v, std::string_view field) {
  const Object* members = v.AsObject();
  if (members == nullptr) {
    return Error::InvalidArgument(field, "must be an object");
  }
  return members;
}

Result<std::string> RequireString(const Value& obj, std::string_view key, std::string_view field) {
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> value, OptionalString(obj, key, field));
  if (!value) {
    return Error::InvalidArgument(FieldName(key, field), "is required");
  }
  return std::move(*value);
}

Result<std::optional<std::string>> OptionalString(const Value& obj, std::string_view key,
                                                  std::string_view field) {
  const Value* member = Present(obj, key);
  if (member == nullptr) {
    return std::optional<std::string>();
  }
  const std::string* text = member->AsString();
  if (text == nullptr) {
    return Error::InvalidArgument(FieldName(key, field), "must be a string");
  }
  return std::optional<std::string>(*text);
}

Result<int64_t> RequireInt(const Value& obj, std::string_view key, std::string_view field) {
  OMNI_ASSIGN_OR_RETURN(std::optional<int64_t> value, OptionalInt(obj, key, field));
  if (!value) {
    return Error::InvalidArgument(FieldName(key, field), "is required");
  }
  return *value;
}

Result<std::optional<int64_t>> OptionalInt(const Value& obj, std::string_view key,
                                           std::string_view field) {
  const Value* member = Present(obj, key);
  if (member == nullptr) {
    return std::optional<int64_t>();
  }
  const std::optional<int64_t> number = member->AsInt();
  if (!number) {
    return Error::InvalidArgument(FieldName(key, field), "must be an integer");
  }
  return number;
}

Result<std::optional<bool>> OptionalBool(const Value& obj, std::string_view key,
                                         std::string_view field) {
  const Value* member = Present(obj, key);
  if (member == nullptr) {
    return std::optional<bool>();
  }
  const std::optional<bool> flag = member->AsBool();
  if (!flag) {
    return Error::InvalidArgument(FieldName(key, field), "must be a boolean");
  }
  return flag;
}

}  // namespace omnihub::json
