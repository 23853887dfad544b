// The role × route × field matrix (docs/security.md): for every route and every role, what
// personal data the answer may hold. Every route carries a decision below; the matrix is
// generated from the route table, the routes' response schemas (their fields' data classes)
// and these decisions, and kept in docs/role-matrix.md. A new route, or a new field in an
// answer, fails here until its decision is written down and the document regenerated.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "app/app.h"
#include "core/json.h"
#include "testing/db_test.h"

namespace omnihub::app {
namespace {

using http::Role;

// What a route's answer may hold of a person.
enum class Exposure {
  kNone,      // no personal data, whoever asks
  kRedacted,  // personal fields; a caller who may not see them (analyst) gets them null
  kReaders,   // personal fields; only roles that may read personal data are admitted
  kPerChange, // the change feed: each change whole or redacted per reader (FeedPrivacy)
};

// The decisions. Key: "METHOD pattern".
const std::map<std::string, Exposure>& Decisions() {
  static const std::map<std::string, Exposure> decisions = {
      {"GET /healthz", Exposure::kNone},
      {"GET /readyz", Exposure::kNone},
      {"GET /metrics", Exposure::kNone},
      {"GET /api/v1/ping", Exposure::kNone},
      {"GET /api/v1/openapi.json", Exposure::kNone},
      {"GET /api/v1/changes", Exposure::kPerChange},
      {"GET /api/v1/stream", Exposure::kPerChange},
      {"GET /api/v1/channels", Exposure::kNone},
      {"POST /api/v1/channels", Exposure::kNone},
      {"GET /api/v1/channels/{id}", Exposure::kNone},
      {"GET /api/v1/keys", Exposure::kNone},
      {"POST /api/v1/keys", Exposure::kNone},
      {"GET /api/v1/keys/current", Exposure::kNone},
      {"DELETE /api/v1/keys/{id}", Exposure::kNone},
      {"POST /api/v1/customers", Exposure::kReaders},
      {"GET /api/v1/customers", Exposure::kReaders},
      {"GET /api/v1/customers/lookup", Exposure::kReaders},
      {"GET /api/v1/customers/conflicts", Exposure::kRedacted},
      {"GET /api/v1/customers/{id}", Exposure::kRedacted},
      {"PATCH /api/v1/customers/{id}", Exposure::kReaders},
      {"POST /api/v1/customers/{id}/identifiers", Exposure::kReaders},
      {"PUT /api/v1/customers/{id}/consents", Exposure::kReaders},
      {"GET /api/v1/customers/{id}/merges", Exposure::kNone},
      {"GET /api/v1/customers/{id}/timeline", Exposure::kRedacted},
      {"GET /api/v1/customers/{id}/access-log", Exposure::kNone},
      {"POST /api/v1/customers/{id}/export", Exposure::kReaders},
      {"POST /api/v1/customers/{id}/erasure", Exposure::kNone},
      {"POST /v1/track", Exposure::kNone},
      {"POST /v1/identify", Exposure::kNone},
      {"POST /v1/page", Exposure::kNone},
      {"POST /v1/screen", Exposure::kNone},
      {"POST /v1/group", Exposure::kNone},
      {"POST /v1/alias", Exposure::kNone},
      {"POST /v1/batch", Exposure::kNone},
      {"POST /v1/import", Exposure::kNone},
      {"GET /api/v1/events", Exposure::kRedacted},
      {"GET /api/v1/events/rejections", Exposure::kReaders},
      {"GET /api/v1/catalog/products", Exposure::kNone},
      {"POST /api/v1/catalog/products", Exposure::kNone},
      {"GET /api/v1/catalog/products/{id}", Exposure::kNone},
      {"PATCH /api/v1/catalog/products/{id}", Exposure::kNone},
      {"GET /api/v1/catalog/skus/{sku}", Exposure::kNone},
      {"GET /api/v1/catalog/categories", Exposure::kNone},
      {"POST /api/v1/catalog/categories", Exposure::kNone},
      {"POST /api/v1/catalog/imports", Exposure::kNone},
      {"GET /api/v1/catalog/feeds/google", Exposure::kNone},
      {"GET /api/v1/pricing/price-lists", Exposure::kNone},
      {"POST /api/v1/pricing/price-lists", Exposure::kNone},
      {"GET /api/v1/pricing/price-lists/{id}", Exposure::kNone},
      {"PATCH /api/v1/pricing/price-lists/{id}", Exposure::kNone},
      {"PUT /api/v1/pricing/price-lists/{id}/prices/{sku}", Exposure::kNone},
      {"GET /api/v1/pricing/prices/{sku}", Exposure::kNone},
      {"GET /api/v1/pricing/inconsistencies", Exposure::kNone},
      {"GET /api/v1/pricing/promotions", Exposure::kNone},
      {"POST /api/v1/pricing/promotions", Exposure::kNone},
      {"GET /api/v1/pricing/promotions/{id}", Exposure::kNone},
      {"GET /api/v1/pricing/coupons", Exposure::kNone},
      {"POST /api/v1/pricing/coupons", Exposure::kNone},
      {"GET /api/v1/pricing/coupons/{code}", Exposure::kNone},
      {"POST /api/v1/pricing/coupons/{code}/redemptions", Exposure::kNone},
      {"POST /api/v1/pricing/quote", Exposure::kNone},
      {"POST /api/v1/inventory/locations", Exposure::kNone},
      {"GET /api/v1/inventory/locations", Exposure::kNone},
      {"GET /api/v1/inventory/locations/{id}", Exposure::kNone},
      {"GET /api/v1/inventory/locations/{location_id}/stock-levels/{sku}", Exposure::kNone},
      {"PUT /api/v1/inventory/locations/{location_id}/stock-levels/{sku}", Exposure::kNone},
      {"GET /api/v1/inventory/availability", Exposure::kNone},
      {"GET /api/v1/inventory/nearest", Exposure::kNone},
      {"POST /api/v1/inventory/movements", Exposure::kNone},
      {"GET /api/v1/inventory/check", Exposure::kNone},
      {"POST /api/v1/inventory/reservations", Exposure::kNone},
      {"GET /api/v1/inventory/reservations/{id}", Exposure::kNone},
      {"POST /api/v1/inventory/reservations/{id}/release", Exposure::kNone},
      {"POST /api/v1/inventory/reservations/{id}/confirm", Exposure::kNone},
      {"POST /api/v1/inventory/reservations/expire-due", Exposure::kNone},
      {"GET /api/v1/loyalty/programme", Exposure::kNone},
      {"PUT /api/v1/loyalty/programme", Exposure::kNone},
      {"GET /api/v1/loyalty/customers/{id}", Exposure::kNone},
      {"GET /api/v1/loyalty/customers/{id}/history", Exposure::kNone},
      {"GET /api/v1/loyalty/customers/{id}/redemption-quote", Exposure::kNone},
      {"POST /api/v1/loyalty/customers/{id}/redemptions", Exposure::kNone},
      {"POST /api/v1/loyalty/customers/{id}/actions", Exposure::kNone},
      {"POST /api/v1/loyalty/customers/{id}/adjustments", Exposure::kNone},
      {"POST /api/v1/carts", Exposure::kReaders},
      {"GET /api/v1/carts/current", Exposure::kRedacted},
      {"GET /api/v1/carts/{id}", Exposure::kRedacted},
      {"POST /api/v1/carts/{id}/lines", Exposure::kReaders},
      {"PATCH /api/v1/carts/{id}/lines/{sku}", Exposure::kReaders},
      {"DELETE /api/v1/carts/{id}/lines/{sku}", Exposure::kReaders},
      {"PUT /api/v1/carts/{id}/fulfilment", Exposure::kReaders},
      {"PUT /api/v1/carts/{id}/contact", Exposure::kReaders},
      {"PUT /api/v1/carts/{id}/payment", Exposure::kReaders},
      {"PUT /api/v1/carts/{id}/loyalty", Exposure::kReaders},
      {"POST /api/v1/carts/{id}/coupons", Exposure::kReaders},
      {"DELETE /api/v1/carts/{id}/coupons/{code}", Exposure::kReaders},
      {"POST /api/v1/carts/{id}/checkout", Exposure::kReaders},
      {"POST /api/v1/orders", Exposure::kReaders},
      {"GET /api/v1/orders", Exposure::kRedacted},
      {"GET /api/v1/orders/{id}", Exposure::kRedacted},
      {"POST /api/v1/orders/{id}/transitions", Exposure::kReaders},
      {"POST /api/v1/orders/{id}/payments", Exposure::kReaders},
      {"GET /api/v1/orders/{id}/payments", Exposure::kReaders},
      {"POST /api/v1/orders/{id}/handover", Exposure::kReaders},
      {"GET /api/v1/orders/suggestions", Exposure::kNone},
      {"POST /api/v1/orders/pickups/expire-due", Exposure::kNone},
  };
  return decisions;
}

// Member names that hold a person's data wherever they appear in an answer; a schema written
// by hand (without x-data-class) is judged by them.
const std::set<std::string>& PersonalNames() {
  static const std::set<std::string> names = {
      "email",     "phone",   "address",  "locker_id", "anonymous_id", "user_id",   "traits",
      "properties", "context", "contact", "identifiers", "first_name", "last_name", "full",
      "reference", "raw",     "note",     "previous_id"};
  return names;
}

// Fields named like personal data that are business data, each with its reason.
const std::set<std::pair<std::string, std::string>>& BusinessFields() {
  // A store's address is the retailer's, not a person's.
  // A hold's reference is the caller's cart or order id (docs/api.md), never a person's data.
  static const std::set<std::pair<std::string, std::string>> fields = {
      {"POST /api/v1/inventory/locations", "address"},
      {"GET /api/v1/inventory/locations", "locations[].address"},
      {"GET /api/v1/inventory/locations/{id}", "address"},
      {"POST /api/v1/inventory/reservations", "reference"},
      {"GET /api/v1/inventory/reservations/{id}", "reference"},
      {"POST /api/v1/inventory/reservations/{id}/release", "reference"},
      {"POST /api/v1/inventory/reservations/{id}/confirm", "reference"},
  };
  return fields;
}

// The personal fields of a response schema: its properties, recursively, that carry a personal
// x-data-class or a personal name. `components` resolves $ref.
void CollectPersonal(const json::Value& schema, const json::Value& components,
                     const std::string& path, std::set<std::string>& out, int depth = 0) {
  if (depth > 8) {
    return;
  }
  if (const json::Value* ref = schema.Find("$ref"); ref != nullptr && ref->AsString()) {
    const std::string name = ref->AsString()->substr(ref->AsString()->rfind('/') + 1);
    if (const json::Value* target = components.Find(name)) {
      CollectPersonal(*target, components, path, out, depth + 1);
    }
    return;
  }
  if (const json::Value* items = schema.Find("items")) {
    CollectPersonal(*items, components, path + "[]", out, depth + 1);
  }
  const json::Value* properties = schema.Find("properties");
  if (properties == nullptr || properties->AsObject() == nullptr) {
    return;
  }
  for (const auto& [name, member] : *properties->AsObject()) {
    const std::string at = path.empty() ? name : path + "." + name;
    const json::Value* data_class = member.Find("x-data-class");
    const bool classified_personal =
        data_class != nullptr && data_class->AsString() && *data_class->AsString() != "none";
    const bool classified_none =
        data_class != nullptr && data_class->AsString() && *data_class->AsString() == "none";
    if (classified_personal || (!classified_none && PersonalNames().count(name) != 0)) {
      out.insert(at);
    }
    CollectPersonal(member, components, at, out, depth + 1);
  }
}

std::string Cell(Exposure exposure, Role role, const std::vector<Role>& admitted,
                 bool public_route) {
  if (public_route) {
    return "public";
  }
  if (std::find(admitted.begin(), admitted.end(), role) == admitted.end()) {
    return "—";
  }
  switch (exposure) {
    case Exposure::kNone:
      return "none";
    case Exposure::kRedacted:
      return role == Role::kAnalyst ? "null" : "whole";
    case Exposure::kReaders:
      return "whole";
    case Exposure::kPerChange:
      return role == Role::kAdmin || role == Role::kAgent ? "whole" : "per change";
  }
  return "?";
}

class RoleMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenPlatform(
        {.db_url = test::FreshDatabaseUrl(storage::Backend::kSqlite), .serve = true});
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    platform_ = std::move(opened).value();
    Result<json::Value> document =
        json::Parse(http::OpenApiDocument(platform_->router, "test", EventSchemas()));
    ASSERT_TRUE(document.ok());
    openapi_ = std::move(document).value();
  }

