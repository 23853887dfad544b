// The resolver against a reference model: union-find with the same per-type limits and the
// same deterministic anchor and survivor rules (README.md), over thousands of random event
// streams drawn from small identifier pools, so that merges and conflicts are frequent.
#include "customers/customers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>

#include "changes/changes.h"
#include "testing/db_test.h"

namespace omnihub::customers {
namespace {

int ModelPriority(IdentifierType type) {
  switch (type) {
    case IdentifierType::kUserId:
      return 0;
    case IdentifierType::kCustomerNumber:
      return 1;
    case IdentifierType::kLoyaltyCard:
      return 2;
    case IdentifierType::kEmail:
      return 3;
    case IdentifierType::kPhone:
      return 4;
    case IdentifierType::kExternal:
      return 5;
    case IdentifierType::kSocial:
      return 6;
    default:
      return 7;  // anonymous_id, previous_id
  }
}

// The rules, with nothing but maps. Profiles are numbered in creation order, which is the
// order that decides survivors.
class Model {
 public:
  using Key = std::pair<IdentifierType, std::string>;  // normalised; no namespaces here
  struct Outcome {
    int customer = -1;
    bool created = false;
    std::vector<int> merged;
    int conflicts = 0;
    bool own_profile = false;  // rule d' gave the event a profile of its own
  };

  explicit Model(Limits limits) : limits_(std::move(limits)) {}

  // REQUIRES: `ids` are normalised.
  Outcome Observe(const std::vector<Identifier>& ids) {
    struct Match {
      Key key;
      int priority;
      int owner;
    };
    std::vector<Match> matched;
    for (const Identifier& id : ids) {
      Match m{{id.type, id.value}, ModelPriority(id.type), -1};
      if (id.type == IdentifierType::kPreviousId) {
        m.key.first = IdentifierType::kUserId;
        if (OwnerOf(m.key) < 0) {
          m.key.first = IdentifierType::kAnonymousId;
        }
      }
      m.owner = OwnerOf(m.key);
      auto same = std::find_if(matched.begin(), matched.end(),
                               [&](const Match& earlier) { return earlier.key == m.key; });
      if (same != matched.end()) {
        same->priority = std::min(same->priority, m.priority);
      } else {
        matched.push_back(m);
      }
    }
    struct Ranked {
      int owner;
      int priority;
    };
    std::vector<Ranked> owners;
    for (const Match& m : matched) {
      if (m.owner < 0) {
        continue;
      }
      auto known = std::find_if(owners.begin(), owners.end(),
                                [&](const Ranked& r) { return r.owner == m.owner; });
      if (known == owners.end()) {
        owners.push_back({m.owner, m.priority});
      } else {
        known->priority = std::min(known->priority, m.priority);
      }
    }
    std::sort(owners.begin(), owners.end(), [](const Ranked& a, const Ranked& b) {
      return a.priority != b.priority ? a.priority < b.priority : a.owner < b.owner;
    });
    Outcome out;
    int anchor;
    if (owners.empty()) {
      anchor = next_profile_++;
      out.created = true;
    } else {
      anchor = owners[0].owner;
    }
    for (size_t idx = 1; idx < owners.size(); ++idx) {
      const int other = owners[idx].owner;
      bool fits = true;
      for (const auto& [type, max] : limits_.max_per_profile) {
        fits = fits && Count(anchor, type) + Count(other, type) <= max;
      }
      if (!fits) {
        ++out.conflicts;
        continue;
      }
      const int survivor = std::min(anchor, other);
      const int merged = std::max(anchor, other);
      for (auto& [key, owner] : owners_) {
        if (owner == merged) {
          owner = survivor;
        }
      }
      out.merged.push_back(merged);
      anchor = survivor;
    }
    // Rule d': an unowned identifier the anchor has no room for that outranks the best one the
    // anchor was found by sends the event to a profile of its own (one conflict links the two).
    if (!owners.empty()) {
      std::map<IdentifierType, int> added;
      for (const Match& m : matched) {
        if (m.owner >= 0) {
          continue;
        }
        if (Full(anchor, m.key.first, added[m.key.first])) {
          if (m.priority < owners[0].priority) {
            anchor = next_profile_++;
            out.created = true;
            out.own_profile = true;
            ++out.conflicts;
            break;
          }
          continue;
        }
        ++added[m.key.first];
      }
    }
    for (const Match& m : matched) {
      if (m.owner >= 0) {
        continue;
      }
      if (Full(anchor, m.key.first, 0)) {
        ++out.conflicts;
        continue;
      }
      owners_[m.key] = anchor;
    }
    out.customer = anchor;
    return out;
  }

