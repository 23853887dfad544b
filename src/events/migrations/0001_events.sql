-- Every stored event, in arrival order (seq). Times are unix microseconds; money is integer
-- minor units of `currency`; properties, traits and context are JSON text as sent.
CREATE TABLE events_events (
  seq AUTO_PK,
  id TEXT NOT NULL UNIQUE,
  message_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  customer_id TEXT,
  type TEXT NOT NULL,
  event_name TEXT,
  user_id TEXT,
  anonymous_id TEXT,
  previous_id TEXT,
  group_id TEXT,
  timestamp BIGINT NOT NULL,
  original_timestamp BIGINT,
  sent_at BIGINT,
  received_at BIGINT NOT NULL,
  properties TEXT NOT NULL,
  traits TEXT NOT NULL,
  context TEXT NOT NULL,
  order_id TEXT,
  revenue_minor BIGINT,
  currency TEXT,
  product_count BIGINT
);
CREATE INDEX events_events_customer ON events_events (customer_id, seq);
CREATE INDEX events_events_type ON events_events (type, seq);
CREATE INDEX events_events_message ON events_events (channel_id, message_id);

-- The products of e-commerce events, by their place in `products`.
CREATE TABLE events_products (
  event_id TEXT NOT NULL,
  position BIGINT NOT NULL,
  product_id TEXT,
  sku TEXT,
  quantity BIGINT,
  price_minor BIGINT,
  PRIMARY KEY (event_id, position)
);

-- messageIds seen per channel within the dedup window; a row older than the window no longer
-- counts and is purged.
CREATE TABLE events_dedup (
  channel_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (channel_id, message_id)
);
CREATE INDEX events_dedup_received ON events_dedup (received_at);

-- Events refused inside otherwise accepted batches: what a developer debugging a source reads.
CREATE TABLE events_rejections (
  seq AUTO_PK,
  channel_id TEXT NOT NULL,
  request_id TEXT,
  received_at BIGINT NOT NULL,
  index_in_batch BIGINT NOT NULL,
  code TEXT NOT NULL,
  field TEXT,
  message TEXT NOT NULL,
  raw_excerpt TEXT NOT NULL
);
CREATE INDEX events_rejections_channel ON events_rejections (channel_id, seq);
