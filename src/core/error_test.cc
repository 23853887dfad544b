#include "core/error.h"  // first: proves the header self-contained

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace omnihub {
namespace {

// The last enumerator of ErrorCode; the catalogue must cover every code up to it.
constexpr ErrorCode kLastCode = ErrorCode::kUnavailable;

bool IsSnakeCase(std::string_view name) {
  if (name.empty() || name.front() == '_' || name.back() == '_') {
    return false;
  }
  char previous = '\0';
  for (char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || c == '_';
    if (!allowed || (c == '_' && previous == '_')) {
      return false;
    }
    previous = c;
  }
  return true;
}

TEST(ErrorCatalogueTest, ListsEveryCodeOnceInDeclarationOrder) {
  const auto catalogue = ErrorCatalogue();
  ASSERT_EQ(catalogue.size(), static_cast<size_t>(kLastCode) + 1);
  for (size_t code_idx = 0; code_idx < catalogue.size(); ++code_idx) {
    EXPECT_EQ(catalogue[code_idx].code, static_cast<ErrorCode>(code_idx))
        << catalogue[code_idx].name << " is out of place";
  }
}

TEST(ErrorCatalogueTest, NamesAreUniqueSnakeCase) {
  std::set<std::string_view> names;
  for (const ErrorCodeInfo& info : ErrorCatalogue()) {
    EXPECT_TRUE(IsSnakeCase(info.name)) << info.name;
    EXPECT_TRUE(names.insert(info.name).second) << "duplicate name " << info.name;
  }
}

TEST(ErrorCatalogueTest, EveryCodeHasAnErrorStatusAndAMeaning) {
  for (const ErrorCodeInfo& info : ErrorCatalogue()) {
    EXPECT_GE(info.http_status, 400) << info.name;
    EXPECT_LE(info.http_status, 599) << info.name;
    EXPECT_FALSE(info.meaning.empty()) << info.name;
  }
}

TEST(ErrorCatalogueTest, MapsCodesToTheDocumentedStatuses) {
  EXPECT_EQ(InfoFor(ErrorCode::kInvalidArgument).http_status, 400);
  EXPECT_EQ(InfoFor(ErrorCode::kMalformedJson).http_status, 400);
  EXPECT_EQ(InfoFor(ErrorCode::kUnauthenticated).http_status, 401);
  EXPECT_EQ(InfoFor(ErrorCode::kForbidden).http_status, 403);
  EXPECT_EQ(InfoFor(ErrorCode::kNotFound).http_status, 404);
  EXPECT_EQ(InfoFor(ErrorCode::kConflict).http_status, 409);
  EXPECT_EQ(InfoFor(ErrorCode::kInsufficientStock).http_status, 409);
  EXPECT_EQ(InfoFor(ErrorCode::kPayloadTooLarge).http_status, 413);
  EXPECT_EQ(InfoFor(ErrorCode::kIdempotencyKeyReused).http_status, 422);
  EXPECT_EQ(InfoFor(ErrorCode::kRateLimited).http_status, 429);
  EXPECT_EQ(InfoFor(ErrorCode::kInternal).http_status, 500);
  EXPECT_EQ(InfoFor(ErrorCode::kUnavailable).http_status, 503);
}

TEST(ErrorCatalogueTest, InfoForAndCodeNameAgreeWithTheCatalogue) {
  for (const ErrorCodeInfo& info : ErrorCatalogue()) {
    EXPECT_EQ(InfoFor(info.code).name, info.name);
    EXPECT_EQ(CodeName(info.code), info.name);
  }
  EXPECT_EQ(CodeName(ErrorCode::kInsufficientStock), "insufficient_stock");
  EXPECT_EQ(CodeName(ErrorCode::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(CodeName(ErrorCode::kIdempotencyKeyReused), "idempotency_key_reused");
}

TEST(ErrorTest, InvalidArgumentReadsAsFieldThenProblem) {
  const Error error = Error::InvalidArgument("lines[2].quantity", "must be a positive integer");
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(error.message, "lines[2].quantity must be a positive integer");
  const DetailValue* field = error.Detail("field");
  ASSERT_NE(field, nullptr);
  EXPECT_EQ(*field, DetailValue(std::string("lines[2].quantity")));
}

TEST(ErrorTest, NotFoundNamesTheId) {
  const Error error = Error::NotFound("order", "ord_01ARYZ6S41TSV4RRFFQ69G5FAV");
  EXPECT_EQ(error.code, ErrorCode::kNotFound);
  EXPECT_NE(error.message.find("ord_01ARYZ6S41TSV4RRFFQ69G5FAV"), std::string::npos);
  ASSERT_NE(error.Detail("id"), nullptr);
  EXPECT_EQ(*error.Detail("id"), DetailValue(std::string("ord_01ARYZ6S41TSV4RRFFQ69G5FAV")));
}

TEST(ErrorTest, FactoriesSetTheirCodes) {
  EXPECT_EQ(Error::MalformedJson("x").code, ErrorCode::kMalformedJson);
  EXPECT_EQ(Error::Unauthenticated("x").code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(Error::Forbidden("x").code, ErrorCode::kForbidden);
  EXPECT_EQ(Error::Conflict("x").code, ErrorCode::kConflict);
  EXPECT_EQ(Error::Internal("x").code, ErrorCode::kInternal);
  EXPECT_EQ(Error::Unavailable("x").code, ErrorCode::kUnavailable);
  const Error made = Error::Make(ErrorCode::kRateLimited, "slow down");
  EXPECT_EQ(made.code, ErrorCode::kRateLimited);
  EXPECT_EQ(made.message, "slow down");
  EXPECT_TRUE(made.details.empty());
  EXPECT_EQ(Error().code, ErrorCode::kInternal);
}

TEST(ErrorTest, CarriesTypedDetailsInOrder) {
  Error error = Error::Make(ErrorCode::kInsufficientStock, "not enough BUT-42")
                    .With("sku", std::string("BUT-42"))
                    .With("available", int64_t{0});
  error.With("backorder", false);
  ASSERT_EQ(error.details.size(), 3u);
  EXPECT_EQ(error.details[0].first, "sku");
  EXPECT_EQ(*error.Detail("sku"), DetailValue(std::string("BUT-42")));
  EXPECT_EQ(*error.Detail("available"), DetailValue(int64_t{0}));
  EXPECT_EQ(*error.Detail("backorder"), DetailValue(false));
  EXPECT_EQ(error.Detail("location_id"), nullptr);
}

}  // namespace
}  // namespace omnihub
