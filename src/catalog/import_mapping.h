#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "catalog/catalog.h"

// How the columns of an import file map onto SKU upserts: the UCI Online Retail files and
// omnihub's own product CSV (README.md). Private to the catalog's import.
namespace omnihub::catalog::import {

// Why a line was refused: the field, a stable code and a message for the report.
struct Refusal {
  std::string field;
  std::string code;
  std::string message;
};

// How the columns of a file map onto a SkuUpsert.
class Mapping {
 public:
  virtual ~Mapping() = default;
  // Maps one well-formed record; a refusal names the field and the code.
  virtual std::variant<SkuUpsert, Refusal> Map(const std::vector<std::string>& fields) const = 0;
  // Whether a second line of a SKU replaces the first (true) or is refused (false).
  virtual bool LastLineWins() const = 0;
};

// The mapping for a header of UCI Online Retail (II) columns. Errors: kInvalidArgument (a
// column missing).
Result<std::unique_ptr<Mapping>> OnlineRetail(const std::vector<std::string>& header);
// The mapping for omnihub's own columns, prices in `currency` unless a line names its own.
// Errors: kInvalidArgument (a column missing or unknown).
Result<std::unique_ptr<Mapping>> Omnihub(const std::vector<std::string>& header, Currency currency);

// `text` without surrounding blanks.
std::string Trimmed(std::string_view text);
// The index of the first column named one of `names`, -1 when none is.
int ColumnOf(const std::vector<std::string>& header, std::initializer_list<std::string_view> names);

}  // namespace omnihub::catalog::import
