#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/result.h"

// Names of enum values, written once per enum. A module declares, next to the enum, a function
// found by argument-dependent lookup:
//   enum class CartStatus { kActive, kCheckedOut };
//   constexpr auto EnumNames(CartStatus) {
//     return EnumTable<CartStatus, 2>{{{{CartStatus::kActive, "active"},
//                                       {CartStatus::kCheckedOut, "checked_out"}}}};
//   }
// and everyone uses NameOf(status) and ParseEnum<CartStatus>(text, "status"). Schemas (schema.h)
// write and read such enums by name.
namespace omnihub {

template <typename E>
struct EnumName {
  E value;
  std::string_view name;
};

template <typename E, size_t N>
struct EnumTable {
  EnumName<E> entries[N];

  // The value's name; "" for a value the table does not list (a bug: tables list them all).
  constexpr std::string_view Name(E value) const {
    for (const EnumName<E>& entry : entries) {
      if (entry.value == value) {
        return entry.name;
      }
    }
    return {};
  }
  constexpr std::optional<E> Find(std::string_view name) const {
    for (const EnumName<E>& entry : entries) {
      if (entry.name == name) {
        return entry.value;
      }
    }
    return std::nullopt;
  }
  // "a, b or c".
  std::string Choices() const {
    std::string out;
    for (size_t idx = 0; idx < N; ++idx) {
      out += idx == 0 ? "" : (idx + 1 == N ? " or " : ", ");
      out += entries[idx].name;
    }
    return out;
  }
  // Errors: kInvalidArgument naming `field`: "must be a, b or c".
  Result<E> Parse(std::string_view name, std::string_view field) const {
    if (std::optional<E> value = Find(name)) {
      return *value;
    }
    return Error::InvalidArgument(field, "must be " + Choices());
  }
  static constexpr size_t size() { return N; }
};

// True for enums with an EnumNames() table.
template <typename E>
concept NamedEnum = std::is_enum_v<E> && requires(E value) {
  EnumNames(value).Name(value);
};

template <NamedEnum E>
constexpr std::string_view NameOf(E value) {
  return EnumNames(value).Name(value);
}

// Errors: kInvalidArgument naming `field` ("must be a, b or c").
template <NamedEnum E>
Result<E> ParseEnum(std::string_view name, std::string_view field) {
  return EnumNames(E{}).Parse(name, field);
}

}  // namespace omnihub
