#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include "catalog/events.h"
#include "changes/changes.h"
#include "testing/db_test.h"

namespace omnihub::catalog {
namespace {

std::string FieldOf(const Error& error) {
  const DetailValue* field = error.Detail("field");
  return field == nullptr ? "" : std::get<std::string>(*field);
}

class CatalogTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), catalog::Migrations()};
  }
  template <typename Fn>
  auto Write(Fn fn) {
    return db().InTransaction(fn);
  }
  template <typename Fn>
  auto Read(Fn fn) {
    return db().Read(fn);
  }
  void SetUp() override {
    test::DbTest::SetUp();
    ASSERT_OK(Write([&](storage::Tx& tx) {
      return service_->CreateCategory(tx, {.slug = "buty", .name_pl = "Buty"});
    }));
    ASSERT_OK(Write([&](storage::Tx& tx) {
      return service_->CreateCategory(
          tx, {.slug = "buty-trail", .parent = "buty", .name_pl = "Buty trailowe"});
    }));
  }
  static NewProduct Shoe(std::string sku = "but-42", std::optional<std::string> gtin = {}) {
    return NewProduct{.title_pl = "Buty do biegania po asfalcie",
                      .title_en = "Road running shoes",
                      .status = ProductStatus::kActive,
                      .categories = {"buty"},
                      .images = {"https://cdn.example.pl/but-42.jpg"},
                      .attributes = {{"surface", "asfalt"}},
                      .variants = {NewVariant{.sku = sku,
                                              .gtin = gtin,
                                              .attributes = {{"size", "42"}},
                                              .list_price = Money{.minor = 34999}},
                                   NewVariant{.sku = sku + "-43", .attributes = {{"size", "43"}}}}};
  }
  Result<Product> Create(const NewProduct& req) {
    return Write([&](storage::Tx& tx) { return service_->CreateProduct(tx, req); });
  }
  std::vector<changes::StoredChange> Changes() {
    return Read([](storage::Tx& tx) { return changes::Read(tx, {.limit = 1000}); }).value();
  }

  FakeClock clock_;
  std::unique_ptr<CatalogService> service_ = NewCatalogService(clock_);
};

TEST_P(CatalogTest, AProductIsFoundByIdAndByAnyVariantsSku) {
  Result<Product> created = Create(Shoe("but-42", "5901234123457"));
  ASSERT_OK(created);
  EXPECT_TRUE(created->id.str().starts_with("prd_"));
  ASSERT_EQ(created->variants.size(), 2u);
  EXPECT_EQ(created->variants[0].sku, "BUT-42");  // canonical: upper-case

  Result<Product> by_id =
      Read([&](storage::Tx& tx) { return service_->GetProduct(tx, created->id.str()); });
  ASSERT_OK(by_id);
  EXPECT_EQ(by_id->title_pl, "Buty do biegania po asfalcie");
  EXPECT_EQ(by_id->categories, std::vector<std::string>{"buty"});
  EXPECT_EQ(by_id->attributes.at("surface"), "asfalt");
  EXPECT_EQ(by_id->variants[0].gtin, "5901234123457");
  EXPECT_EQ(by_id->variants[0].list_price->minor, 34999);
  EXPECT_EQ(by_id->variants[1].attributes.at("size"), "43");

  Result<Product> by_sku =
      Read([&](storage::Tx& tx) { return service_->GetBySku(tx, " but-42-43"); });
  ASSERT_OK(by_sku);
  EXPECT_EQ(by_sku->id, created->id);

  Result<std::optional<SkuInfo>> info =
      Read([&](storage::Tx& tx) { return service_->FindBySku(tx, "but-42"); });
  ASSERT_OK(info);
  ASSERT_TRUE(info->has_value());
  EXPECT_EQ((*info)->product_id, created->id);
  EXPECT_EQ((*info)->title, "Buty do biegania po asfalcie");
  EXPECT_EQ((*info)->categories, std::vector<std::string>{"buty"});
  EXPECT_EQ((*info)->status, ProductStatus::kActive);
  EXPECT_FALSE(Read([&](storage::Tx& tx) { return service_->FindBySku(tx, "NOPE"); })->has_value());
  EXPECT_FALSE(
      Read([&](storage::Tx& tx) { return service_->FindBySku(tx, "no pe"); })->has_value());

  std::vector<changes::StoredChange> feed = Changes();
  ASSERT_FALSE(feed.empty());
  EXPECT_EQ(feed.back().type, events::kProductCreated.name);
  EXPECT_EQ(feed.back().entity_id, created->id.str());
}

TEST_P(CatalogTest, ADuplicateSkuIsAConflictAndStoresNothing) {
  ASSERT_OK(Create(Shoe("but-42")));
  const size_t changes_before = Changes().size();
  NewProduct again = Shoe("other");
  again.variants[1].sku = "BUT-42";  // taken by the first product
  Result<Product> refused = Create(again);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(std::get<std::string>(*refused.error().Detail("sku")), "BUT-42");
  EXPECT_EQ(FieldOf(refused.error()), "variants[1].sku");
  EXPECT_EQ(Changes().size(), changes_before);
  EXPECT_FALSE(
      Read([&](storage::Tx& tx) { return service_->FindBySku(tx, "OTHER"); })->has_value());

  NewProduct twice = Shoe("x");
  twice.variants[1].sku = "x";
  EXPECT_EQ(Create(twice).error().code, ErrorCode::kInvalidArgument);
}

