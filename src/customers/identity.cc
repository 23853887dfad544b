#include "customers/identity.h"

#include <phonenumbers/phonenumberutil.h>

#include <array>

#include "core/check.h"
#include "core/hash.h"

namespace omnihub::customers {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

constexpr size_t kMaxValueLength = 256;
constexpr size_t kMaxEmailLength = 254;
constexpr size_t kMaxPhoneInput = 64;
constexpr size_t kMaxNamespaceLength = 64;

// The `namespace` sibling of a field path: "identifiers[1].value" -> "identifiers[1].namespace";
// a field of another shape (a query parameter) names both parts itself.
std::string NamespaceField(std::string_view field) {
  if (!field.ends_with("value")) {
    return std::string(field);
  }
  field.remove_suffix(5);
  return std::string(field) + "namespace";
}

Result<std::string> NormalizeEmail(std::string_view raw, std::string_view field) {
  std::string email = AsciiLower(Trim(raw));
  const size_t at = email.find('@');
  const size_t dot = at == std::string::npos ? at : email.rfind('.');
  const bool looks_right = at != std::string::npos && at > 0 &&
                           email.find('@', at + 1) == email.npos && dot != std::string::npos &&
                           dot > at + 1 && dot + 1 < email.size();
  if (!looks_right || email.size() > kMaxEmailLength || HasControl(email) ||
      email.find(' ') != std::string::npos) {
    return Error::InvalidArgument(field, "must be an e-mail address like name@example.com");
  }
  return email;
}

Result<std::string> NormalizePhone(std::string_view raw, std::string_view region,
                                   std::string_view field) {
  const std::string_view text = Trim(raw);
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (text.empty() || text.size() > kMaxPhoneInput ||
      util.Parse(std::string(text), std::string(region), &number) !=
          PhoneNumberUtil::NO_PARSING_ERROR ||
      !util.IsValidNumber(number)) {
    return Error::InvalidArgument(field, "must be a valid phone number")
        .With("default_region", std::string(region));
  }
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  return e164;
}

}  // namespace

Result<Identifier> Normalize(const Identifier& id, std::string_view default_region,
                             std::string_view field) {
  Identifier out{.type = id.type};
  const bool namespaced =
      id.type == IdentifierType::kSocial || id.type == IdentifierType::kExternal;
  if (namespaced) {
    out.ns = AsciiLower(Trim(id.ns));
    if (out.ns.empty() || out.ns.size() > kMaxNamespaceLength || HasControl(out.ns)) {
      return Error::InvalidArgument(NamespaceField(field),
                                    "must name the network or system (1 to 64 characters)");
    }
  } else if (!Trim(id.ns).empty()) {
    return Error::InvalidArgument(NamespaceField(field), "is only for social and external");
  }
  switch (id.type) {
    case IdentifierType::kEmail: {
      OMNI_ASSIGN_OR_RETURN(out.value, NormalizeEmail(id.value, field));
      return out;
    }
    case IdentifierType::kPhone: {
      OMNI_ASSIGN_OR_RETURN(out.value, NormalizePhone(id.value, default_region, field));
      return out;
    }
    default:
      break;
  }
  std::string_view value = Trim(id.value);
  if (id.type == IdentifierType::kSocial && value.starts_with('@')) {
    value.remove_prefix(1);  // "@jan" and "jan" are the same handle
  }
  if (value.empty() || value.size() > kMaxValueLength || HasControl(value)) {
    return Error::InvalidArgument(field, "must be 1 to 256 characters without control characters");
  }
  out.value = id.type == IdentifierType::kSocial ? AsciiLower(value) : std::string(value);
  return out;
}

int Priority(IdentifierType type) {
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
    case IdentifierType::kAnonymousId:
    case IdentifierType::kPreviousId:
      return 7;
  }
  OMNI_CHECK(false, "every IdentifierType has a priority");
}

std::string ErasureHash(const Identifier& id) {
  return Sha256Hex({NameOf(id.type), ":", id.ns, ":", id.value});
}

std::vector<std::string> SearchTermsOf(const Identifier& id) {
  if (id.type == IdentifierType::kEmail) {
    return {id.value};
  }
  if (id.type != IdentifierType::kPhone) {
    return {};
  }
  std::vector<std::string> terms = {id.value, id.value.substr(1)};
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util.Parse(id.value, "ZZ", &number) == PhoneNumberUtil::NO_PARSING_ERROR) {
    std::string national;
    util.GetNationalSignificantNumber(number, &national);
    terms.push_back(national);
  }
  return terms;
}

std::vector<std::string> NameTerms(std::string_view name) {
  const std::string whole = AsciiLower(Trim(name));
  std::vector<std::string> terms;
  size_t start = 0;
  while (start < whole.size()) {
    size_t end = start;
    while (end < whole.size() && !IsAsciiSpace(whole[end])) {
      ++end;
    }
    if (end > start) {
      terms.push_back(whole.substr(start, end - start));
    }
    start = end + 1;
  }
  if (terms.size() > 1) {
    terms.push_back(whole);
  }
  return terms;
}

std::string SearchPrefix(std::string_view q) {
  std::string text = AsciiLower(Trim(q));
  bool phone_like = !text.empty();
  bool has_digit = false;
  for (char c : text) {
    has_digit = has_digit || (c >= '0' && c <= '9');
    if (!((c >= '0' && c <= '9') || c == '+' || c == ' ' || c == '-' || c == '.' || c == '(' ||
          c == ')')) {
      phone_like = false;
    }
  }
  if (!phone_like || !has_digit) {
    return text;
  }
  std::string digits;
  for (char c : text) {
    if ((c >= '0' && c <= '9') || c == '+') {
      digits += c;
    }
  }
  return digits;
}

}  // namespace omnihub::customers
