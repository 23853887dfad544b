// The identity merge through the change log: customers merge two profiles, carts merge their
// carts (subscriptions.cc).
#include <gtest/gtest.h>

#include "carts/carts.h"
#include "carts/events.h"
#include "carts/test_fixture.h"
#include "changes/subscribers.h"
#include "customers/events.h"

namespace omnihub::carts {
namespace {

class ProfileMergedTest : public test::CartsFixture {
 protected:
  int Pump() {
    Result<int> done = changes::PumpOnce(db(), subscription_);
    EXPECT_TRUE(done.ok()) << done.error().message;
    return done.ok() ? *done : 0;
  }
  std::vector<changes::StoredChange> Merges() {
    return db()
        .Read([](storage::Tx& tx) {
          return changes::Read(
              tx, {.type_prefixes = {std::string(customers::events::kProfileMerged.name)}});
        })
        .value();
  }

  changes::Subscription subscription_ = [this] {
    std::vector<changes::Subscription> all = Subscriptions(*service_);
    EXPECT_EQ(all.size(), 1u);
    all[0].from_beginning = true;  // this test merges before the first pump
    return all[0];
  }();
};

TEST_P(ProfileMergedTest, AnIdentifyMergesTheAnonymousCartIntoTheKnownOne) {
  EXPECT_EQ(subscription_.name, "carts.merge_on_profile_merged");
  const std::string ala = NewCustomer("ala@example.com", "+48600100200");
  Cart mine = Create({.customer_id = ala}).value();
  ASSERT_OK(Add(mine, "BUT-42", 3));
  Cart anon = Create({.anonymous_id = "anon-1"}).value();
  ASSERT_NE(anon.customer_id, ala);
  ASSERT_OK(Add(anon, "BUT-42", 2));
  ASSERT_OK(Add(anon, "SKAR-1", 1));

  // The visitor signs in: the anonymous id and the e-mail are one person now.
  Result<customers::Resolution> identified = Write([&](storage::Tx& tx) {
    return customers_->Write(
        tx,
        {.identifiers = {{.type = customers::IdentifierType::kEmail, .value = "ala@example.com"},
                         {.type = customers::IdentifierType::kAnonymousId, .value = "anon-1"}},
         .key_id = "key_test"});
  });
  ASSERT_OK(identified);
  ASSERT_EQ(identified->merged_ids.size(), 1u);
  const std::string survivor = identified->customer_id;
  ASSERT_EQ(Merges().size(), 1u);

  EXPECT_EQ(Pump(), 1);
  Result<Cart> current = db().Read([&](storage::Tx& tx) {
    return service_->FindCurrent(tx, {"email", "ala@example.com"});
  });
  ASSERT_OK(current);
  EXPECT_EQ(current->customer_id, survivor);
  ASSERT_EQ(current->lines.size(), 2u);
  EXPECT_EQ(current->lines[0].sku, "BUT-42");
  EXPECT_EQ(current->lines[0].quantity, 5);
  EXPECT_EQ(current->lines[1].quantity, 1);
  EXPECT_EQ(Total(*current), 151994);
  // One of the two carts absorbed the other, whichever profile survived.
  const Cart other = current->id == mine.id ? Get(anon).value() : Get(mine).value();
  EXPECT_EQ(other.status, CartStatus::kMerged);
  EXPECT_EQ(CartChanges().back().type, events::kMerged.name);
  Result<Cart> by_device = db().Read([&](storage::Tx& tx) {
    return service_->FindCurrent(tx, {"anonymous_id", "anon-1"});
  });
  ASSERT_OK(by_device);
  EXPECT_EQ(by_device->id, current->id);

  // The change handled again (at least once delivery): nothing changes.
  const size_t changes_before = CartChanges().size();
  ASSERT_OK(db().InTransaction(
      [&](storage::Tx& tx) { return subscription_.handle(tx, Merges().front()); }));
  EXPECT_EQ(Pump(), 0);
  Cart again = Get(*current).value();
  EXPECT_EQ(again.version, current->version);
  EXPECT_EQ(again.lines[0].quantity, 5);
  EXPECT_EQ(CartChanges().size(), changes_before);
}

TEST_P(ProfileMergedTest, AMergedProfilesCartIsHandedToASurvivorWithoutOne) {
  const std::string ala = NewCustomer("ala@example.com", "+48600100200");
  Cart anon = Create({.anonymous_id = "anon-1"}).value();
  ASSERT_OK(Add(anon, "SKAR-1", 2));
  ASSERT_OK(Write([&](storage::Tx& tx) {
    return customers_->Write(
        tx,
        {.identifiers = {{.type = customers::IdentifierType::kEmail, .value = "ala@example.com"},
                         {.type = customers::IdentifierType::kAnonymousId, .value = "anon-1"}},
         .key_id = "key_test"});
  }));
  EXPECT_EQ(Pump(), 1);
  Result<Cart> current = db().Read([&](storage::Tx& tx) {
    return service_->FindCurrent(tx, {"customer_id", ala});
  });
  ASSERT_OK(current);
  EXPECT_EQ(current->id, anon.id);
  EXPECT_EQ(current->status, CartStatus::kActive);
  EXPECT_EQ(current->lines[0].quantity, 2);
  // A merge without carts changes nothing.
  const std::string ola = NewCustomer("ola@example.com", "+48600100300");
  ASSERT_OK(Write([&](storage::Tx& tx) {
    return customers_->Write(
        tx,
        {.identifiers = {{.type = customers::IdentifierType::kEmail, .value = "ola@example.com"},
                         {.type = customers::IdentifierType::kUserId, .value = "u-ola"}},
         .key_id = "key_test"});
  }));
  EXPECT_GE(Pump(), 0);
  (void)ola;
}

OMNI_INSTANTIATE_BACKENDS(ProfileMergedTest);

}  // namespace
}  // namespace omnihub::carts
