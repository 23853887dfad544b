-- The last purchase, from orders.order.completed (subscription
-- customers.computed_on_order_completed); a merge keeps the later one.
ALTER TABLE customers_profiles ADD COLUMN last_purchase_at BIGINT;
ALTER TABLE customers_profiles ADD COLUMN last_purchase_channel_id TEXT;

-- The completed orders counted in a profile's orders_count and revenue_minor, so a replayed
-- completion counts once. customer_id is the counting profile (rows move on merge).
CREATE TABLE customers_counted_orders (
  order_id TEXT NOT NULL PRIMARY KEY,
  customer_id TEXT NOT NULL,
  counted_at BIGINT NOT NULL
);
CREATE INDEX customers_counted_orders_customer ON customers_counted_orders (customer_id);
