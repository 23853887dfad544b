#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

#include "changes/event.h"
#include "changes/subscribers.h"
#include "core/check.h"
#include "core/result.h"
#include "core/time.h"
#include "http/router.h"
#include "storage/database.h"
#include "storage/migrations.h"

// A node and its modules. Every module exports one descriptor (its module.cc) listing what the
// node needs from it: migrations, how to build its service from the services of the modules
// listed before it, its routes, its change-log subscriptions, its periodic sweeps, its event
// types and its part of a person's export and erasure. app builds a node by walking the list of
// descriptors (app/modules.cc); adding a module adds one line there.
namespace omnihub::node {

class Node;

// A person being exported or erased, as the customers module resolved them.
struct Person {
  std::string customer_id;                    // the surviving profile
  std::vector<std::string> customer_ids;      // it and every profile merged into it
  // Identifier values (e-mails, phones, user, anonymous and card ids…): for finding their
  // records by value and in free-form text. Not trait values: "Kraków" would match others.
  std::vector<std::string> identifiers;
};

// A module's part of a person's rights (GDPR art. 15 and 17): each module answers for its own
// tables. Runs inside the export's or erasure's one transaction.
struct PrivacyPart {
  // The member this part fills in the export document and the erasure report ("events").
  std::string_view key;
  // The person's records as one JSON value. nullptr: the module exports nothing.
  Result<std::string> (*export_json)(storage::Tx& tx, Node& node, const Person& person) = nullptr;
  // Erases (or pseudonymises) the person's records; returns how many records it touched.
  // nullptr: the module keeps nothing personal.
  Result<int64_t> (*erase)(storage::Tx& tx, Node& node, const Person& person) = nullptr;
  // The tables `erase` overwrites or deletes from, whose freed space erasure's follow-up
  // clears (storage::Database::PurgeFreed).
  std::vector<std::string_view> tables;
};

// Periodic work a node does while serving (expired holds, idle carts, old records).
struct Sweep {
  std::string_view name;  // for logs: "stock hold expiry"
  std::chrono::seconds every{30};
  // One pass at `now`, in transactions of its own; returns how many records it handled.
  Result<int64_t> (*run)(Node& node, TimePoint now) = nullptr;
};

// What a module tells the node. Every member but `name` may be left empty.
struct Module {
  std::string_view name;
  storage::MigrationSet (*migrations)() = nullptr;
  // Builds the module's services into the node from the node's options and the services of
  // modules listed before it (Node::Get). Errors: bad options.
  Result<void> (*build)(Node& node) = nullptr;
  // Adds the module's routes (only when the node serves HTTP).
  void (*routes)(Node& node, http::Router& router) = nullptr;
  // Reactions to other modules' changes, run by the node's subscriber runner when serving.
  std::vector<changes::Subscription> (*subscriptions)(Node& node) = nullptr;
  std::vector<Sweep> (*sweeps)() = nullptr;
  // Sees every change this node's hub reads, on the hub thread (for caches; keep it fast).
  void (*observe)(Node& node, const changes::StoredChange& change) = nullptr;
  // The event types it appends (its events.h), for the catalogue and the decode check.
  std::vector<changes::EventInfo> (*events)() = nullptr;
  std::vector<PrivacyPart> (*privacy)() = nullptr;
};

// A running node minus its HTTP server: the database, the clock, the options the app was given
// and every module's services. Thread-safe once built (services are).
class Node {
 public:
  // Borrows `clock` and `modules`, which must outlive the node.
  Node(std::unique_ptr<storage::Database> db, const Clock& clock,
       std::span<const Module* const> modules);
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  storage::Database& db() { return *db_; }
  const Clock& clock() const { return clock_; }
  std::span<const Module* const> modules() const { return modules_; }

  // Adds a service (or an options struct, or an adapter) for modules built later to find.
  // Services are destroyed in the reverse order they were provided.
  template <typename T>
  T& Provide(std::unique_ptr<T> service) {
    T& ref = *service;
    entries_.push_back(std::make_unique<Owned<T>>(std::move(service)));
    return ref;
  }
  // The service of type T, or nullptr when no module provided one.
  template <typename T>
  T* Find() const {
    for (const std::unique_ptr<Entry>& entry : entries_) {
      if (entry->type() == typeid(T)) {
        return static_cast<T*>(entry->get());
      }
    }
    return nullptr;
  }
  // REQUIRES: a module listed earlier provided T (the list in app/modules.cc is in dependency
  // order).
  template <typename T>
  T& Get() const {
    T* found = Find<T>();
    OMNI_CHECK(found != nullptr, "a module asked for a service no earlier module provided");
    return *found;
  }

  // Stops what the node started (subscribers, hub), then destroys services newest first and
  // closes the database.
  void Shutdown();

 private:
  struct Entry {
    virtual ~Entry() = default;
    virtual const std::type_info& type() const = 0;
    virtual void* get() = 0;
  };
  template <typename T>
  struct Owned final : Entry {
    explicit Owned(std::unique_ptr<T> v) : value(std::move(v)) {}
    const std::type_info& type() const override { return typeid(T); }
    void* get() override { return value.get(); }
    std::unique_ptr<T> value;
  };

  std::unique_ptr<storage::Database> db_;
  const Clock& clock_;
  std::span<const Module* const> modules_;
  std::vector<std::unique_ptr<Entry>> entries_;  // in the order provided
};

// Every module's migrations, in list order.
std::vector<storage::MigrationSet> Migrations(std::span<const Module* const> modules);
// Every module's subscriptions, in list order.
std::vector<changes::Subscription> Subscriptions(Node& node);
// Every event type of every module, in list order.
std::vector<changes::EventInfo> EventCatalogue(std::span<const Module* const> modules);

}  // namespace omnihub::node
