#include "core/schema.h"  // first: the header stands alone

#include <gtest/gtest.h>

namespace omnihub {
namespace {

using schema::DataClass;
using schema::F;

enum class Colour { kRed, kGreen };
constexpr auto EnumNames(Colour) {
  return EnumTable<Colour, 2>{{{Colour::kRed, "red"}, {Colour::kGreen, "green"}}};
}

struct ThingTag {
  static constexpr std::string_view kPrefix = "thg";
};
using ThingId = Id<ThingTag>;

struct Line {
  std::string sku;
  int64_t quantity = 0;
  std::optional<TimePoint> held_until;
};
constexpr auto Describe(const Line*) {
  return std::tuple{F("sku", &Line::sku), F("quantity", &Line::quantity),
                    F("held_until", &Line::held_until)};
}

struct Parcel {
  ThingId id;
  std::string email;
  std::string address;
  std::string note;
  Colour colour = Colour::kRed;
  bool gift = false;
  Money total;
  TimePoint at;
  std::vector<Line> lines;
  std::vector<std::string> tags;
  std::map<std::string, std::string> attributes;
  std::optional<double> distance_km;
  std::string extra_json;
  std::string title_pl;
  std::string title_en;
};
constexpr auto Describe(const Parcel*) {
  return std::tuple{F("id", &Parcel::id),
                    F("email", &Parcel::email).Is(DataClass::kContact).NullIfEmpty(),
                    F("address", &Parcel::address).Is(DataClass::kAddress).OmitIfEmpty(),
                    F("note", &Parcel::note).Is(DataClass::kFreeText),
                    F("colour", &Parcel::colour),
                    F("gift", &Parcel::gift),
                    F("total", &Parcel::total),
                    F("at", &Parcel::at),
                    F("lines", &Parcel::lines),
                    F("tags", &Parcel::tags),
                    F("attributes", &Parcel::attributes),
                    F("distance_km", &Parcel::distance_km),
                    F("extra", &Parcel::extra_json).RawJson(),
                    schema::G("title", F("pl", &Parcel::title_pl), F("en", &Parcel::title_en))};
}

// A payload that is a parcel plus one member of its own.
struct ParcelShipped {
  Parcel parcel;
  std::string carrier;
};
constexpr auto Describe(const ParcelShipped*) {
  return std::tuple{schema::Flatten(&ParcelShipped::parcel), F("carrier", &ParcelShipped::carrier)};
}

// Version 2 added `reason`: rows written at version 1 lack it.
struct Cancelled {
  static constexpr int kSchemaVersion = 2;
  std::string id;
  std::string reason;
};
constexpr auto Describe(const Cancelled*) {
  return std::tuple{F("id", &Cancelled::id), F("reason", &Cancelled::reason).Since(2)};
}

Parcel SampleParcel() {
  return Parcel{.id = ThingId::Generate(FromUnixMillis(1'700'000'000'000)),
                .email = "ewa@example.pl",
                .address = "ul. Długa 5, Kraków",
                .note = "zostawić u sąsiada",
                .colour = Colour::kGreen,
                .gift = true,
                .total = {.minor = 12999, .currency = Currency::Pln()},
                .at = FromUnixMillis(1'764'000'000'123),
                .lines = {{.sku = "SZC-TSH-M", .quantity = 2},
                          {.sku = "SZC-HEADL",
                           .quantity = 1,
                           .held_until = FromUnixMillis(1'764'000'100'000)}},
                .tags = {"a", "b"},
                .attributes = {{"size", "M"}},
                .distance_km = 2.5,
                .extra_json = R"({"k":[1,2]})",
                .title_pl = "Koszulka",
                .title_en = "T-shirt"};
}

TEST(SchemaTest, EncodesEveryMemberKindAsTheApiWritesIt) {
  const Parcel parcel = SampleParcel();
  EXPECT_EQ(schema::Encode(parcel),
            R"({"id":")" + parcel.id.str() +
                R"(","email":"ewa@example.pl","address":"ul. Długa 5, Kraków",)"
                R"("note":"zostawić u sąsiada","colour":"green","gift":true,)"
                R"("total":{"amount":12999,"currency":"PLN"},"at":"2025-11-24T16:00:00.123Z",)"
                R"("lines":[{"sku":"SZC-TSH-M","quantity":2,"held_until":null},)"
                R"({"sku":"SZC-HEADL","quantity":1,"held_until":"2025-11-24T16:01:40.000Z"}],)"
                R"("tags":["a","b"],"attributes":{"size":"M"},"distance_km":2.5,)"
                R"("extra":{"k":[1,2]},"title":{"pl":"Koszulka","en":"T-shirt"}})");
}

TEST(SchemaTest, DecodeOfEncodeIsTheIdentity) {
  const Parcel parcel = SampleParcel();
  Result<Parcel> back = schema::DecodeText<Parcel>(schema::Encode(parcel));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(schema::Encode(*back), schema::Encode(parcel));
  EXPECT_EQ(back->lines[1].held_until, parcel.lines[1].held_until);
  EXPECT_EQ(back->total, parcel.total);
  EXPECT_EQ(back->colour, Colour::kGreen);
}

TEST(SchemaTest, EmptyValuesAreWrittenAsEachFieldSays) {
  Parcel parcel = SampleParcel();
  parcel.email.clear();
  parcel.address.clear();
  parcel.extra_json.clear();
  const std::string text = schema::Encode(parcel);
  EXPECT_NE(text.find(R"("email":null)"), std::string::npos);
  EXPECT_EQ(text.find(R"("address")"), std::string::npos);
  EXPECT_NE(text.find(R"("extra":null)"), std::string::npos);
  Result<Parcel> back = schema::DecodeText<Parcel>(text);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->email, "");
  EXPECT_EQ(back->address, "");
  EXPECT_EQ(back->extra_json, "");
}

