#include "node/node.h"

namespace omnihub::node {

Node::Node(std::unique_ptr<storage::Database> db, const Clock& clock,
           std::span<const Module* const> modules)
    : db_(std::move(db)), clock_(clock), modules_(modules) {}

Node::~Node() { Shutdown(); }

void Node::Shutdown() {
  while (!entries_.empty()) {
    entries_.pop_back();  // newest first: a service never outlives what it borrows
  }
  if (db_) {
    db_->Close();
  }
}

std::vector<storage::MigrationSet> Migrations(std::span<const Module* const> modules) {
  std::vector<storage::MigrationSet> all;
  for (const Module* module : modules) {
    if (module->migrations != nullptr) {
      all.push_back(module->migrations());
    }
  }
  return all;
}

std::vector<changes::Subscription> Subscriptions(Node& node) {
  std::vector<changes::Subscription> all;
  for (const Module* module : node.modules()) {
    if (module->subscriptions == nullptr) {
      continue;
    }
    for (changes::Subscription& subscription : module->subscriptions(node)) {
      all.push_back(std::move(subscription));
    }
  }
  return all;
}

std::vector<changes::EventInfo> EventCatalogue(std::span<const Module* const> modules) {
  std::vector<changes::EventInfo> all;
  for (const Module* module : modules) {
    if (module->events == nullptr) {
      continue;
    }
    for (const changes::EventInfo& info : module->events()) {
      all.push_back(info);
    }
  }
  return all;
}

}  // namespace omnihub::node
