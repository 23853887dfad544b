-- Checkout details set before checkout (SetContact, SetPayment, SetRedeemPoints), the parcel
-- locker, and the order a checked-out cart became. Empty text is stored as NULL.
ALTER TABLE carts_carts ADD COLUMN locker_id TEXT;
ALTER TABLE carts_carts ADD COLUMN contact_email TEXT;
ALTER TABLE carts_carts ADD COLUMN contact_phone TEXT;
ALTER TABLE carts_carts ADD COLUMN contact_name TEXT;
ALTER TABLE carts_carts ADD COLUMN contact_address TEXT;
ALTER TABLE carts_carts ADD COLUMN payment_method TEXT;
ALTER TABLE carts_carts ADD COLUMN payment_reference TEXT;
ALTER TABLE carts_carts ADD COLUMN redeem_points BIGINT NOT NULL DEFAULT 0;
ALTER TABLE carts_carts ADD COLUMN order_id TEXT;
