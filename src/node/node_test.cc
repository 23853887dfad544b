#include "node/node.h"  // first: the header stands alone

#include <gtest/gtest.h>

#include "testing/db_test.h"

namespace omnihub::node {
namespace {

// Services that note their destruction, to check a node destroys the newest first.
struct Journal {
  std::vector<std::string> destroyed;
};
struct Store {
  Journal& journal;
  ~Store() { journal.destroyed.push_back("store"); }
};
struct Service {
  Journal& journal;
  Store& store;  // borrowed: must outlive the service
  ~Service() { journal.destroyed.push_back("service"); }
};

Journal journal;

const Module kStoreModule{
    .name = "store",
    .build = [](Node& node) -> Result<void> {
      node.Provide(std::make_unique<Store>(journal));
      return Ok();
    },
    .subscriptions = [](Node&) -> std::vector<changes::Subscription> {
      return {{.name = "store.on_things"}};
    }};
const Module kServiceModule{
    .name = "service",
    .build = [](Node& node) -> Result<void> {
      node.Provide(
          std::make_unique<Service>(journal, node.Get<Store>()));
      return Ok();
    },
    .subscriptions = [](Node&) -> std::vector<changes::Subscription> {
      return {{.name = "service.on_a"}, {.name = "service.on_b"}};
    }};

class NodeTest : public test::DbTest {};

TEST_P(NodeTest, ModulesFindTheServicesOfModulesBuiltBeforeThemAndDieInReverse) {
  static constexpr const Module* kModules[] = {&kStoreModule, &kServiceModule};
  journal.destroyed.clear();
  FakeClock clock;
  {
    Result<std::unique_ptr<storage::Database>> db = storage::OpenDatabase(db_url());
    ASSERT_OK(db);
    Node node(std::move(*db), clock, kModules);
    for (const Module* module : node.modules()) {
      ASSERT_OK(module->build(node));
    }
    EXPECT_EQ(&node.Get<Service>().store, node.Find<Store>());
    EXPECT_EQ(node.Find<Journal>(), nullptr);  // nobody provided one
    std::vector<std::string> names;
    for (const changes::Subscription& subscription : Subscriptions(node)) {
      names.push_back(subscription.name);
    }
    EXPECT_EQ(names, (std::vector<std::string>{"store.on_things", "service.on_a", "service.on_b"}));
  }
  EXPECT_EQ(journal.destroyed, (std::vector<std::string>{"service", "store"}));
}

OMNI_INSTANTIATE_BACKENDS(NodeTest);

}  // namespace
}  // namespace omnihub::node
