#include "events/service.h"
#include "changes/changes.h"
#include "events/codec.h"
#include "events/events.h"
#include "events/store.h"

namespace omnihub::events {
namespace {

class EventsServiceImpl final : public EventsService {
 public:
  EventsServiceImpl(const Clock& clock, customers::CustomersService& customers, Options options)
      : clock_(clock), customers_(customers), options_(std::move(options)) {}

  Result<Batch> Decode(const IngestRequest& request) const override {
    if (request.body == nullptr) {
      return Error::InvalidArgument("body", "is required");
    }
    // A single event's own limit (event_too_large) is the tighter one on its routes.
    if (!request.type && request.body_bytes > options_.max_batch_bytes) {
      return Error::Make(ErrorCode::kBatchTooLarge, "the request is " +
                                                        std::to_string(request.body_bytes) +
                                                        " bytes, over the limit of " +
                                                        std::to_string(options_.max_batch_bytes))
          .With("limit", static_cast<int64_t>(options_.max_batch_bytes));
    }
    const TimePoint now = clock_.Now();
    if (!request.type) {
      return DecodeBatch(*request.body, now, options_);
    }
    OMNI_ASSIGN_OR_RETURN(Event event, DecodeSingle(*request.body, *request.type, now, options_));
    Batch batch;
    batch.received_at = now;
    batch.events.push_back(std::move(event));
    return batch;
  }

  Result<IngestResult> Ingest(storage::Tx& tx, std::string_view channel_id, const Batch& batch,
                              bool identity_verified) override {
    const int64_t window_start = UnixMicros(clock_.Now() - options_.dedup_window);
    IngestResult result;
    result.event_ids.reserve(batch.events.size());
    for (const Event& event : batch.events) {
      // A generated messageId is new by construction; only the sender's can be a retry.
      if (!event.message_id_generated) {
        OMNI_ASSIGN_OR_RETURN(bool fresh,
                              store::MarkSeen(tx, channel_id, event.message_id,
                                              UnixMicros(event.received_at), window_start));
        if (!fresh) {
          ++result.duplicates;
          continue;
        }
      }
      std::string id = EventId::Generate(event.received_at).str();
      OMNI_ASSIGN_OR_RETURN(customers::Resolution who,
                            customers_.Observe(tx, {.identifiers = event.identifiers,
                                                    .traits = event.person_traits,
                                                    .consents = event.consents,
                                                    .channel_id = std::string(channel_id),
                                                    .event_id = id,
                                                    .event_type = std::string(NameOf(event.type)),
                                                    .occurred_at = event.timestamp,
                                                    .verified = identity_verified}));
      if (who.suppressed) {
        ++result.suppressed;
        continue;
      }
      OMNI_TRY(store::InsertEvent(tx, id, channel_id, who.customer_id, event));
      OMNI_TRY(store::InsertProducts(tx, id, event.commerce.products));
      const StoredIds ids{.id = id, .channel_id = channel_id, .customer_id = who.customer_id};
      OMNI_TRY(changes::Append(
          tx, events::kEventReceived, ReceivedChange(ids, event),
          {.entity_id = id, .customer_id = who.customer_id, .occurred_at = event.timestamp}));
      ++result.stored;
      result.event_ids.push_back(std::move(id));
    }
    const std::string& request_id = tx.context().request_id;
    for (const Rejection& rejection : batch.rejections) {
      OMNI_TRY(store::InsertRejection(tx, channel_id, request_id, UnixMicros(batch.received_at),
                                      rejection));
    }
    result.rejections = batch.rejections;
    return result;
  }

  Result<std::vector<StoredEvent>> ListEvents(storage::Tx& tx, const EventQuery& query) override {
    std::vector<std::string> customer_ids;
    if (!query.customer_id.empty()) {
      OMNI_ASSIGN_OR_RETURN(std::string survivor, customers_.SurvivorOf(tx, query.customer_id));
      OMNI_ASSIGN_OR_RETURN(customer_ids, customers_.MergedIds(tx, survivor));
    }
    return store::SelectEvents(tx, query, customer_ids);
  }

  Result<std::vector<StoredRejection>> ListRejections(storage::Tx& tx,
                                                      const RejectionQuery& query) override {
    return store::SelectRejections(tx, query);
  }

  Result<std::string> ExportJson(storage::Tx& tx,
                                 const std::vector<std::string>& customer_ids) override {
    json::Writer w;
    w.BeginArray();
    if (!customer_ids.empty()) {
      EventQuery page{.after = 0, .limit = 1000};
      for (;;) {
        OMNI_ASSIGN_OR_RETURN(std::vector<StoredEvent> events,
                              store::SelectEvents(tx, page, customer_ids));
        for (const StoredEvent& stored : events) {
          WriteEvent(w, {stored.seq, stored.id, stored.channel_id, stored.customer_id},
                     stored.event, true);
        }
        if (static_cast<int>(events.size()) < page.limit) {
          break;
        }
        page.after = events.back().seq;
      }
    }
    w.EndArray();
    return w.Take();
  }

  Result<int64_t> Erase(storage::Tx& tx, const std::vector<std::string>& customer_ids,
                        const std::vector<std::string>& identifiers) override {
    OMNI_ASSIGN_OR_RETURN(int64_t touched, store::PseudonymiseEvents(tx, customer_ids));
    for (const std::string& needle : identifiers) {
      if (needle.empty()) {
        continue;  // would match every record
      }
      OMNI_ASSIGN_OR_RETURN(int64_t deleted, store::DeleteRejectionsContaining(tx, needle));
      touched += deleted;
    }
    return touched;
  }

  Result<int64_t> PurgeDedup(storage::Tx& tx) override {
    return store::DeleteDedupBefore(tx, UnixMicros(clock_.Now() - options_.dedup_window));
  }

 private:
  const Clock& clock_;
  customers::CustomersService& customers_;
  const Options options_;
};

}  // namespace

std::unique_ptr<EventsService> NewEventsService(const Clock& clock,
                                                customers::CustomersService& customers,
                                                Options options) {
  return std::make_unique<EventsServiceImpl>(clock, customers, std::move(options));
}

}  // namespace omnihub::events
