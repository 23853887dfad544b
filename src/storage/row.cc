#include <charconv>

#include "storage/database.h"

#include "core/json.h"

namespace omnihub::storage {
namespace {

int64_t ParseInt(const std::string& text) {
  int64_t v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

}  // namespace

Error RetryTransaction(std::string_view why) {
  Error error = Error::Unavailable("database: " + std::string(why));
  error.details.emplace_back("sqlstate", std::string("40001"));  // what RunWrite retries
  return error;
}

bool Row::IsNull(size_t col) const {
  return col >= cells_.size() || std::holds_alternative<std::nullptr_t>(cells_[col]);
}

int64_t Row::Int(size_t col) const {
  if (col >= cells_.size()) {
    return 0;
  }
  const Cell& cell = cells_[col];
  if (const auto* i = std::get_if<int64_t>(&cell)) {
    return *i;
  }
  if (const auto* d = std::get_if<double>(&cell)) {
    return static_cast<int64_t>(*d);
  }
  if (const auto* s = std::get_if<std::string>(&cell)) {
    return ParseInt(*s);
  }
  return 0;
}

double Row::Double(size_t col) const {
  if (col >= cells_.size()) {
    return 0;
  }
  const Cell& cell = cells_[col];
  if (const auto* d = std::get_if<double>(&cell)) {
    return *d;
  }
  if (const auto* i = std::get_if<int64_t>(&cell)) {
    return static_cast<double>(*i);
  }
  if (const auto* s = std::get_if<std::string>(&cell)) {
    return std::strtod(s->c_str(), nullptr);
  }
  return 0;
}

std::string Row::Text(size_t col) const { return OptText(col).value_or(""); }

std::optional<int64_t> Row::OptInt(size_t col) const {
  if (IsNull(col)) {
    return std::nullopt;
  }
  return Int(col);
}

std::optional<std::string> Row::OptText(size_t col) const {
  if (IsNull(col)) {
    return std::nullopt;
  }
  const Cell& cell = cells_[col];
  if (const auto* s = std::get_if<std::string>(&cell)) {
    return *s;
  }
  if (const auto* i = std::get_if<int64_t>(&cell)) {
    return std::to_string(*i);
  }
  return std::to_string(std::get<double>(cell));
}

Result<std::optional<Row>> Tx::QueryOne(std::string_view sql, std::initializer_list<Param> params) {
  OMNI_ASSIGN_OR_RETURN(std::vector<Row> rows, Query(sql, params));
  if (rows.empty()) {
    return std::optional<Row>();
  }
  return std::optional<Row>(std::move(rows.front()));
}

std::string_view ForUpdate(const Tx& tx) {
  return tx.backend() == Backend::kPostgres ? " FOR UPDATE" : "";
}

Param NullIfEmpty(std::string_view text) { return text.empty() ? Param(nullptr) : Param(text); }

std::string Placeholders(size_t first, size_t count) {
  std::string out;
  for (size_t idx = 0; idx < count; ++idx) {
    out += (idx ? ", ?" : "?") + std::to_string(first + idx);
  }
  return out;
}

std::string InList(const Tx& tx, size_t param) {
  const std::string p = "?" + std::to_string(param);
  return tx.backend() == Backend::kPostgres
             ? "IN (SELECT json_array_elements_text(CAST(" + p + " AS json)))"
             : "IN (SELECT value FROM json_each(" + p + "))";
}

Param JsonList(const std::vector<std::string>& values) {
  json::Array items;
  items.reserve(values.size());
  for (const std::string& value : values) {
    items.emplace_back(value);
  }
  return Param(json::Serialize(json::Value(std::move(items))));
}

std::string ContainsPattern(std::string_view needle) {
  std::string out = "%";
  out.reserve(needle.size() + 2);
  for (char c : needle) {
    if (c == '%' || c == '_' || c == '!') {
      out += '!';
    }
    out += c;
  }
  return out + "%";
}

}  // namespace omnihub::storage
