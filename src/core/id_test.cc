#include "core/id.h"  // first: proves the header self-contained

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

namespace omnihub {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

struct OrderTag {
  static constexpr std::string_view kPrefix = "ord";
};
struct ApiKeyTag {
  static constexpr std::string_view kPrefix = "key";
};
using OrderId = Id<OrderTag>;
using ApiKeyId = Id<ApiKeyTag>;

std::string FieldOf(const Error& error) {
  const DetailValue* field = error.Detail("field");
  return field != nullptr && std::holds_alternative<std::string>(*field)
             ? std::get<std::string>(*field)
             : std::string();
}

TEST(UlidTest, IsTwentySixCrockfordCharacters) {
  const std::string ulid = NewUlid(FakeClock().Now());
  EXPECT_EQ(ulid.size(), 26u);
  EXPECT_EQ(ulid.find_first_not_of(kCrockford), std::string::npos) << ulid;
  EXPECT_TRUE(IsUlid(ulid)) << ulid;
}

TEST(UlidTest, EncodesMillisecondsInTheFirstTenCharacters) {
  // The example of the ULID specification: 1469918176385 ms is "01ARYZ6S41".
  EXPECT_EQ(NewUlid(FromUnixMillis(1469918176385)).substr(0, 10), "01ARYZ6S41");
  EXPECT_EQ(NewUlid(FromUnixMillis(0)).substr(0, 10), "0000000000");
  EXPECT_EQ(NewUlid(FromUnixMillis((int64_t{1} << 48) - 1)).substr(0, 10), "7ZZZZZZZZZ");
}

TEST(UlidTest, SortsByCreationTime) {
  FakeClock clock;
  std::string previous = NewUlid(clock.Now());
  for (int step = 0; step < 100; ++step) {
    clock.Advance(std::chrono::milliseconds(1 + step * 997));
    std::string next = NewUlid(clock.Now());
    EXPECT_LT(previous, next);
    previous = std::move(next);
  }
}

TEST(UlidTest, IdsOfTheSameMillisecondDifferInTheirRandomPart) {
  const TimePoint now = FakeClock().Now();
  std::set<std::string> ulids;
  std::vector<std::set<char>> seen_at(26);
  for (int count = 0; count < 1000; ++count) {
    const std::string ulid = NewUlid(now);
    ulids.insert(ulid);
    for (size_t char_idx = 0; char_idx < ulid.size(); ++char_idx) {
      seen_at[char_idx].insert(ulid[char_idx]);
    }
  }
  EXPECT_EQ(ulids.size(), 1000u);
  for (size_t char_idx = 0; char_idx < 10; ++char_idx) {
    EXPECT_EQ(seen_at[char_idx].size(), 1u) << "time character " << char_idx;
  }
  // Each of the 16 random characters carries 5 random bits: a stuck bit would show here.
  for (size_t char_idx = 10; char_idx < 26; ++char_idx) {
    EXPECT_EQ(seen_at[char_idx].size(), 32u) << "random character " << char_idx;
  }
}

TEST(UlidTest, ThreadsDrawDifferentRandomBits) {
  const TimePoint now = FakeClock().Now();
  constexpr size_t kThreads = 4;
  constexpr size_t kPerThread = 200;
  std::vector<std::vector<std::string>> made(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (size_t thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&made, now, thread_idx] {
      for (size_t count = 0; count < kPerThread; ++count) {
        made[thread_idx].push_back(NewUlid(now));
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  std::set<std::string> all;
  for (const std::vector<std::string>& batch : made) {
    all.insert(batch.begin(), batch.end());
  }
  EXPECT_EQ(all.size(), kThreads * kPerThread);
}

TEST(IsUlidTest, AcceptsOnlyCanonicalUlids) {
  EXPECT_TRUE(IsUlid("01ARYZ6S41TSV4RRFFQ69G5FAV"));
  EXPECT_TRUE(IsUlid("7ZZZZZZZZZZZZZZZZZZZZZZZZZ"));
  EXPECT_TRUE(IsUlid("00000000000000000000000000"));

  EXPECT_FALSE(IsUlid(""));
  EXPECT_FALSE(IsUlid("01ARYZ6S41TSV4RRFFQ69G5FA"));    // 25 characters
  EXPECT_FALSE(IsUlid("01ARYZ6S41TSV4RRFFQ69G5FAVX"));  // 27 characters
  EXPECT_FALSE(IsUlid("81ARYZ6S41TSV4RRFFQ69G5FAV"));   // beyond 48 bits of time
  EXPECT_FALSE(IsUlid("01aryz6s41tsv4rrffq69g5fav"));   // lower case is not the stored form
  for (char excluded : {'I', 'L', 'O', 'U', '-', ' '}) {
    std::string text = "01ARYZ6S41TSV4RRFFQ69G5FAV";
    text[20] = excluded;
    EXPECT_FALSE(IsUlid(text)) << text;
  }
}

TEST(IdTest, GeneratesPrefixedIdsThatParseBack) {
  const OrderId id = OrderId::Generate(FakeClock().Now());
  EXPECT_EQ(id.str().substr(0, 4), "ord_");
  EXPECT_EQ(id.str().size(), 4u + 26u);
  EXPECT_FALSE(id.empty());

  Result<OrderId> parsed = OrderId::Parse(id.str());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, id);
}

TEST(IdTest, ParseRejectsAnotherEntitysId) {
  const ApiKeyId key = ApiKeyId::Generate(FakeClock().Now());
  Result<OrderId> parsed = OrderId::Parse(key.str(), "order_id");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(parsed.error()), "order_id");
}

TEST(IdTest, ParseRejectsMalformedIds) {
  for (const char* text : {"", "ord", "ord_", "ord01ARYZ6S41TSV4RRFFQ69G5FAV",
                           "ord-01ARYZ6S41TSV4RRFFQ69G5FAV", "ord_01ARYZ6S41TSV4RRFFQ69G5FA",
                           "ord_01ARYZ6S41TSV4RRFFQ69G5FAVV", "ord_01ARYZ6S41TSV4RRFFQ69G5FAI",
                           "ORD_01ARYZ6S41TSV4RRFFQ69G5FAV", "ord_01aryz6s41tsv4rrffq69g5fav"}) {
    Result<OrderId> parsed = OrderId::Parse(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(FieldOf(parsed.error()), "id") << text;
  }
}

TEST(IdTest, OrdersLikeItsText) {
  FakeClock clock;
  const OrderId first = OrderId::Generate(clock.Now());
  clock.Advance(std::chrono::milliseconds(1));
  const OrderId second = OrderId::Generate(clock.Now());
  EXPECT_LT(first, second);
  EXPECT_EQ(OrderId::FromTrusted(first.str()), first);
  EXPECT_TRUE(OrderId().empty());
}

}  // namespace
}  // namespace omnihub
