-- allocations: where each line's units come from and their holds (JSON array, codec.cc);
-- sourcing: why (JSON object). Earlier orders kept their holds in lines[].hold_id.
ALTER TABLE orders_orders ADD COLUMN allocations TEXT NOT NULL DEFAULT '[]';
ALTER TABLE orders_orders ADD COLUMN sourcing TEXT NOT NULL DEFAULT '{}';
ALTER TABLE orders_orders ADD COLUMN pickup_expires_at BIGINT;
ALTER TABLE orders_orders ADD COLUMN cancel_reason TEXT;
ALTER TABLE orders_orders ADD COLUMN cart_id TEXT;
CREATE INDEX orders_pickup_due ON orders_orders (pickup_expires_at);

-- One row per SKU of every order that is not cancelled, with its buyer: what "customers who
-- bought this also bought" counts.
CREATE TABLE orders_items (
  order_id TEXT NOT NULL REFERENCES orders_orders (id),
  sku TEXT NOT NULL,
  customer_id TEXT,
  PRIMARY KEY (order_id, sku)
);
CREATE INDEX orders_items_by_sku ON orders_items (sku, customer_id);
CREATE INDEX orders_items_by_customer ON orders_items (customer_id, sku);
