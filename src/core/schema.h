#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/enums.h"
#include "core/id.h"
#include "core/json.h"
#include "core/money.h"
#include "core/result.h"
#include "core/time.h"

// Described structs: one list of a struct's members, each with its JSON name and its data class,
// gives the struct's JSON encoder, its decoder, its field catalogue and its JSON Schema. Event
// payloads (every module's events.h) and the API objects they share are described this way, so
// what a field holds — personal data or not — lives with the struct and the compiler checks
// that no member was left out.
//
//   struct Contact { std::string email; std::string address; };
//   constexpr auto Describe(const Contact*) {
//     using schema::F;
//     return std::tuple{F("email", &Contact::email).Is(schema::DataClass::kContact),
//                       F("address", &Contact::address).Is(schema::DataClass::kAddress)};
//   }
//   std::string json = schema::Encode(contact);
//   Result<Contact> back = schema::Decode<Contact>(parsed);
//
// Describe() is found by argument-dependent lookup, so it sits in the struct's namespace.
// A struct may declare `static constexpr int kSchemaVersion`: a field added later says
// .Since(version), and a payload written at an older version decodes without it.
namespace omnihub::schema {

// What a field holds, for privacy: erasure scrubs personal classes, and a role that may not see
// personal data receives them redacted.
enum class DataClass : uint8_t {
  kNone,        // not personal: our own ids, amounts, SKUs, states, times, counts
  kIdentifier,  // how a person is known elsewhere: user and anonymous ids, payment references
  kContact,     // e-mail, phone, a person's name
  kAddress,     // a postal address, a parcel locker
  kFreeText,    // text typed by a person, or properties sent as they came: may hold anything
};
constexpr auto EnumNames(DataClass) {
  return EnumTable<DataClass, 5>{{{DataClass::kNone, "none"},
                                  {DataClass::kIdentifier, "identifier"},
                                  {DataClass::kContact, "contact"},
                                  {DataClass::kAddress, "address"},
                                  {DataClass::kFreeText, "free_text"}}};
}
constexpr bool IsPersonal(DataClass c) { return c != DataClass::kNone; }

// How a field's empty value ("", no id, nullopt, no items) is written, and read back.
enum class Empty : uint8_t {
  kWrite,  // as it is: "" , [] (nullopt: null); a missing member is an error when decoding
  kNull,   // null; null or a missing member reads back as empty
  kOmit,   // left out; a missing member reads back as empty
};

// Which data classes an encoder writes as null instead of their value.
struct Redaction {
  uint32_t hidden = 0;  // a bit per DataClass

  static constexpr Redaction None() { return {}; }
  static constexpr Redaction AllPersonal() { return {.hidden = ~uint32_t{1}}; }
  constexpr bool Hides(DataClass c) const { return ((hidden >> static_cast<int>(c)) & 1U) != 0; }
};

// One member of a described struct.
template <typename S, typename M>
struct Field {
  using Struct = S;
  using Member = M;
  static constexpr size_t kMembers = 1;

  std::string_view name;
  M S::*member;
  DataClass data_class = DataClass::kNone;
  Empty empty = Empty::kWrite;
  bool raw = false;  // a std::string holding JSON text, written as it is
  int since = 1;     // the schema version that added it
  std::string_view doc;

  constexpr Field Is(DataClass c) const {
    return With([c](Field& f) { f.data_class = c; });
  }
  constexpr Field NullIfEmpty() const {
    return With([](Field& f) { f.empty = Empty::kNull; });
  }
  constexpr Field OmitIfEmpty() const {
    return With([](Field& f) { f.empty = Empty::kOmit; });
  }
  constexpr Field RawJson() const {
    return With([](Field& f) { f.raw = true; });
  }
  constexpr Field Since(int version) const {
    return With([version](Field& f) { f.since = version; });
  }
  constexpr Field Doc(std::string_view text) const {
    return With([text](Field& f) { f.doc = text; });
  }

