#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "customers/customers.h"

// Identifier helpers private to the module: matching priority, the erasure hash, search terms.
namespace omnihub::customers {

// Lower is stronger. Orders the owners an observation finds (README.md, rule c):
// user_id > customer_number > card > email > phone > external > social > anonymous_id and
// previous_id.
int Priority(IdentifierType type);

// Hex SHA-256 of "type:ns:value" of a normalised identifier: what the suppression list keeps.
std::string ErasureHash(const Identifier& id);

// The search terms an identifier adds: an e-mail itself; a phone's E.164 form, its digits and
// its national number. Empty for other types.
std::vector<std::string> SearchTermsOf(const Identifier& id);
// The terms of a name: each word, and the whole, lower-cased.
std::vector<std::string> NameTerms(std::string_view name);
// A search box's text as a term prefix: trimmed and lower-cased; a phone-like text (digits,
// spaces, '+', '-', '.', parentheses) keeps only its digits and '+'.
std::string SearchPrefix(std::string_view q);

}  // namespace omnihub::customers