  int OwnerOf(const Key& key) const {
    auto it = owners_.find(key);
    return it == owners_.end() ? -1 : it->second;
  }
  const std::map<Key, int>& owners() const { return owners_; }

 private:
  // Whether `profile`, given `more` identifiers of `type` besides its own, may take no other.
  bool Full(int profile, IdentifierType type, int more) const {
    auto limit = limits_.max_per_profile.find(type);
    return limit != limits_.max_per_profile.end() && Count(profile, type) + more >= limit->second;
  }
  int Count(int profile, IdentifierType type) const {
    int n = 0;
    for (const auto& [key, owner] : owners_) {
      n += owner == profile && key.first == type ? 1 : 0;
    }
    return n;
  }

  Limits limits_;
  std::map<Key, int> owners_;
  int next_profile_ = 0;
};

// One random identifier as a channel would send it, and its normalised form.
struct Drawn {
  Identifier raw;
  Identifier normal;
};

Drawn Draw(std::mt19937& rng, int stream) {
  const std::string s = "s" + std::to_string(stream);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const int k = pick(3);
  switch (pick(8)) {
    case 0:
      return {{IdentifierType::kUserId, s + "-u" + std::to_string(k)},
              {IdentifierType::kUserId, s + "-u" + std::to_string(k)}};
    case 1:
    case 2: {
      const std::string value = s + "-a" + std::to_string(pick(5));
      return {{IdentifierType::kAnonymousId, " " + value}, {IdentifierType::kAnonymousId, value}};
    }
    case 3: {
      const std::string value = "e" + std::to_string(k) + "@" + s + ".example.com";
      std::string shouted = value;
      shouted[0] = 'E';
      return {{IdentifierType::kEmail, pick(2) ? shouted : value}, {IdentifierType::kEmail, value}};
    }
    case 4: {
      const std::string national = std::to_string(600000000 + stream * 10 + k);
      return {{IdentifierType::kPhone, national.substr(0, 3) + " " + national.substr(3)},
              {IdentifierType::kPhone, "+48" + national}};
    }
    case 5: {
      const std::string value = s + "-card" + std::to_string(pick(2));
      return {{IdentifierType::kLoyaltyCard, value}, {IdentifierType::kLoyaltyCard, value}};
    }
    case 6: {
      const std::string value = s + "-c" + std::to_string(pick(2));
      return {{IdentifierType::kCustomerNumber, value}, {IdentifierType::kCustomerNumber, value}};
    }
    default: {
      const std::string value =
          pick(2) ? s + "-u" + std::to_string(k) : s + "-a" + std::to_string(pick(5));
      return {{IdentifierType::kPreviousId, value}, {IdentifierType::kPreviousId, value}};
    }
  }
}

class ResolverPropertyTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), customers::Migrations()};
  }

  FakeClock clock_;
  std::unique_ptr<CustomersService> service_ = NewCustomersService(clock_);
};