TEST_P(CatalogTest, ABadGtinCheckDigitIsRefusedNamingTheField) {
  Result<Product> refused = Create(Shoe("but-42", "5901234123458"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(refused.error()), "variants[0].gtin");
  EXPECT_TRUE(Changes().size() == 2u);  // the two categories only
}

TEST_P(CatalogTest, AGtinBelongsToOneSkuWhateverItsLength) {
  ASSERT_OK(Create(Shoe("a", "036000291452")));                  // UPC-A
  Result<Product> refused = Create(Shoe("b", "0036000291452"));  // the same as EAN-13
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(std::get<std::string>(*refused.error().Detail("sku")), "A");
}

TEST_P(CatalogTest, CategoriesMustExistAndSlugsAreUnique) {
  NewProduct shoe = Shoe();
  shoe.categories = {"buty", "kurtki"};
  Result<Product> refused = Create(shoe);
  EXPECT_EQ(FieldOf(refused.error()), "categories[1]");
  Result<Category> twice = Write([&](storage::Tx& tx) {
    return service_->CreateCategory(tx, {.slug = "buty", .name_pl = "B"});
  });
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  Result<Category> orphan = Write([&](storage::Tx& tx) {
    return service_->CreateCategory(tx, {.slug = "x", .parent = "none", .name_pl = "X"});
  });
  EXPECT_EQ(FieldOf(orphan.error()), "parent");
  Result<std::vector<Category>> all =
      Read([&](storage::Tx& tx) { return service_->ListCategories(tx); });
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].parent, "buty");
}

TEST_P(CatalogTest, AnUpdateChangesWhatItNamesAndAppendsOnlyWhenSomethingChanged) {
  Result<Product> created = Create(Shoe());
  ASSERT_OK(created);
  const size_t changes_before = Changes().size();
  clock_.Advance(std::chrono::seconds(5));
  ProductPatch patch{.title_en = "Road shoes",
                     .categories = std::vector<std::string>{"buty-trail"},
                     .variants = {NewVariant{.sku = "BUT-42-44", .attributes = {{"size", "44"}}},
                                  NewVariant{.sku = "but-42", .gtin = "5901234123457"}}};
  Result<Product> updated =
      Write([&](storage::Tx& tx) { return service_->UpdateProduct(tx, created->id.str(), patch); });
  ASSERT_OK(updated);
  EXPECT_EQ(updated->title_en, "Road shoes");
  EXPECT_EQ(updated->title_pl, created->title_pl);
  ASSERT_EQ(updated->variants.size(), 3u);
  EXPECT_EQ(updated->variants[0].gtin, "5901234123457");
  EXPECT_FALSE(updated->variants[0].list_price.has_value());  // the variant was replaced
  EXPECT_GT(updated->updated_at, created->updated_at);
  Result<Product> read =
      Read([&](storage::Tx& tx) { return service_->GetProduct(tx, created->id.str()); });
  EXPECT_EQ(read->variants.size(), 3u);
  EXPECT_EQ(read->categories, std::vector<std::string>{"buty-trail"});
  EXPECT_EQ(Changes().size(), changes_before + 1);
  EXPECT_EQ(Changes().back().type, events::kProductUpdated.name);

  ASSERT_OK(Write([&](storage::Tx& tx) {
    return service_->UpdateProduct(tx, created->id.str(), {.title_en = "Road shoes"});
  }));
  EXPECT_EQ(Changes().size(), changes_before + 1);  // nothing changed, nothing appended

  ASSERT_OK(Create(Shoe("other")));
  Result<Product> steal = Write([&](storage::Tx& tx) {
    return service_->UpdateProduct(tx, created->id.str(),
                                   {.variants = {NewVariant{.sku = "OTHER"}}});
  });
  EXPECT_EQ(steal.error().code, ErrorCode::kConflict);
  Result<Product> missing = Write(
      [&](storage::Tx& tx) { return service_->UpdateProduct(tx, "prd_nope", {.title_en = "x"}); });
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(CatalogTest, ListingPagesAndSearchesTitlesAndSkus) {
  for (int idx = 0; idx < 5; ++idx) {
    NewProduct shoe = Shoe("s" + std::to_string(idx));
    if (idx == 3) {
      shoe.title_en = "Trail runner";
      shoe.categories = {"buty-trail"};
      shoe.status = ProductStatus::kDraft;
    }
    ASSERT_OK(Create(shoe));
  }
  Result<ProductPage> first =
      Read([&](storage::Tx& tx) { return service_->ListProducts(tx, {.limit = 2}); });
  ASSERT_OK(first);
  ASSERT_EQ(first->products.size(), 2u);
  ASSERT_TRUE(first->next_cursor.has_value());
  Result<ProductPage> rest = Read([&](storage::Tx& tx) {
    return service_->ListProducts(tx, {.limit = 10, .after = *first->next_cursor});
  });
  EXPECT_EQ(rest->products.size(), 3u);
  EXPECT_FALSE(rest->next_cursor.has_value());
  EXPECT_EQ(rest->products[0].variants[0].sku, "S2");

  auto count = [&](ProductQuery query) {
    return Read([&](storage::Tx& tx) { return service_->ListProducts(tx, query); })
        ->products.size();
  };
  EXPECT_EQ(count({.q = "TRAIL"}), 1u);
  EXPECT_EQ(count({.q = "s4-43"}), 1u);
  EXPECT_EQ(count({.q = "asfalcie"}), 5u);  // title_pl of all five
  EXPECT_EQ(count({.category = "buty-trail"}), 1u);
  EXPECT_EQ(count({.status = ProductStatus::kActive}), 4u);
  EXPECT_EQ(count({.q = "100%"}), 0u);
  EXPECT_EQ(
      Read([&](storage::Tx& tx) { return service_->ListProducts(tx, {.limit = 0}); }).error().code,
      ErrorCode::kInvalidArgument);
}

OMNI_INSTANTIATE_BACKENDS(CatalogTest);

}  // namespace
}  // namespace omnihub::catalog
