-- A person's carts, for their export and erasure.
CREATE INDEX carts_by_customer ON carts_carts (customer_id);
