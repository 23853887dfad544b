// Writers racing on the same people: PostgreSQL runs them side by side, SQLite one at a time;
// both must end with one live person per set of linked identifiers and every event counted.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <set>
#include <thread>

#include "customers/customers_fixture.h"

namespace omnihub::customers {
namespace {

class CustomersConcurrencyTest : public CustomersTest {};

// Writers racing on shared identifiers (PostgreSQL runs them in parallel): every event is
// counted once on the profile that survives, and every identifier ends on a live profile.
TEST_P(CustomersConcurrencyTest, ConcurrentEventsNeverLoseACountOrSplitAPerson) {
  constexpr int kThreads = 4;
  constexpr int kEventsEach = 60;
  std::vector<Identifier> pool;
  pool.reserve(14);
  for (int idx = 0; idx < 8; ++idx) {
    pool.push_back(Id(IdentifierType::kAnonymousId, "anon-" + std::to_string(idx)));
  }
  for (int idx = 0; idx < 3; ++idx) {
    pool.push_back(Id(IdentifierType::kEmail, "p" + std::to_string(idx) + "@example.pl"));
    pool.push_back(Id(IdentifierType::kUserId, "u-" + std::to_string(idx)));
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int thread = 0; thread < kThreads; ++thread) {
    threads.emplace_back([&, thread] {
      std::mt19937 rng(static_cast<uint32_t>(thread));
      for (int event = 0; event < kEventsEach; ++event) {
        Observation o{.identifiers = {pool[rng() % pool.size()], pool[rng() % pool.size()]},
                      .channel_id = std::string(kWeb),
                      .event_id = "evt_" + std::to_string(thread) + "_" + std::to_string(event),
                      .event_type = "track",
                      .occurred_at = clock_.Now()};
        Result<Resolution> seen = See(o);
        if (!seen.ok()) {
          ADD_FAILURE() << seen.error().message;
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  ASSERT_EQ(failures.load(), 0);
  std::set<std::string> live;
  for (const Identifier& id : pool) {
    std::optional<std::string> owner = Find(id);
    if (owner) {
      EXPECT_EQ(*Profile(*owner).Find("id")->AsString(), *owner) << "owned by a merged profile";
      live.insert(*owner);
    }
  }
  int64_t counted = 0;
  for (const std::string& id : live) {
    counted += *Profile(id).Find("computed")->Find("event_count")->AsInt();
  }
  EXPECT_EQ(counted, kThreads * kEventsEach);
}

// Two events merging through the same profile at the same moment (an e-mail with a user id,
// that user id with a phone): PostgreSQL runs them side by side, and they must still end as
// one live person owning all three identifiers.
TEST_P(CustomersConcurrencyTest, TwoMergesThroughOneProfileAtOnceLeaveOnePerson) {
  for (int round = 0; round < 20; ++round) {
    const std::string n = std::to_string(round);
    const Identifier email = Id(IdentifierType::kEmail, "m" + n + "@example.pl");
    const Identifier user = Id(IdentifierType::kUserId, "mu-" + n);
    const Identifier phone = Id(IdentifierType::kPhone, "+4860000" + std::to_string(1000 + round));
    for (const Identifier& id : {email, user, phone}) {
      SeeOk(Event({id}));  // three profiles
    }
    const Observation left = Event({email, user});
    const Observation right = Event({user, phone});
    std::atomic<int> ready{0};
    auto race = [&](const Observation& o) {
      ++ready;
      while (ready.load() < 2) {
      }
      Result<Resolution> seen = See(o);
      EXPECT_TRUE(seen.ok()) << seen.error().message;
    };
    std::thread a(race, std::cref(left));
    std::thread b(race, std::cref(right));
    a.join();
    b.join();
    std::set<std::string> owners;
    for (const Identifier& id : {email, user, phone}) {
      std::optional<std::string> owner = Find(id);
      ASSERT_TRUE(owner.has_value()) << "round " << round;
      EXPECT_EQ(*Profile(*owner).Find("id")->AsString(), *owner)
          << "round " << round << ": owned by a merged profile";
      owners.insert(*owner);
    }
    EXPECT_EQ(owners.size(), 1u) << "round " << round << ": split into " << owners.size();
  }
}

OMNI_INSTANTIATE_BACKENDS(CustomersConcurrencyTest);

}  // namespace
}  // namespace omnihub::customers