TEST_P(ResolverPropertyTest, TheResolverAgreesWithTheReferenceModel) {
  const bool sqlite = backend() == storage::Backend::kSqlite;
  const int streams = sqlite ? 1000 : 150;
  constexpr int kEvents = 30;
  const char* seed_env = std::getenv("OMNIHUB_PROPERTY_SEED");
  const uint32_t base_seed =
      seed_env != nullptr ? static_cast<uint32_t>(std::strtoul(seed_env, nullptr, 10)) : 20260101;
  int merges = 0;
  int conflicts = 0;
  int own_profiles = 0;
  for (int stream = 0; stream < streams; ++stream) {
    const uint32_t seed = base_seed + static_cast<uint32_t>(stream);
    std::mt19937 rng(seed);
    Model model(service_->options().limits);
    std::map<int, std::string> real_id;  // model profile -> the resolver's id
    std::vector<Drawn> seen;
    // Every fourth stream commits each event alone; the others run as one transaction (reads
    // inside it must see the merges just made).
    const bool per_event = stream % 4 == 1;
    std::vector<std::vector<Drawn>> events;
    for (int event = 0; event < kEvents; ++event) {
      std::vector<Drawn> ids;
      const int n = 1 + static_cast<int>(rng() % 3);
      ids.reserve(static_cast<size_t>(n));
      for (int idx = 0; idx < n; ++idx) {
        ids.push_back(Draw(rng, stream));
      }
      events.push_back(std::move(ids));
    }
    std::string failure;
    auto run = [&](storage::Tx& tx, int event) -> Result<void> {
      Observation observation{
          .channel_id = "chn_web",
          .event_id = "evt_" + std::to_string(stream) + "_" + std::to_string(event),
          .event_type = "track",
          .occurred_at = clock_.Now()};
      std::vector<Identifier> normal;
      for (const Drawn& drawn : events[event]) {
        observation.identifiers.push_back(drawn.raw);
        normal.push_back(drawn.normal);
        seen.push_back(drawn);
      }
      OMNI_ASSIGN_OR_RETURN(Resolution got, service_->Observe(tx, observation));
      const Model::Outcome want = model.Observe(normal);
      std::string where = "seed " + std::to_string(seed) + " event " + std::to_string(event);
      if (got.created != want.created) {
        failure = where + ": created " + std::to_string(got.created);
        return Ok();
      }
      if (want.created) {
        real_id[want.customer] = got.customer_id;
      }
      std::vector<std::string> want_merged;
      for (int merged : want.merged) {
        want_merged.push_back(real_id[merged]);
      }
      if (got.customer_id != real_id[want.customer] || got.merged_ids != want_merged ||
          got.conflicts != want.conflicts) {
        failure = where + ": resolved to " + got.customer_id + " (" +
                  std::to_string(got.merged_ids.size()) + " merged, " +
                  std::to_string(got.conflicts) + " conflicts), the model says " +
                  real_id[want.customer] + " (" + std::to_string(want_merged.size()) + " merged, " +
                  std::to_string(want.conflicts) + " conflicts)";
      }
      merges += static_cast<int>(want.merged.size());
      conflicts += want.conflicts;
      own_profiles += want.own_profile ? 1 : 0;
      return Ok();
    };
    if (per_event) {
      for (int event = 0; event < kEvents && failure.empty(); ++event) {
        ASSERT_OK(db().InTransaction([&](storage::Tx& tx) { return run(tx, event); }));
      }
    } else {
      ASSERT_OK(db().InTransaction([&](storage::Tx& tx) -> Result<void> {
        for (int event = 0; event < kEvents && failure.empty(); ++event) {
          OMNI_TRY(run(tx, event));
        }
        return Ok();
      }));
    }
    ASSERT_TRUE(failure.empty()) << failure;

    // The final partition: every identifier belongs where the model says.
    for (const Drawn& drawn : seen) {
      Identifier key = drawn.normal;
      if (key.type == IdentifierType::kPreviousId) {
        continue;  // looked up through the user_id or anonymous_id it became
      }
      const int want = model.OwnerOf({key.type, key.value});
      Result<std::optional<std::string>> got =
          db().Read([&](storage::Tx& tx) { return service_->Find(tx, key); });
      ASSERT_OK(got);
      const std::optional<std::string> expected =
          want < 0 ? std::nullopt : std::optional<std::string>(real_id[want]);
      ASSERT_EQ(*got, expected) << "seed " << seed << ": " << NameOf(key.type) << " " << key.value;
    }
  }
  // The pools are small enough that all three happen often; if not, the test proves little.
  EXPECT_GT(merges, streams);
  EXPECT_GT(conflicts, streams);
  EXPECT_GT(own_profiles, streams / 2);
}

OMNI_INSTANTIATE_BACKENDS(ResolverPropertyTest);

}  // namespace
}  // namespace omnihub::customers