 private:
  template <typename Fn>
  constexpr Field With(Fn fn) const {
    Field copy = *this;
    fn(copy);
    return copy;
  }
};

template <typename S, typename M>
constexpr Field<S, M> F(std::string_view name, M S::*member) {
  return Field<S, M>{.name = name, .member = member};
}

// Several members of the struct written as one JSON object: {"title":{"pl":…,"en":…}}.
template <typename S, typename... Fs>
struct Group {
  using Struct = S;
  static constexpr size_t kMembers = (Fs::kMembers + ...);
  std::string_view name;
  std::tuple<Fs...> fields;
};

template <typename First, typename... Rest>
constexpr auto G(std::string_view name, First first, Rest... rest) {
  return Group<typename First::Struct, First, Rest...>{.name = name,
                                                       .fields = std::tuple{first, rest...}};
}

// A described member whose own members are written at this level, as if they were the
// enclosing struct's: a payload that is "the product, plus source".
template <typename S, typename M>
struct Inline {
  using Struct = S;
  using Member = M;
  static constexpr size_t kMembers = 1;
  M S::*member;
};

template <typename S, typename M>
constexpr Inline<S, M> Flatten(M S::*member) {
  return Inline<S, M>{.member = member};
}

// A member that stays inside omnihub: never written, left at its default when read.
template <typename S, typename M>
struct Ignored {
  using Struct = S;
  using Member = M;
  static constexpr size_t kMembers = 1;
  static constexpr bool kIgnored = true;
  M S::*member;
};

template <typename S, typename M>
constexpr Ignored<S, M> Ignore(M S::*member) {
  return Ignored<S, M>{.member = member};
}

// ---------------------------------------------------------------------------------------------
// What callers use.

template <typename S>
concept Described = requires {
  Describe(static_cast<const S*>(nullptr));
};

template <typename S>
constexpr int VersionOf() {
  if constexpr (requires { S::kSchemaVersion; }) {
    return S::kSchemaVersion;
  } else {
    return 1;
  }
}

// One field of a described struct, for catalogues: "lines[].sku", "integer", …
struct FieldInfo {
  std::string path;
  std::string type;  // string, integer, number, boolean, money, currency, timestamp, json,
                     // object, array of …, or "enum: a|b|c"
  DataClass data_class = DataClass::kNone;
  bool nullable = false;  // may be null
  bool optional = false;  // may be missing
  int since = 1;
  std::string doc;
};

template <Described S>
std::string Encode(const S& value, Redaction redaction = {});
// Appends the JSON object for `value` to `out`.
template <Described S>
void AppendObject(std::string& out, const S& value, Redaction redaction = {});
// Members written at the current level, for encoders that add members of their own:
// `out` holds "{" or "{…," and `comma` says whether a member came before.
template <Described S>
void AppendMembers(std::string& out, const S& value, bool comma, Redaction redaction = {});

// Any value a described struct may hold (a vector of described structs, say), as JSON.
template <typename M>
std::string EncodeValue(const M& value, Redaction redaction = {});

// Reads a JSON object written at schema version `version` (members unknown to the struct are
// ignored). Errors: kInvalidArgument naming the field by its path under `path` ("payload.lines[2]
// .sku"): missing, null where not allowed, or of the wrong type.
template <Described S>
Result<S> Decode(const json::Value& value, int version = VersionOf<S>(),
                 std::string_view path = "payload");
// As Decode, from JSON text. Errors: also kMalformedJson.
template <Described S>
Result<S> DecodeText(std::string_view text, int version = VersionOf<S>(),
                     std::string_view path = "payload");

template <Described S>
std::vector<FieldInfo> FieldsOf();
// A JSON Schema (draft 2020-12) object for S; each property carries "x-data-class".
template <Described S>
std::string JsonSchemaOf();

// ---------------------------------------------------------------------------------------------
// Implementation.

namespace detail {

template <typename T>
inline constexpr bool kAlwaysFalse = false;

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};
template <typename T>
struct IsStringMap : std::false_type {};
template <typename T>
struct IsStringMap<std::map<std::string, T>> : std::true_type {};
template <typename T>
struct IsId : std::false_type {};
template <typename Tag>
struct IsId<Id<Tag>> : std::true_type {};

// Counts an aggregate's members: the largest N for which S{x1, …, xN} compiles.
struct AnyMember {
  template <typename T>
  constexpr operator T&() const&& noexcept {  // NOLINT: converts to every member type
    return *static_cast<T*>(nullptr);         // never evaluated: used only in requires
  }
};
template <typename S, size_t... I>
constexpr bool BraceInitializable(std::index_sequence<I...>) {
  return requires { S{(static_cast<void>(I), AnyMember{})...}; };
}
template <typename S, size_t N = 0>
constexpr size_t AggregateArity() {
  if constexpr (BraceInitializable<S>(std::make_index_sequence<N + 1>())) {
    return AggregateArity<S, N + 1>();
  } else {
    return N;
  }
}

template <typename S>
constexpr auto FieldsTuple() {
  return Describe(static_cast<const S*>(nullptr));
}

template <typename S>
constexpr size_t DescribedMembers() {
  return std::apply([](auto... f) { return (size_t{0} + ... + decltype(f)::kMembers); },
                    FieldsTuple<S>());
}

template <typename S>
constexpr bool SinceWithinVersion() {
  bool ok = true;
  std::apply(
      [&ok](auto... f) {
        (
            [&ok](auto field) {
              if constexpr (requires { field.since; }) {
                ok = ok && field.since >= 1 && field.since <= VersionOf<S>();
              }
            }(f),
            ...);
      },
      FieldsTuple<S>());
  return ok;
}

template <typename S>
constexpr void CheckDescription() {
  static_assert(std::is_aggregate_v<S>, "a described struct must be an aggregate");
  static_assert(DescribedMembers<S>() == AggregateArity<S>(),
                "Describe() must list every member of the struct, each once");
  static_assert(SinceWithinVersion<S>(), "a field's Since() must be within kSchemaVersion");
}

// A field's path, rendered only for an error message.
struct Path {
  const Path* parent = nullptr;
  std::string_view name;  // a member, or empty for an array index
  size_t index = 0;
  std::string Render() const;
};

inline std::string Path::Render() const {
  std::string prefix = parent ? parent->Render() : std::string();
  if (name.empty()) {
    return prefix + "[" + std::to_string(index) + "]";
  }
  return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
}

inline Error Invalid(const Path& path, std::string_view message) {
  return Error::InvalidArgument(path.Render(), std::string(message));
}

template <typename M>
bool IsEmptyValue(const M& value) {
  if constexpr (std::is_same_v<M, std::string> || IsVector<M>::value || IsStringMap<M>::value) {
    return value.empty();
  } else if constexpr (IsId<M>::value) {
    return value.empty();
  } else if constexpr (IsOptional<M>::value) {
    return !value.has_value();
  } else {
    return false;
  }
}

template <Described S>
void AppendMembersImpl(std::string& out, const S& value, bool& comma, Redaction redaction);

// An absent member reads back as its type's empty value; a type without one (Currency) keeps
// the struct's default.
template <typename M>
void Reset(M& member) {
  if constexpr (std::is_default_constructible_v<M>) {
    member = M{};
  }
}

template <typename M>
void AppendValue(std::string& out, const M& value, bool raw, Redaction redaction) {
  if constexpr (std::is_same_v<M, std::string>) {
    if (raw) {
      out += value.empty() ? std::string_view("null") : std::string_view(value);
    } else {
      json::AppendQuoted(out, value);
    }
  } else if constexpr (std::is_same_v<M, bool>) {
    out += value ? "true" : "false";
  } else if constexpr (std::is_integral_v<M>) {
    out += std::to_string(static_cast<int64_t>(value));
  } else if constexpr (std::is_floating_point_v<M>) {
    json::AppendDouble(out, static_cast<double>(value));
  } else if constexpr (std::is_same_v<M, Money>) {
    out += R"({"amount":)";
    out += std::to_string(value.minor);
    out += R"(,"currency":)";
    json::AppendQuoted(out, value.currency.code());
    out += '}';
  } else if constexpr (std::is_same_v<M, TimePoint>) {
    json::AppendQuoted(out, FormatRfc3339(value));
  } else if constexpr (std::is_same_v<M, Currency>) {
    json::AppendQuoted(out, value.code());
  } else if constexpr (NamedEnum<M>) {
    json::AppendQuoted(out, NameOf(value));
  } else if constexpr (IsId<M>::value) {
    json::AppendQuoted(out, value.str());
  } else if constexpr (IsOptional<M>::value) {
    if (value) {
      AppendValue(out, *value, raw, redaction);
    } else {
      out += "null";
    }
  } else if constexpr (IsVector<M>::value) {
    out += '[';
    for (size_t idx = 0; idx < value.size(); ++idx) {
      if (idx > 0) {
        out += ',';
      }
      AppendValue(out, value[idx], raw, redaction);
    }
    out += ']';
  } else if constexpr (IsStringMap<M>::value) {
    out += '{';
    bool first = true;
    for (const auto& [key, item] : value) {
      json::AppendKey(out, key, !first);
      AppendValue(out, item, raw, redaction);
      first = false;
    }
    out += '}';
  } else if constexpr (Described<M>) {
    out += '{';
    bool comma = false;
    AppendMembersImpl(out, value, comma, redaction);
    out += '}';
  } else {
    static_assert(kAlwaysFalse<M>, "no JSON form for this member type");
  }
}

template <typename S, typename Desc>
void AppendDescribed(std::string& out, const S& value, const Desc& desc, bool& comma,
                     Redaction redaction) {
  if constexpr (requires { Desc::kIgnored; }) {
    return;
  } else if constexpr (requires { desc.fields; }) {  // Group
    json::AppendKey(out, desc.name, comma);
    comma = true;
    out += '{';
    bool inner = false;
    std::apply([&](const auto&... f) { (AppendDescribed(out, value, f, inner, redaction), ...); },
               desc.fields);
    out += '}';
  } else if constexpr (requires { desc.name; }) {  // Field
    const auto& member = value.*(desc.member);
    if (desc.empty == Empty::kOmit && IsEmptyValue(member)) {
      return;
    }
    json::AppendKey(out, desc.name, comma);
    comma = true;
    if (redaction.Hides(desc.data_class) || (desc.empty == Empty::kNull && IsEmptyValue(member))) {
      out += "null";
      return;
    }
    AppendValue(out, member, desc.raw, redaction);
  } else {  // Inline
    AppendMembersImpl(out, value.*(desc.member), comma, redaction);
  }
}

template <Described S>
void AppendMembersImpl(std::string& out, const S& value, bool& comma, Redaction redaction) {
  CheckDescription<S>();
  static constexpr auto kFields = FieldsTuple<S>();
  std::apply([&](const auto&... f) { (AppendDescribed(out, value, f, comma, redaction), ...); },
             kFields);
}

template <Described S>
Result<void> ReadMembers(const json::Value& object, S& out, int version, const Path& path);

template <typename M>
Result<void> ReadValue(const json::Value& v, M& out, bool raw, int version, const Path& path) {
  if constexpr (std::is_same_v<M, std::string>) {
    if (raw) {
      out = json::Serialize(v);
      return Ok();
    }
    const std::string* text = v.AsString();
    if (text == nullptr) {
      return Invalid(path, "must be a string");
    }
    out = *text;
  } else if constexpr (std::is_same_v<M, bool>) {
    std::optional<bool> b = v.AsBool();
    if (!b) {
      return Invalid(path, "must be true or false");
    }
    out = *b;
  } else if constexpr (std::is_integral_v<M>) {
    std::optional<int64_t> i = v.AsInt();
    if (!i) {
      return Invalid(path, "must be an integer");
    }
    out = static_cast<M>(*i);
  } else if constexpr (std::is_floating_point_v<M>) {
    std::optional<double> d = v.AsDouble();
    if (!d) {
      return Invalid(path, "must be a number");
    }
    out = static_cast<M>(*d);
  } else if constexpr (std::is_same_v<M, Money>) {
    const json::Value* amount = v.Find("amount");
    const json::Value* currency = v.Find("currency");
    if (amount == nullptr || !amount->AsInt() || currency == nullptr || !currency->AsString()) {
      return Invalid(path, "must be {\"amount\":<minor units>,\"currency\":\"PLN\"}");
    }
    Result<Currency> parsed = Currency::Parse(*currency->AsString());
    if (!parsed.ok()) {
      return Invalid(path, "has an unknown currency");
    }
    out = Money{.minor = *amount->AsInt(), .currency = *parsed};
  } else if constexpr (std::is_same_v<M, TimePoint>) {
    const std::string* text = v.AsString();
    Result<TimePoint> parsed = text ? ParseRfc3339(*text) : Result<TimePoint>(Error::Internal(""));
    if (!parsed.ok()) {
      return Invalid(path, "must be an RFC 3339 time");
    }
    out = *parsed;
  } else if constexpr (std::is_same_v<M, Currency>) {
    const std::string* text = v.AsString();
    Result<Currency> parsed = text ? Currency::Parse(*text) : Result<Currency>(Error::Internal(""));
    if (!parsed.ok()) {
      return Invalid(path, "must be an ISO 4217 currency code");
    }
    out = *parsed;
  } else if constexpr (NamedEnum<M>) {
    const std::string* text = v.AsString();
    std::optional<M> value = text ? EnumNames(M{}).Find(*text) : std::nullopt;
    if (!value) {
      return Invalid(path, "must be " + EnumNames(M{}).Choices());
    }
    out = *value;
  } else if constexpr (IsId<M>::value) {
    const std::string* text = v.AsString();
    if (text == nullptr) {
      return Invalid(path, "must be an id");
    }
    if (text->empty()) {
      out = M();
      return Ok();
    }
    Result<M> id = M::Parse(*text, path.Render());
    if (!id.ok()) {
      return std::move(id).error();
    }
    out = std::move(*id);
  } else if constexpr (IsOptional<M>::value) {
    if (v.is_null()) {
      out.reset();
      return Ok();
    }
    typename M::value_type item{};
    OMNI_TRY(ReadValue(v, item, raw, version, path));
    out = std::move(item);
  } else if constexpr (IsVector<M>::value) {
    const json::Array* items = v.AsArray();
    if (items == nullptr) {
      return Invalid(path, "must be an array");
    }
    out.clear();
    out.reserve(items->size());
    for (size_t idx = 0; idx < items->size(); ++idx) {
      const Path item_path{.parent = &path, .index = idx};
      typename M::value_type item{};
      OMNI_TRY(ReadValue((*items)[idx], item, raw, version, item_path));
      out.push_back(std::move(item));
    }
  } else if constexpr (IsStringMap<M>::value) {
    const json::Object* members = v.AsObject();
    if (members == nullptr) {
      return Invalid(path, "must be an object");
    }
    out.clear();
    for (const auto& [key, item] : *members) {
      typename M::mapped_type value{};
      OMNI_TRY(ReadValue(item, value, raw, version, Path{.parent = &path, .name = key}));
      out[key] = std::move(value);
    }
  } else if constexpr (Described<M>) {
    if (!v.is_object()) {
      return Invalid(path, "must be an object");
    }
    return ReadMembers(v, out, version, path);
  } else {
    static_assert(kAlwaysFalse<M>, "no JSON form for this member type");
  }
  return Ok();
}

template <typename S, typename Desc>
Result<void> ReadDescribed(const json::Value& object, S& out, const Desc& desc, int version,
                           const Path& path) {
  if constexpr (requires { Desc::kIgnored; }) {
    return Ok();
  } else if constexpr (requires { desc.fields; }) {  // Group
    const Path group_path{.parent = &path, .name = desc.name};
    const json::Value* group = object.Find(desc.name);
    if (group == nullptr || !group->is_object()) {
      return Invalid(group_path, "must be an object");
    }
    Result<void> read = Ok();
    std::apply(
        [&](const auto&... f) {
          ((read.ok() ? static_cast<void>(read = ReadDescribed(*group, out, f, version, group_path))
                      : static_cast<void>(0)),
           ...);
        },
        desc.fields);
    return read;
  } else if constexpr (requires { desc.name; }) {  // Field
    using M = typename Desc::Member;
    M& member = out.*(desc.member);
    const json::Value* found = object.Find(desc.name);
    const Path field_path{.parent = &path, .name = desc.name};
    const bool may_be_empty = desc.empty != Empty::kWrite || version < desc.since;
    if (found == nullptr) {
      if (may_be_empty || IsOptional<M>::value) {
        Reset(member);
        return Ok();
      }
      return Invalid(field_path, "is missing");
    }
    if (found->is_null() && !IsOptional<M>::value) {
      Reset(member);
      // Raw JSON writes an empty text as null; a redacted personal field reads back as empty.
      if (may_be_empty || desc.raw || IsPersonal(desc.data_class)) {
        return Ok();
      }
      return Invalid(field_path, "must not be null");
    }
    return ReadValue(*found, member, desc.raw, version, field_path);
  } else {  // Inline
    return ReadMembers(object, out.*(desc.member), version, path);
  }
}

template <Described S>
Result<void> ReadMembers(const json::Value& object, S& out, int version, const Path& path) {
  CheckDescription<S>();
  static constexpr auto kFields = FieldsTuple<S>();
  Result<void> read = Ok();
  std::apply(
      [&](const auto&... f) {
        ((read.ok() ? static_cast<void>(read = ReadDescribed(object, out, f, version, path))
                    : static_cast<void>(0)),
         ...);
      },
      kFields);
  return read;
}

// The catalogue's view of a member type.
template <typename M>
std::string TypeName() {
  if constexpr (std::is_same_v<M, std::string>) {
    return "string";
  } else if constexpr (std::is_same_v<M, bool>) {
    return "boolean";
  } else if constexpr (std::is_integral_v<M>) {
    return "integer";
  } else if constexpr (std::is_floating_point_v<M>) {
    return "number";
  } else if constexpr (std::is_same_v<M, Money>) {
    return "money";
  } else if constexpr (std::is_same_v<M, TimePoint>) {
    return "timestamp";
  } else if constexpr (std::is_same_v<M, Currency>) {
    return "currency";
  } else if constexpr (NamedEnum<M>) {
    std::string out = "enum: ";
    const auto table = EnumNames(M{});
    for (size_t idx = 0; idx < table.size(); ++idx) {
      out += (idx ? "|" : "") + std::string(table.entries[idx].name);
    }
    return out;
  } else if constexpr (IsId<M>::value) {
    return "string";
  } else if constexpr (IsOptional<M>::value) {
    return TypeName<typename M::value_type>();
  } else if constexpr (IsVector<M>::value) {
    return "array of " + TypeName<typename M::value_type>();
  } else if constexpr (IsStringMap<M>::value) {
    return "object of " + TypeName<typename M::mapped_type>();
  } else if constexpr (Described<M>) {
    return "object";
  } else {
    static_assert(kAlwaysFalse<M>, "no JSON form for this member type");
  }
}

template <typename M>
struct Element {
  using Type = M;
  static constexpr const char* kSuffix = "";
};
template <typename T>
struct Element<std::optional<T>> : Element<T> {};
template <typename T>
struct Element<std::vector<T>> {
  using Type = typename Element<T>::Type;
  static constexpr const char* kSuffix = "[]";
};

template <Described S>
void CollectFields(std::vector<FieldInfo>& out, const std::string& prefix);

template <typename S, typename Desc>
void CollectDescribed(std::vector<FieldInfo>& out, const std::string& prefix, const Desc& desc) {
  if constexpr (requires { Desc::kIgnored; }) {
    return;
  } else if constexpr (requires { desc.fields; }) {  // Group
    const std::string group = prefix + std::string(desc.name);
    out.push_back({.path = group, .type = "object"});
    std::apply([&](const auto&... f) { (CollectDescribed<S>(out, group + ".", f), ...); },
               desc.fields);
  } else if constexpr (requires { desc.name; }) {  // Field
    using M = typename Desc::Member;
    const std::string path = prefix + std::string(desc.name);
    out.push_back({.path = path,
                   .type = desc.raw ? std::string("json") : TypeName<M>(),
                   .data_class = desc.data_class,
                   .nullable = desc.empty == Empty::kNull || IsOptional<M>::value ||
                               IsPersonal(desc.data_class),
                   .optional = desc.empty == Empty::kOmit,
                   .since = desc.since,
                   .doc = std::string(desc.doc)});
    using Inner = typename Element<M>::Type;
    if constexpr (Described<Inner>) {
      CollectFields<Inner>(out, path + Element<M>::kSuffix + ".");
    }
  } else {  // Inline
    CollectFields<typename Desc::Member>(out, prefix);
  }
}

template <Described S>
void CollectFields(std::vector<FieldInfo>& out, const std::string& prefix) {
  std::apply([&](const auto&... f) { (CollectDescribed<S>(out, prefix, f), ...); },
             FieldsTuple<S>());
}

template <typename M>
void AppendTypeSchema(std::string& out, bool raw);

template <Described S>
void AppendObjectSchema(std::string& out);

template <typename S, typename Desc>
void AppendPropertySchemas(std::string& out, std::string& required, const Desc& desc, bool& comma) {
  if constexpr (requires { Desc::kIgnored; }) {
    return;
  } else if constexpr (requires { desc.fields; }) {  // Group
    json::AppendKey(out, desc.name, comma);
    comma = true;
    out += R"({"type":"object","properties":{)";
    std::string inner_required;
    bool inner = false;
    std::apply(
        [&](const auto&... f) { (AppendPropertySchemas<S>(out, inner_required, f, inner), ...); },
        desc.fields);
    out += "},\"required\":[" + inner_required + "]}";
    required += (required.empty() ? "" : ",") + json::Quote(desc.name);
  } else if constexpr (requires { desc.name; }) {  // Field
    using M = typename Desc::Member;
    json::AppendKey(out, desc.name, comma);
    comma = true;
    const bool nullable =
        desc.empty == Empty::kNull || IsOptional<M>::value || IsPersonal(desc.data_class);
    std::string type;
    AppendTypeSchema<M>(type, desc.raw);
    std::string keywords = R"("x-data-class":)" + json::Quote(NameOf(desc.data_class));
    if (!desc.doc.empty()) {
      keywords += R"(,"description":)" + json::Quote(desc.doc);
    }
    if (desc.since > 1) {
      keywords += R"(,"x-since-version":)" + std::to_string(desc.since);
    }
    if (nullable) {
      out += R"({"anyOf":[)" + type + R"(,{"type":"null"}],)" + keywords + "}";
    } else {
      type.pop_back();  // the type's closing brace: our keywords go inside it
      out += type + (type.size() > 1 ? "," : "") + keywords + "}";
    }
    if (desc.empty != Empty::kOmit) {
      required += (required.empty() ? "" : ",") + json::Quote(desc.name);
    }
  } else {  // Inline
    using Inner = typename Desc::Member;
    std::apply(
        [&](const auto&... f) { (AppendPropertySchemas<Inner>(out, required, f, comma), ...); },
        FieldsTuple<Inner>());
  }
}

template <typename M>
void AppendTypeSchema(std::string& out, bool raw) {
  if (raw) {
    out += "{}";
    return;
  }
  if constexpr (std::is_same_v<M, std::string> || IsId<M>::value) {
    out += R"({"type":"string"})";
  } else if constexpr (std::is_same_v<M, bool>) {
    out += R"({"type":"boolean"})";
  } else if constexpr (std::is_integral_v<M>) {
    out += R"({"type":"integer"})";
  } else if constexpr (std::is_floating_point_v<M>) {
    out += R"({"type":"number"})";
  } else if constexpr (std::is_same_v<M, Money>) {
    out += R"({"type":"object","required":["amount","currency"],)"
           R"("properties":{"amount":{"type":"integer"},"currency":{"type":"string"}}})";
  } else if constexpr (std::is_same_v<M, TimePoint>) {
    out += R"({"type":"string","format":"date-time"})";
  } else if constexpr (std::is_same_v<M, Currency>) {
    out += R"({"type":"string","pattern":"^[A-Z]{3}$"})";
  } else if constexpr (NamedEnum<M>) {
    out += R"({"enum":[)";
    const auto table = EnumNames(M{});
    for (size_t idx = 0; idx < table.size(); ++idx) {
      out += (idx ? "," : "") + json::Quote(table.entries[idx].name);
    }
    out += "]}";
  } else if constexpr (IsOptional<M>::value) {
    AppendTypeSchema<typename M::value_type>(out, raw);
  } else if constexpr (IsVector<M>::value) {
    out += R"({"type":"array","items":)";
    AppendTypeSchema<typename M::value_type>(out, raw);
    out += '}';
  } else if constexpr (IsStringMap<M>::value) {
    out += R"({"type":"object","additionalProperties":)";
    AppendTypeSchema<typename M::mapped_type>(out, raw);
    out += '}';
  } else if constexpr (Described<M>) {
    AppendObjectSchema<M>(out);
  } else {
    static_assert(kAlwaysFalse<M>, "no JSON form for this member type");
  }
}

template <Described S>
void AppendObjectSchema(std::string& out) {
  out += R"({"type":"object","properties":{)";
  std::string required;
  bool comma = false;
  std::apply([&](const auto&... f) { (AppendPropertySchemas<S>(out, required, f, comma), ...); },
             FieldsTuple<S>());
  out += "},\"required\":[" + required + "]}";
}

}  // namespace detail

