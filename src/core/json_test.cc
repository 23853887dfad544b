#include "core/json.h"  // first: proves the header self-contained

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace omnihub::json {
namespace {

// The details.reason of a failed parse, or "ok".
std::string ReasonOf(const Result<Value>& parsed) {
  if (parsed.ok()) {
    return "ok";
  }
  EXPECT_EQ(parsed.error().code, ErrorCode::kMalformedJson);
  const DetailValue* reason = parsed.error().Detail("reason");
  if (reason == nullptr || !std::holds_alternative<std::string>(*reason)) {
    return "no reason";
  }
  return std::get<std::string>(*reason);
}

std::string FieldOf(const Error& error) {
  const DetailValue* field = error.Detail("field");
  return field != nullptr && std::holds_alternative<std::string>(*field)
             ? std::get<std::string>(*field)
             : std::string();
}

Value MustParse(std::string_view text) {
  Result<Value> parsed = Parse(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? *parsed : Value();
}

// `depth` arrays around `innermost`: "[[1]]" for depth 2.
std::string NestedArrays(int depth, std::string_view innermost = "1") {
  std::string text(static_cast<size_t>(depth), '[');
  text += innermost;
  text.append(static_cast<size_t>(depth), ']');
  return text;
}

// `depth` objects around 1: {"k":{"k":1}} for depth 2.
std::string NestedObjects(int depth) {
  std::string text;
  for (int level = 0; level < depth; ++level) {
    text += R"({"k":)";
  }
  text += "1";
  text.append(static_cast<size_t>(depth), '}');
  return text;
}

TEST(ParseTest, ReadsScalars) {
  EXPECT_TRUE(MustParse("null").is_null());
  EXPECT_EQ(MustParse("true").AsBool(), true);
  EXPECT_EQ(MustParse(" false ").AsBool(), false);
  EXPECT_EQ(*MustParse("\"koszyk\"").AsString(), "koszyk");
  EXPECT_EQ(MustParse("42").AsInt(), 42);
  EXPECT_EQ(MustParse("-7").AsInt(), -7);
  EXPECT_EQ(MustParse("2.5").AsDouble(), 2.5);
}

TEST(ParseTest, IntegersThatFitInt64AreInts) {
  EXPECT_EQ(MustParse("9223372036854775807").kind(), Value::Kind::kInt);
  EXPECT_EQ(MustParse("9223372036854775807").AsInt(), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(MustParse("-9223372036854775808").AsInt(), std::numeric_limits<int64_t>::min());
}

TEST(ParseTest, OtherNumbersAreDoubles) {
  const Value above_int64 = MustParse("9223372036854775808");
  EXPECT_EQ(above_int64.kind(), Value::Kind::kDouble);
  EXPECT_EQ(above_int64.AsInt(), std::nullopt);
  EXPECT_EQ(above_int64.AsDouble(), 9223372036854775808.0);
  EXPECT_EQ(MustParse("18446744073709551615").kind(), Value::Kind::kDouble);
  EXPECT_EQ(MustParse("1.0").kind(), Value::Kind::kDouble);
  EXPECT_EQ(MustParse("1e3").AsDouble(), 1000.0);
  EXPECT_EQ(MustParse("1e3").kind(), Value::Kind::kDouble);
}

TEST(ParseTest, DecodesStringEscapesToUtf8) {
  EXPECT_EQ(*MustParse(R"("a\"b\\c\/d\n\t")").AsString(), "a\"b\\c/d\n\t");
  EXPECT_EQ(*MustParse(R"("\u017c\u00f3\u0142w")").AsString(), "żółw");
  EXPECT_EQ(*MustParse(R"("\ud83d\uded2")").AsString(), "🛒");
  EXPECT_EQ(*MustParse("\"żółw 🛒\"").AsString(), "żółw 🛒");
}

TEST(ParseTest, KeepsObjectMembersInDocumentOrder) {
  const Value cart = MustParse(R"({"sku":"BUT-42","quantity":2,"lines":[1,"x",null],"z":{}})");
  ASSERT_TRUE(cart.is_object());
  const Object& members = *cart.AsObject();
  ASSERT_EQ(members.size(), 4u);
  EXPECT_EQ(members[0].first, "sku");
  EXPECT_EQ(members[1].first, "quantity");
  EXPECT_EQ(members[2].first, "lines");
  EXPECT_EQ(members[3].first, "z");
  EXPECT_EQ(*cart.Find("lines"), Value(Array{1, "x", nullptr}));
  EXPECT_EQ(*cart.Find("z"), Value(Object{}));
  EXPECT_EQ(cart.Find("missing"), nullptr);
}

TEST(ParseTest, RejectsBrokenSyntax) {
  for (const char* text : {"{",   "[1,]",     "[1 2]", R"({"a":})", R"({"a" 1})", "{a:1}",
                           "'a'", "tru",      "nul",   "01",        "1.",         "-",
                           "+1",  "[1] x",    "{} {}", "\"open",    R"("\x")",    "\"tab\there\"",
                           "NaN", "Infinity", "[",     "]"}) {
    EXPECT_EQ(ReasonOf(Parse(text)), "syntax") << text;
  }
}

TEST(ParseTest, RejectsEmptyInput) {
  EXPECT_EQ(ReasonOf(Parse("")), "empty");
  EXPECT_EQ(ReasonOf(Parse(" \n\t\r ")), "empty");
}

TEST(ParseTest, RejectsInvalidUtf8) {
  EXPECT_EQ(ReasonOf(Parse("\"\xff\"")), "utf8");
  EXPECT_EQ(ReasonOf(Parse("\"\xc3\x28\"")), "utf8");               // broken two-byte sequence
  EXPECT_EQ(ReasonOf(Parse("\"\xc0\xaf\"")), "utf8");               // overlong '/'
  EXPECT_EQ(ReasonOf(Parse("\"\xed\xa0\x80\"")), "utf8");           // encoded surrogate
  EXPECT_EQ(ReasonOf(Parse("{\"k\xff\":1}")), "utf8");              // in a key
  EXPECT_EQ(ReasonOf(Parse("[1, \"ok\", \"\xe2\x82\"]")), "utf8");  // truncated euro sign
}

TEST(ParseTest, EnforcesMaxBytes) {
  const std::string eleven = R"(["abcdefg"])";
  ASSERT_EQ(eleven.size(), 11u);
  EXPECT_EQ(ReasonOf(Parse(eleven, {.max_bytes = 10})), "too_large");
  EXPECT_EQ(ReasonOf(Parse(eleven, {.max_bytes = 11})), "ok");
}

TEST(ParseTest, AllowsNestingUpToTheLimit) {
  EXPECT_EQ(ReasonOf(Parse(NestedArrays(64))), "ok");
  EXPECT_EQ(ReasonOf(Parse(NestedObjects(64))), "ok");
  EXPECT_EQ(ReasonOf(Parse(NestedArrays(63, R"({"k":1})"))), "ok");
}

TEST(ParseTest, RejectsNestingBeyondTheLimitAsDepth) {
  EXPECT_EQ(ReasonOf(Parse(NestedArrays(65))), "depth");
  EXPECT_EQ(ReasonOf(Parse(NestedObjects(65))), "depth");
  EXPECT_EQ(ReasonOf(Parse(NestedArrays(64, R"({"k":1})"))), "depth");
  EXPECT_EQ(ReasonOf(Parse(NestedArrays(100))), "depth");
  // Deeper than simdjson's own limit as well: still "depth", never "syntax".
  EXPECT_EQ(ReasonOf(Parse(NestedArrays(5000))), "depth");
}

TEST(ParseTest, HonoursACallersDepthLimit) {
  EXPECT_EQ(ReasonOf(Parse("[[1]]", {.max_depth = 2})), "ok");
  EXPECT_EQ(ReasonOf(Parse("[[[1]]]", {.max_depth = 2})), "depth");
  EXPECT_EQ(ReasonOf(Parse("7", {.max_depth = 0})), "ok");
  EXPECT_EQ(ReasonOf(Parse("[]", {.max_depth = 0})), "depth");
  // Beyond simdjson's default depth of 1024, when the caller asks for it.
  const std::string deep = NestedArrays(1100);
  EXPECT_EQ(ReasonOf(Parse(deep, {.max_bytes = 1 << 20, .max_depth = 1100})), "ok");
  EXPECT_EQ(ReasonOf(Parse("[" + deep + "]", {.max_bytes = 1 << 20, .max_depth = 1100})), "depth");
  EXPECT_EQ(ReasonOf(Parse(deep)), "depth");
}

TEST(ParseTest, RejectsDuplicateKeys) {
  EXPECT_EQ(ReasonOf(Parse(R"({"a":1,"a":2})")), "duplicate_key");
  EXPECT_EQ(ReasonOf(Parse(R"({"a":1,"\u0061":2})")), "duplicate_key");  // same key, escaped
  EXPECT_EQ(ReasonOf(Parse(R"({"lines":[{"sku":"A","sku":"B"}]})")), "duplicate_key");
  EXPECT_EQ(ReasonOf(Parse(R"({"a":{"a":1},"b":{"a":2}})")), "ok");
}

TEST(ParseTest, RejectsDuplicateKeysInLargeObjects) {
  std::string text = "{";
  for (int key_idx = 0; key_idx < 100; ++key_idx) {
    text += "\"k" + std::to_string(key_idx) + "\":" + std::to_string(key_idx) + ",";
  }
  EXPECT_EQ(ReasonOf(Parse(text + "\"k100\":0}")), "ok");
  EXPECT_EQ(ReasonOf(Parse(text + "\"k3\":0}")), "duplicate_key");
}

TEST(SerializeTest, WritesCompactJsonInMemberOrder) {
  Value order;
  order.Set("id", "ord_01ARYZ6S41TSV4RRFFQ69G5FAV");
  order.Set("total", Object{{"amount", 12999}, {"currency", "PLN"}});
  order.Set("lines", Array{Object{{"sku", "BUT-42"}, {"quantity", 2}}, nullptr, true, 2.5});
  order.Set("notes", Array{});
  EXPECT_EQ(Serialize(order),
            R"({"id":"ord_01ARYZ6S41TSV4RRFFQ69G5FAV","total":{"amount":12999,"currency":"PLN"},)"
            R"("lines":[{"sku":"BUT-42","quantity":2},null,true,2.5],"notes":[]})");
}

TEST(SerializeTest, RoundTripsThroughParse) {
  const std::string text =
      R"({"a":[1,-2,3.25,"x\n\"y\"",{"b":null,"c":[[],{}]}],"żółw":"🛒",)"
      R"("big":9223372036854775807,"small":-9223372036854775808,"d":1e+100,"f":false})";
  const Value parsed = MustParse(text);
  EXPECT_EQ(Serialize(parsed), text);
  EXPECT_EQ(MustParse(Serialize(parsed)), parsed);
}

TEST(WriterTest, PlacesCommasAcrossNestedObjectsAndArrays) {
  Writer w;
  w.BeginObject();
  w.Key("a").BeginArray().Int(1).BeginObject().EndObject().BeginArray().EndArray().Int(2);
  w.EndArray();
  w.Field("b", "x");
  w.Key("c").BeginObject().Field("d", true).Field("e", int64_t{-5}).EndObject();
  w.Key("f").BeginArray().BeginObject().Field("g", 1).EndObject().BeginObject().EndObject();
  w.EndArray();
  w.Key("h").Null();
  w.EndObject();
  EXPECT_EQ(w.str(),
            R"({"a":[1,{},[],2],"b":"x","c":{"d":true,"e":-5},"f":[{"g":1},{}],"h":null})");
  EXPECT_EQ(ReasonOf(Parse(w.str())), "ok");
}

TEST(WriterTest, InsertsRawJsonAsOneValue) {
  Writer w;
  w.BeginArray().Raw(R"({"stored":true})").Raw("[1,2]").Int(3).EndArray();
  EXPECT_EQ(w.Take(), R"([{"stored":true},[1,2],3])");

  Writer event;
  event.BeginObject().Field("type", "shelf.item.placed").Key("payload").Raw("{}").EndObject();
  EXPECT_EQ(event.str(), R"({"type":"shelf.item.placed","payload":{}})");
}

TEST(WriterTest, WritesIntegersExactly) {
  Writer w;
  w.BeginArray()
      .Int(0)
      .Int(std::numeric_limits<int64_t>::max())
      .Int(std::numeric_limits<int64_t>::min())
      .EndArray();
  EXPECT_EQ(w.str(), "[0,9223372036854775807,-9223372036854775808]");
}

TEST(WriterTest, WritesShortestRoundTripDoubles) {
  auto one = [](double v) { return Writer().Double(v).Take(); };
  EXPECT_EQ(one(0.1), "0.1");
  EXPECT_EQ(one(2.5), "2.5");
  EXPECT_EQ(one(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(one(1e100), "1e+100");
  EXPECT_EQ(one(5e-324), "5e-324");
  // Whole doubles keep a ".0" so that they read back as doubles, not integers.
  EXPECT_EQ(one(3.0), "3.0");
  EXPECT_EQ(one(-0.0), "-0.0");
  for (double v : {0.1, 1.0 / 3, 123456.789, 1e-7, 3.0, std::numeric_limits<double>::max(),
                   std::numeric_limits<double>::denorm_min(), -2.2250738585072014e-308}) {
    const Value back = MustParse(one(v));
    EXPECT_EQ(back.kind(), Value::Kind::kDouble) << one(v);
    EXPECT_EQ(back.AsDouble(), v) << one(v);
  }
}

TEST(WriterTest, WritesNonFiniteDoublesAsNull) {
  Writer w;
  w.BeginArray()
      .Double(std::numeric_limits<double>::quiet_NaN())
      .Double(std::numeric_limits<double>::infinity())
      .Double(-std::numeric_limits<double>::infinity())
      .EndArray();
  EXPECT_EQ(w.str(), "[null,null,null]");
}

TEST(QuoteTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(Quote(""), R"("")");
  EXPECT_EQ(Quote(R"(say "hi" \o/)"), R"("say \"hi\" \\o/")");
  EXPECT_EQ(Quote("\n\t\r\b\f"), R"("\n\t\r\b\f")");
  EXPECT_EQ(Quote(std::string_view("\x00\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
  EXPECT_EQ(Quote("\x7f"), "\"\x7f\"");  // DEL needs no escape in JSON
}

TEST(QuoteTest, PassesUtf8ThroughUnchanged) {
  EXPECT_EQ(Quote("Zażółć gęślą jaźń 🛒 €"),
            "\"Zażółć gęślą jaźń 🛒 €\"");
}

TEST(QuoteTest, AppendsToWhatIsAlreadyThere) {
  std::string out = "key=";
  AppendQuoted(out, "a\"b");
  EXPECT_EQ(out, R"(key="a\"b")");
}

TEST(QuoteTest, EveryControlCharacterRoundTrips) {
  std::string all;
  for (int c = 0; c < 0x20; ++c) {
    all += static_cast<char>(c);
  }
  all += "\"\\ end";
  EXPECT_EQ(*MustParse(Quote(all)).AsString(), all);
}

TEST(ValueTest, SetCreatesAnObjectAndReplacesInPlace) {
  Value v;
  v.Set("a", 1);
  v.Set("b", "two");
  v.Set("a", 3);
  EXPECT_EQ(Serialize(v), R"({"a":3,"b":"two"})");
  v.Set("c", Object{}).Set("d", true);
  EXPECT_EQ(Serialize(v), R"({"a":3,"b":"two","c":{"d":true}})");
}

TEST(ValueTest, TypedViewsAnswerOnlyForTheirKind) {
  const Value number = 7;
  EXPECT_EQ(number.AsInt(), 7);
  EXPECT_EQ(number.AsDouble(), 7.0);
  EXPECT_EQ(number.AsString(), nullptr);
  EXPECT_EQ(number.AsBool(), std::nullopt);
  EXPECT_EQ(number.Find("x"), nullptr);
  EXPECT_EQ(Value(7.5).AsInt(), std::nullopt);
  EXPECT_EQ(Value("7").AsInt(), std::nullopt);
  EXPECT_NE(Value(7), Value(7.0));
  EXPECT_TRUE(Value(7).is_number());
  EXPECT_TRUE(Value(7.0).is_number());
}

TEST(FieldReadersTest, ReadPresentMembers) {
  const Value line = MustParse(R"({"sku":"BUT-42","quantity":2,"gift":true,"note":null})");
  EXPECT_EQ(*RequireString(line, "sku"), "BUT-42");
  EXPECT_EQ(*RequireInt(line, "quantity"), 2);
  EXPECT_EQ(*OptionalInt(line, "quantity"), 2);
  EXPECT_EQ(*OptionalBool(line, "gift"), true);
  EXPECT_EQ(*OptionalString(line, "sku"), "BUT-42");
  Result<const Object*> members = RequireObject(line, "line");
  ASSERT_TRUE(members.ok());
  EXPECT_EQ((*members)->size(), 4u);
}

TEST(FieldReadersTest, OptionalReadersAcceptMissingOrNull) {
  const Value line = MustParse(R"({"note":null})");
  for (std::string_view key : {"note", "absent"}) {
    EXPECT_EQ(*OptionalString(line, key), std::nullopt) << key;
    EXPECT_EQ(*OptionalInt(line, key), std::nullopt) << key;
    EXPECT_EQ(*OptionalBool(line, key), std::nullopt) << key;
  }
}

TEST(FieldReadersTest, RequiredReadersNameTheMissingField) {
  const Value line = MustParse(R"({"note":null})");
  Result<std::string> missing = RequireString(line, "sku");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(missing.error().message, "sku is required");
  EXPECT_EQ(FieldOf(missing.error()), "sku");

  Result<int64_t> null_quantity = RequireInt(line, "note", "lines[2].note");
  ASSERT_FALSE(null_quantity.ok());
  EXPECT_EQ(null_quantity.error().message, "lines[2].note is required");
  EXPECT_EQ(FieldOf(null_quantity.error()), "lines[2].note");
}

TEST(FieldReadersTest, RejectWrongTypesNamingTheFullPath) {
  const Value line =
      MustParse(R"({"sku":42,"quantity":1.5,"gift":"yes","big":18446744073709551615})");
  Result<std::string> sku = RequireString(line, "sku", "lines[2].sku");
  ASSERT_FALSE(sku.ok());
  EXPECT_EQ(sku.error().message, "lines[2].sku must be a string");
  EXPECT_EQ(FieldOf(sku.error()), "lines[2].sku");

  Result<int64_t> quantity = RequireInt(line, "quantity");
  ASSERT_FALSE(quantity.ok());
  EXPECT_EQ(quantity.error().message, "quantity must be an integer");
  EXPECT_FALSE(RequireInt(line, "big").ok());
  EXPECT_FALSE(OptionalInt(line, "gift").ok());
  EXPECT_FALSE(OptionalString(line, "quantity").ok());

  Result<std::optional<bool>> gift = OptionalBool(line, "gift");
  ASSERT_FALSE(gift.ok());
  EXPECT_EQ(gift.error().message, "gift must be a boolean");

  Result<const Object*> not_object = RequireObject(MustParse("[1]"), "body");
  ASSERT_FALSE(not_object.ok());
  EXPECT_EQ(not_object.error().message, "body must be an object");
  EXPECT_EQ(FieldOf(not_object.error()), "body");
}

TEST(JsonAppend, MembersAreWrittenAfterACommaUnlessFirst) {
  std::string out = "{";
  AppendMember(out, "id", "ord_1", false);
  AppendNullableMember(out, "customer_id", "");
  AppendNullableMember(out, "note", "a \"b\"");
  AppendMoneyMember(out, "total", Money{.minor = 12999, .currency = Currency::Pln()});
  out += "}";
  EXPECT_EQ(out, R"({"id":"ord_1","customer_id":null,"note":"a \"b\"",)"
                 R"("total":{"amount":12999,"currency":"PLN"}})");
  Result<Value> parsed = Parse(out);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->Find("customer_id")->is_null());
}

}  // namespace
}  // namespace omnihub::json
