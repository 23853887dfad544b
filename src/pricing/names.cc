#include <algorithm>

#include "core/text.h"
#include "pricing/pricing_service.h"
#include "pricing/types.h"

namespace omnihub::pricing {

bool IsVatRate(int64_t percent) {
  return std::find(std::begin(kVatRates), std::end(kVatRates), percent) != std::end(kVatRates);
}

Result<void> CheckValidity(const Validity& validity, std::string_view field) {
  if (validity.from && validity.to && *validity.to <= *validity.from) {
    return Error::InvalidArgument(field, "must be after valid_from");
  }
  return Ok();
}

std::string NormalizeCode(std::string_view code) { return AsciiUpper(code); }

}  // namespace omnihub::pricing
