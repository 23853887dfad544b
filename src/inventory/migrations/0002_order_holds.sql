-- The order a hold backs: such a hold is released or confirmed only by that order's transitions,
-- never through the reservations routes (docs/security.md, finding 5).
ALTER TABLE inventory_reservations ADD COLUMN order_id TEXT;
