#include "events/service.h"  // first: proves the header self-contained

#include <gtest/gtest.h>

#include "events/segment.h"
#include "testing/db_test.h"

namespace omnihub::events {
namespace {

const TimePoint kNow = *ParseRfc3339("2026-03-01T12:00:00Z");

json::Value Json(std::string_view text) {
  Result<json::Value> parsed = json::Parse(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? std::move(parsed).value() : json::Value();
}

std::string FieldOf(const Error& error) {
  const DetailValue* field = error.Detail("field");
  return field != nullptr ? std::get<std::string>(*field) : "";
}

Result<Event> Single(EventType type, std::string_view body) {
  return DecodeSingle(Json(body), type, kNow, {});
}

TEST(CommerceTest, AnOrderKeepsItsTypedColumns) {
  Result<Event> event = Single(EventType::kTrack, R"({"userId":"u","event":"Order Completed",
      "properties":{"order_id":"ORD-1","revenue":129.99,"total":150,"currency":"pln",
        "products":[{"product_id":"P-1","sku":"BUT-42","price":99.99,"quantity":1},
                    {"product_id":507,"price":15,"quantity":2.0}]}})");
  ASSERT_OK(event);
  const Commerce& commerce = event->commerce;
  EXPECT_TRUE(commerce.is_commerce);
  EXPECT_EQ(commerce.order_id, "ORD-1");
  EXPECT_EQ(commerce.revenue_minor, 12999);
  EXPECT_EQ(commerce.currency, "PLN");
  EXPECT_EQ(commerce.product_count, 2);
  ASSERT_EQ(commerce.products.size(), 2u);
  EXPECT_EQ(commerce.products[0].position, 0);
  EXPECT_EQ(commerce.products[0].product_id, "P-1");
  EXPECT_EQ(commerce.products[0].sku, "BUT-42");
  EXPECT_EQ(commerce.products[0].price_minor, 9999);
  EXPECT_EQ(commerce.products[0].quantity, 1);
  EXPECT_EQ(commerce.products[1].position, 1);
  EXPECT_EQ(commerce.products[1].product_id, "507");
  EXPECT_FALSE(commerce.products[1].sku);
  EXPECT_EQ(commerce.products[1].price_minor, 1500);
  EXPECT_EQ(commerce.products[1].quantity, 2);
}

TEST(CommerceTest, ASingleProductEventIsItsOwnProduct) {
  Result<Event> event = Single(EventType::kTrack, R"({"anonymousId":"a","event":"Product Added",
      "properties":{"product_id":"P-1","price":10.5,"quantity":3,"name":"Buty"}})");
  ASSERT_OK(event);
  EXPECT_EQ(event->commerce.product_count, 1);
  ASSERT_EQ(event->commerce.products.size(), 1u);
  EXPECT_EQ(event->commerce.products[0].price_minor, 1050);
  EXPECT_EQ(event->commerce.products[0].quantity, 3);
  EXPECT_EQ(event->commerce.currency, "PLN");  // Options::default_currency
  EXPECT_FALSE(event->commerce.revenue_minor);

  Result<Event> searched =
      Single(EventType::kTrack, R"({"anonymousId":"a","event":"Products Searched",
      "properties":{"query":"buty do biegania"}})");
  EXPECT_TRUE(searched->commerce.is_commerce);
  EXPECT_EQ(searched->commerce.product_count, 0);
  EXPECT_FALSE(searched->commerce.currency);
}

TEST(CommerceTest, ABadPropertyIsARejectionNamingIt) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"("revenue":-1)", "properties.revenue"},
      {R"("revenue":"129.99")", "properties.revenue"},
      {R"("total":true)", "properties.total"},
      {R"("currency":"PL")", "properties.currency"},
      {R"("currency":"zł!")", "properties.currency"},
      {R"("order_id":{"a":1})", "properties.order_id"},
      {R"("products":{})", "properties.products"},
      {R"("products":[{"price":1},7])", "properties.products[1]"},
      {R"("products":[{"price":1},{"price":-0.5}])", "properties.products[1].price"},
      {R"("products":[{"quantity":1.5}])", "properties.products[0].quantity"},
      {R"("products":[{"quantity":-1}])", "properties.products[0].quantity"},
      {R"("products":[{"sku":["x"]}])", "properties.products[0].sku"},
      {R"("products":[{"price":1e300}])", "properties.products[0].price"},
  };
  for (const auto& [property, field] : cases) {
    Result<Event> event = Single(EventType::kTrack, R"({"userId":"u","event":"Order Completed",
        "properties":{)" + property + "}}");
    ASSERT_FALSE(event.ok()) << property;
    EXPECT_EQ(FieldOf(event.error()), field) << property;
    EXPECT_EQ(RejectionCode(event.error()), "invalid_field");
  }
  // Only the spec's events are checked: other events keep any properties.
  EXPECT_OK(
      Single(EventType::kTrack, R"({"userId":"u","event":"Custom","properties":{"price":"n/a"}})"));
}

TEST(CommerceTest, AmountsConvertFromTheirDecimalTextHalfAwayFromZero) {
  auto minor = [](std::string_view number, int digits) -> int64_t {
    Result<int64_t> out = ToMinorUnits(Json(number), digits, "price");
    EXPECT_TRUE(out.ok()) << number;
    return out.ok() ? *out : -1;
  };
  EXPECT_EQ(minor("129.99", 2), 12999);
  EXPECT_EQ(minor("0.1", 2), 10);
  EXPECT_EQ(minor("1.005", 2), 101);  // its double is 1.00499999…; its text is 1.005
  EXPECT_EQ(minor("0.125", 2), 13);
  EXPECT_EQ(minor("19.999", 2), 2000);
  EXPECT_EQ(minor("0.004", 2), 0);
  EXPECT_EQ(minor("0.005", 2), 1);
  EXPECT_EQ(minor("1e-7", 2), 0);
  EXPECT_EQ(minor("100", 2), 10000);
  EXPECT_EQ(minor("100.0", 2), 10000);
  EXPECT_EQ(minor("1.5e3", 2), 150000);
  EXPECT_EQ(minor("1234.5", 0), 1235);
  EXPECT_EQ(minor("0", 2), 0);
  EXPECT_EQ(minor("12.3456", 3), 12346);
  EXPECT_EQ(minor("1e16", 2), 1'000'000'000'000'000'000);
  EXPECT_EQ(minor("1234567890123.45", 2), 123'456'789'012'345);
  EXPECT_FALSE(ToMinorUnits(Json("92233720368547759"), 2, "price").ok());
  // Twenty-one digits before the point: out of range, not an overflow (fuzzing found it).
  EXPECT_FALSE(ToMinorUnits(Json("492222222222222222222.95"), 2, "price").ok());
  EXPECT_FALSE(ToMinorUnits(Json("4.9e20"), 0, "price").ok());
  EXPECT_FALSE(ToMinorUnits(Json("-0.01"), 2, "price").ok());
}

TEST(CommerceTest, JpyHasNoMinorDigits) {
  Result<Event> event = Single(EventType::kTrack, R"({"userId":"u","event":"Order Completed",
      "properties":{"revenue":1500,"currency":"JPY"}})");
  EXPECT_EQ(event->commerce.revenue_minor, 1500);
}

}  // namespace
}  // namespace omnihub::events
