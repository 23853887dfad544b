// Payments made elsewhere (terminal, BLIK, bank, till), recorded against an order.
#include "changes/changes.h"
#include "core/card_number.h"
#include "orders/codec.h"
#include "orders/events.h"
#include "orders/order_service.h"
#include "orders/store.h"

namespace omnihub::orders {

namespace {

Result<void> CheckPayment(const NewPayment& req) {
  if (req.amount.minor <= 0) {
    return Error::InvalidArgument("amount", "must be positive");
  }
  if (req.reference.size() > 200) {
    return Error::InvalidArgument("reference", "must be at most 200 characters");
  }
  // The HTTP layer refuses card numbers in every body; this guards the other callers.
  if (ContainsCardNumber(req.reference)) {
    return Error::Make(ErrorCode::kCardNumberForbidden,
                       "reference looks like a card number: record the provider's reference")
        .With("field", std::string("reference"));
  }
  return Ok();
}

}  // namespace

Result<PaymentResult> OrderServiceImpl::RecordPayment(storage::Tx& tx, std::string_view order_id,
                                                      const NewPayment& req) {
  OMNI_TRY(CheckPayment(req));  // before the lock: a bad request waits for nobody
  OMNI_ASSIGN_OR_RETURN(Order order, Lock(tx, order_id));
  return RecordPayment(tx, std::move(order), req);
}

Result<PaymentResult> OrderServiceImpl::RecordPayment(storage::Tx& tx, Order order,
                                                      const NewPayment& req) {
  OMNI_TRY(CheckPayment(req));
  if (req.amount.currency.code() != order.currency) {
    return Error::InvalidArgument("amount.currency",
                                  "must be the order's currency, " + order.currency);
  }
  if (order.state == OrderState::kCancelled) {
    return Error::Conflict("order " + order.number + " is cancelled")
        .With("reason", std::string("order_cancelled"))
        .With("current_state", std::string("cancelled"));
  }
  const int64_t outstanding = order.total.minor - order.paid.minor;
  if (req.status != PaymentStatus::kFailed) {
    if (outstanding <= 0) {
      return Error::Conflict("order " + order.number + " is already fully paid")
          .With("reason", std::string("already_paid"))
          .With("outstanding", int64_t{0});
    }
    if (req.amount.minor > outstanding) {
      return Error::Conflict("the payment of " + std::to_string(req.amount.minor) +
                             " is more than the " + std::to_string(outstanding) +
                             " outstanding on order " + order.number)
          .With("reason", std::string("overpayment"))
          .With("outstanding", outstanding);
    }
  }
  const TimePoint now = clock_.Now();
  Payment payment{.id = PaymentId::Generate(now),
                  .order_id = order.id.str(),
                  .method = req.method,
                  .amount = req.amount,
                  .reference = req.reference,
                  .status = req.status,
                  .created_at = now};
  OMNI_TRY(store::InsertPayment(tx, payment));
  if (req.status == PaymentStatus::kCaptured) {
    order.paid.minor += req.amount.minor;
  }
  OMNI_TRY(changes::Append(
      tx, events::kPaymentRecorded,
      events::PaymentRecorded{.payment = payment,
                              .order = events::ChangeOf(order),
                              .paid = order.paid.minor,
                              .outstanding = order.total.minor - order.paid.minor},
      {.entity_id = order.id.str(), .customer_id = order.customer_id, .occurred_at = now}));
  return PaymentResult{.payment = std::move(payment), .order = std::move(order)};
}

Result<std::vector<Payment>> OrderServiceImpl::ListPayments(storage::Tx& tx,
                                                            std::string_view order_id) {
  OMNI_TRY(Get(tx, order_id));
  return store::SelectPayments(tx, order_id);
}

}  // namespace omnihub::orders
