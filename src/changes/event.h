#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "changes/types.h"
#include "core/result.h"
#include "core/schema.h"
#include "core/time.h"
#include "storage/database.h"

// Typed domain events: how a module declares what it appends to the change log and how another
// module reads it. Each module's events.h lists its event types, each a name and a described
// payload struct (core/schema.h), so there is one encoder and one decoder per payload and every
// payload field carries its data class:
//
//   struct OrderChanged { std::string id; Money total; … };          // + Describe()
//   inline constexpr changes::EventType<OrderChanged> kCompleted{
//       .name = "orders.order.completed", .entity_type = "order", .summary = "…"};
//
//   OMNI_TRY(changes::Append(tx, events::kCompleted, payload, {.entity_id = id, …}));  // emitter
//   OMNI_ASSIGN_OR_RETURN(OrderChanged order, changes::Decode(events::kCompleted, change));
//
// Payloads are stored with their schema version (VersionOf<P>()), so a row written before a
// field was added keeps decoding.
namespace omnihub::changes {

template <schema::Described Payload>
struct EventType {
  using PayloadType = Payload;

  std::string_view name;         // module.entity.past_tense: "orders.order.completed"
  std::string_view entity_type;  // what a change's entity_id names: "order"
  std::string_view summary;      // one line for the event catalogue

  constexpr std::string_view module() const { return name.substr(0, name.find('.')); }
};

// What a change is about.
struct Subject {
  std::string_view entity_id;
  std::string_view customer_id;  // the person, "" for none: their timeline, their erasure
  TimePoint occurred_at;
};

// Appends a change of `type` carrying `payload`, in `tx` (changes.h Append): visible to
// readers, with its sequence number, by the time InTransaction returns committed.
// Errors: as storage::Tx::Execute.
template <schema::Described P>
Result<void> Append(storage::Tx& tx, const EventType<P>& type, const P& payload,
                    const Subject& subject);

// True when `change` is of `type`.
template <schema::Described P>
bool Is(const EventType<P>& type, const StoredChange& change) {
  return change.type == type.name;
}

// The payload of a change of `type`, read at the schema version it was written with.
// Errors: kInvalidArgument when the change is of another type, or its payload does not decode
// (details.field names the member: "payload.total.amount").
template <schema::Described P>
Result<P> Decode(const EventType<P>& type, const StoredChange& change);

// One event type, type-erased: what the catalogue, the OpenAPI document and the decode check
// need to know about it.
struct EventInfo {
  std::string_view name;
  std::string_view module;
  std::string_view entity_type;
  std::string_view summary;
  int version = 1;
  std::vector<schema::FieldInfo> (*fields)() = nullptr;
  std::string (*json_schema)() = nullptr;
  // Decodes a payload written at `version` and encodes it again at the current version.
  // Errors: as Decode.
  Result<std::string> (*reencode)(std::string_view payload_json, int version) = nullptr;
  // The same, with the data classes `redaction` hides written as null.
  Result<std::string> (*redacted)(std::string_view payload_json, int version,
                                  schema::Redaction redaction) = nullptr;
};

template <schema::Described P>
EventInfo Info(const EventType<P>& type);

// ---------------------------------------------------------------------------------------------
// Implementation.

// Appends `change` in `tx`, recording the channel of tx's context: what every typed Append ends
// in. Never visible before tx commits. SQLite numbers it at once; on PostgreSQL it waits,
// unnumbered, for the sequencer, which tx's commit runs before InTransaction returns
// (SequencePending), so appending transactions never wait for each other and a reader can
// never pass a sequence number another change will still get. Errors: as storage::Tx::Execute.
Result<void> Append(storage::Tx& tx, const Change& change);

// PostgreSQL: numbers the committed pending changes into the log, oldest append first, in one
// transaction per batch; runs take turns on the sequencer's row, on any node, at any time.
// Returns how many it numbered. Errors: as storage::Database::InTransaction.
Result<int64_t> SequencePending(storage::Database& db);

namespace detail {

template <schema::Described P>
Result<std::string> Redacted(std::string_view payload_json, int version,
                             schema::Redaction redaction) {
  OMNI_ASSIGN_OR_RETURN(P payload, schema::DecodeText<P>(payload_json, version));
  return schema::Encode(payload, redaction);
}

template <schema::Described P>
Result<std::string> Reencode(std::string_view payload_json, int version) {
  return Redacted<P>(payload_json, version, schema::Redaction::None());
}

}  // namespace detail

template <schema::Described P>
Result<void> Append(storage::Tx& tx, const EventType<P>& type, const P& payload,
                    const Subject& subject) {
  return Append(tx, Change{.module = std::string(type.module()),
                           .entity_type = std::string(type.entity_type),
                           .entity_id = std::string(subject.entity_id),
                           .type = std::string(type.name),
                           .payload_json = schema::Encode(payload),
                           .payload_version = schema::VersionOf<P>(),
                           .occurred_at = subject.occurred_at,
                           .customer_id = std::string(subject.customer_id)});
}

template <schema::Described P>
Result<P> Decode(const EventType<P>& type, const StoredChange& change) {
  if (change.type != type.name) {
    return Error::InvalidArgument("type", "is " + change.type + ", not " + std::string(type.name));
  }
  return schema::DecodeText<P>(change.payload_json, change.payload_version);
}

template <schema::Described P>
EventInfo Info(const EventType<P>& type) {
  return EventInfo{.name = type.name,
                   .module = type.module(),
                   .entity_type = type.entity_type,
                   .summary = type.summary,
                   .version = schema::VersionOf<P>(),
                   .fields = &schema::FieldsOf<P>,
                   .json_schema = &schema::JsonSchemaOf<P>,
                   .reencode = &detail::Reencode<P>,
                   .redacted = &detail::Redacted<P>};
}

}  // namespace omnihub::changes