  std::string Key(const http::Route& route) const {
    return std::string(NameOf(route.method)) + " " + route.pattern;
  }

  std::unique_ptr<Platform> platform_;
  json::Value openapi_;
};

TEST_F(RoleMatrixTest, EveryRouteHasADecisionAndTheMatrixIsCurrent) {
  const json::Value empty;
  const json::Value* components = openapi_.Find("components");
  components = components != nullptr ? components->Find("schemas") : nullptr;
  std::set<std::string> routed;
  std::string matrix =
      "# Role matrix\n\nGenerated by `src/app/role_matrix_test.cc` from the route table, the "
      "answers' schemas and\nthe decisions in that test; the test keeps this file equal to it "
      "(run it with\n`OMNIHUB_WRITE_ROLE_MATRIX=1` to rewrite it). Cells: `—` the role is not "
      "admitted; `none`\nno personal data; `whole` the personal fields below; `null` those "
      "fields written as null;\n`per change` the change feed's rule (docs/security.md, finding "
      "2).\n\n| route | admin | agent | store_associate | channel | analyst | personal fields |\n"
      "|---|---|---|---|---|---|---|\n";
  for (const http::Route& route : platform_->router.routes()) {
    const std::string key = Key(route);
    routed.insert(key);
    SCOPED_TRACE(key);
    auto decision = Decisions().find(key);
    ASSERT_NE(decision, Decisions().end())
        << "a new route: add its decision to Decisions() in role_matrix_test.cc";
    Result<json::Value> schema = json::Parse(route.spec.response_schema);
    ASSERT_TRUE(schema.ok());
    std::set<std::string> personal;
    CollectPersonal(*schema, components != nullptr ? *components : empty, "", personal);
    for (auto field = personal.begin(); field != personal.end();) {
      field = BusinessFields().count({key, *field}) != 0 ? personal.erase(field) : std::next(field);
    }
    const bool public_route = route.spec.auth == http::AuthKind::kPublic;
    if (decision->second == Exposure::kNone) {
      EXPECT_TRUE(personal.empty())
          << "decided to hold no personal data, but its answer has " << *personal.begin();
    }
    if (decision->second == Exposure::kReaders) {
      EXPECT_TRUE(std::find(route.spec.roles.begin(), route.spec.roles.end(), Role::kAnalyst) ==
                  route.spec.roles.end())
          << "personal data for readers only, yet analysts are admitted";
    }
    matrix += "| `" + key + "` |";
    for (Role role : http::AllRoles()) {
      matrix += " " + Cell(decision->second, role, route.spec.roles, public_route) + " |";
    }
    std::string fields;
    for (const std::string& field : personal) {
      fields += (fields.empty() ? "`" : ", `") + field + "`";
    }
    matrix += " " + (fields.empty() ? std::string("—") : fields) + " |\n";
  }
  for (const auto& [key, exposure] : Decisions()) {
    EXPECT_EQ(routed.count(key), 1u) << key << ": a decision for a route that does not exist";
  }
  const std::string path = std::string(OMNIHUB_SOURCE_DIR) + "/docs/role-matrix.md";
  if (std::getenv("OMNIHUB_WRITE_ROLE_MATRIX") != nullptr) {
    std::ofstream(path) << matrix;
  }
  std::ifstream file(path);
  std::stringstream content;
  content << file.rdbuf();
  EXPECT_EQ(content.str(), matrix)
      << "docs/role-matrix.md is stale (a route or a field changed): review the change, then "
         "run OMNIHUB_WRITE_ROLE_MATRIX=1 build/src/app/app_test --gtest_filter='RoleMatrix*'";
}

}  // namespace
}  // namespace omnihub::app