TEST(SchemaTest, RedactionHidesPersonalClassesAtEveryDepth) {
  ParcelShipped shipped{.parcel = SampleParcel(), .carrier = "InPost"};
  const std::string text = schema::Encode(shipped, schema::Redaction::AllPersonal());
  EXPECT_EQ(text.find("ewa@example.pl"), std::string::npos);
  EXPECT_EQ(text.find("Długa"), std::string::npos);
  EXPECT_EQ(text.find("sąsiada"), std::string::npos);
  EXPECT_NE(text.find(R"("email":null,"address":null,"note":null)"), std::string::npos);
  EXPECT_NE(text.find("SZC-HEADL"), std::string::npos);
  // A redacted payload still decodes: the personal fields read back empty.
  Result<ParcelShipped> back = schema::DecodeText<ParcelShipped>(text);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->parcel.note, "");
  EXPECT_EQ(back->carrier, "InPost");
}

TEST(SchemaTest, FlattenedMembersSitBesideTheOuterOnes) {
  ParcelShipped shipped{.parcel = SampleParcel(), .carrier = "InPost"};
  const std::string text = schema::Encode(shipped);
  EXPECT_TRUE(text.ends_with(R"(,"title":{"pl":"Koszulka","en":"T-shirt"},"carrier":"InPost"})"))
      << text;
  EXPECT_EQ(text.find(R"("parcel")"), std::string::npos);
}

TEST(SchemaTest, OlderVersionsDecodeWithoutTheFieldsAddedLater) {
  Result<json::Value> v1 = json::Parse(R"({"id":"x"})");
  ASSERT_TRUE(v1.ok());
  Result<Cancelled> old = schema::Decode<Cancelled>(*v1, /*version=*/1);
  ASSERT_TRUE(old.ok()) << old.error().message;
  EXPECT_EQ(old->reason, "");
  Result<Cancelled> current = schema::Decode<Cancelled>(*v1);
  ASSERT_FALSE(current.ok());
  EXPECT_EQ(current.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(current.error().message, "payload.reason is missing");
}

TEST(SchemaTest, ErrorsNameTheFieldByItsPath) {
  Parcel parcel = SampleParcel();
  std::string text = schema::Encode(parcel);
  text.replace(text.find(R"("quantity":1)"), 12, R"("quantity":"1")");
  Result<Parcel> bad = schema::DecodeText<Parcel>(text);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "payload.lines[1].quantity must be an integer");

  text = schema::Encode(parcel);
  text.replace(text.find(R"("green")"), 7, R"("blue")");
  bad = schema::DecodeText<Parcel>(text);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "payload.colour must be red or green");

  text = schema::Encode(parcel);
  text.replace(text.find(parcel.id.str()), parcel.id.str().size(), "ord_1");
  bad = schema::DecodeText<Parcel>(text);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().Detail("field") != nullptr, true);
}

TEST(SchemaTest, UnknownMembersAreIgnoredSoNewerWritersDoNotBreakOlderReaders) {
  Result<Line> line = schema::DecodeText<Line>(R"({"sku":"A","quantity":1,"held_until":null,)"
                                               R"("added_in_v9":true})");
  ASSERT_TRUE(line.ok()) << line.error().message;
  EXPECT_EQ(line->sku, "A");
}

TEST(SchemaTest, TheFieldCatalogueListsNestedFieldsWithTheirClasses) {
  std::vector<schema::FieldInfo> fields = schema::FieldsOf<ParcelShipped>();
  auto find = [&](std::string_view path) -> const schema::FieldInfo* {
    for (const schema::FieldInfo& f : fields) {
      if (f.path == path) {
        return &f;
      }
    }
    return nullptr;
  };
  ASSERT_NE(find("email"), nullptr);
  EXPECT_EQ(find("email")->data_class, DataClass::kContact);
  EXPECT_TRUE(find("email")->nullable);
  EXPECT_TRUE(find("address")->optional);
  ASSERT_NE(find("lines[].held_until"), nullptr);
  EXPECT_EQ(find("lines[].held_until")->type, "timestamp");
  EXPECT_EQ(find("lines")->type, "array of object");
  EXPECT_EQ(find("colour")->type, "enum: red|green");
  EXPECT_EQ(find("title.pl")->type, "string");
  EXPECT_EQ(find("extra")->type, "json");
  ASSERT_NE(find("carrier"), nullptr);
}

TEST(SchemaTest, TheJsonSchemaIsValidJsonAndCarriesDataClasses) {
  const std::string text = schema::JsonSchemaOf<Parcel>();
  Result<json::Value> parsed = json::Parse(text);
  ASSERT_TRUE(parsed.ok()) << text;
  const json::Value* email = parsed->Find("properties")->Find("email");
  ASSERT_NE(email, nullptr);
  EXPECT_EQ(*email->Find("x-data-class"), json::Value("contact"));
  const json::Value* required = parsed->Find("required");
  ASSERT_NE(required, nullptr);
  for (const json::Value& name : *required->AsArray()) {
    EXPECT_NE(name, json::Value("address"));  // omitted when empty: not required
  }
}

TEST(EnumsTest, NamesAndParsingComeFromOneTable) {
  EXPECT_EQ(NameOf(Colour::kGreen), "green");
  Result<Colour> red = ParseEnum<Colour>("red", "colour");
  ASSERT_TRUE(red.ok());
  EXPECT_EQ(*red, Colour::kRed);
  Result<Colour> bad = ParseEnum<Colour>("blue", "colour");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "colour must be red or green");
}

}  // namespace
}  // namespace omnihub
