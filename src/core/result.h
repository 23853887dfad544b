#pragma once

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/check.h"
#include "core/error.h"

namespace omnihub {

// Holds a T or an Error. Shaped like std::expected<T, Error> (which GCC 12 lacks in C++20).
// Accessing value() of an error, or error() of a value, is a bug and aborts.
template <typename T>
class [[nodiscard]] Result {
 public:
  using value_type = T;

  Result(const T& value) : state_(std::in_place_index<0>, value) {}          // NOLINT
  Result(T&& value) : state_(std::in_place_index<0>, std::move(value)) {}    // NOLINT
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  template <typename U>
  requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, T> &&
           !std::is_same_v<std::decay_t<U>, Error> && !std::is_same_v<std::decay_t<U>, Result<T>>)
      Result(U&& value)
      : state_(std::in_place_index<0>, T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return Checked(), std::get<0>(state_); }
  const T& value() const& { return Checked(), std::get<0>(state_); }
  // By value, so `for (auto& x : *MakeResult())` does not dangle.
  T value() && { return Checked(), std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& {
    OMNI_CHECK(!ok(), "error() called on a value");
    return std::get<1>(state_);
  }
  Error&& error() && {
    OMNI_CHECK(!ok(), "error() called on a value");
    return std::get<1>(std::move(state_));
  }

 private:
  void Checked() const { OMNI_CHECK(ok(), "value() called on an error"); }
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  void value() const { OMNI_CHECK(ok(), "value() called on an error"); }

  const Error& error() const& {
    OMNI_CHECK(!ok(), "error() called on a value");
    return *error_;
  }
  Error&& error() && {
    OMNI_CHECK(!ok(), "error() called on a value");
    return std::move(*error_);
  }

 private:
  std::optional<Error> error_;
};

inline Result<void> Ok() { return {}; }

}  // namespace omnihub

#define OMNI_CONCAT_INNER(a, b) a##b
#define OMNI_CONCAT(a, b) OMNI_CONCAT_INNER(a, b)

// Returns the error of `expr` (a Result) from the enclosing function.
#define OMNI_TRY(expr)                           \
  do {                                           \
    auto omni_try_result = (expr);               \
    if (!omni_try_result.ok()) {                 \
      return std::move(omni_try_result).error(); \
    }                                            \
  } while (false)

// `OMNI_ASSIGN_OR_RETURN(Type name, expr);` declares `name` from the value of `expr`, or returns
// its error from the enclosing function.
#define OMNI_ASSIGN_OR_RETURN(decl, expr) \
  OMNI_ASSIGN_OR_RETURN_IMPL(OMNI_CONCAT(omni_result_, __LINE__), decl, expr)
#define OMNI_ASSIGN_OR_RETURN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) {                                  \
    return std::move(tmp).error();                  \
  }                                                 \
  decl = std::move(tmp).value()