template <Described S>
void AppendMembers(std::string& out, const S& value, bool comma, Redaction redaction) {
  detail::AppendMembersImpl(out, value, comma, redaction);
}

template <Described S>
void AppendObject(std::string& out, const S& value, Redaction redaction) {
  out += '{';
  bool comma = false;
  detail::AppendMembersImpl(out, value, comma, redaction);
  out += '}';
}

template <Described S>
std::string Encode(const S& value, Redaction redaction) {
  std::string out;
  out.reserve(256);
  AppendObject(out, value, redaction);
  return out;
}

template <typename M>
std::string EncodeValue(const M& value, Redaction redaction) {
  std::string out;
  detail::AppendValue(out, value, /*raw=*/false, redaction);
  return out;
}

template <Described S>
Result<S> Decode(const json::Value& value, int version, std::string_view path) {
  const detail::Path root{.name = path};
  if (!value.is_object()) {
    return detail::Invalid(root, "must be an object");
  }
  S out{};
  OMNI_TRY(detail::ReadMembers(value, out, version, root));
  return out;
}

template <Described S>
Result<S> DecodeText(std::string_view text, int version, std::string_view path) {
  OMNI_ASSIGN_OR_RETURN(json::Value parsed, json::Parse(text));
  return Decode<S>(parsed, version, path);
}

template <Described S>
std::vector<FieldInfo> FieldsOf() {
  std::vector<FieldInfo> out;
  detail::CollectFields<S>(out, "");
  return out;
}

template <Described S>
std::string JsonSchemaOf() {
  std::string out;
  detail::AppendObjectSchema<S>(out);
  return out;
}

}  // namespace omnihub::schema
