CREATE TABLE pricing_price_lists (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  currency TEXT NOT NULL,
  priority BIGINT NOT NULL,
  channel_id TEXT,
  valid_from BIGINT,
  valid_to BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE pricing_prices (
  price_list_id TEXT NOT NULL REFERENCES pricing_price_lists (id),
  sku TEXT NOT NULL,
  gross_minor BIGINT NOT NULL,
  vat_rate BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (sku, price_list_id)
);

CREATE TABLE pricing_promotions (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  level TEXT NOT NULL,
  percent_bp BIGINT NOT NULL,
  amount_minor BIGINT,
  currency TEXT,
  buy_quantity BIGINT NOT NULL,
  free_quantity BIGINT NOT NULL,
  skus TEXT NOT NULL,
  category_ids TEXT NOT NULL,
  min_basket_minor BIGINT,
  segment_id TEXT,
  channel_id TEXT,
  valid_from BIGINT,
  valid_to BIGINT,
  priority BIGINT NOT NULL,
  stackable BIGINT NOT NULL,
  requires_coupon BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE pricing_coupons (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  promotion_id TEXT NOT NULL REFERENCES pricing_promotions (id),
  once_per_customer BIGINT NOT NULL,
  max_uses BIGINT,
  uses BIGINT NOT NULL,
  channel_id TEXT,
  valid_from BIGINT,
  valid_to BIGINT,
  created_at BIGINT NOT NULL
);

-- customer_key is the customer for once-per-customer coupons and the redemption id otherwise,
-- so the unique key is the single-use rule and nothing more.
CREATE TABLE pricing_coupon_redemptions (
  id TEXT PRIMARY KEY,
  coupon_id TEXT NOT NULL REFERENCES pricing_coupons (id),
  customer_id TEXT NOT NULL,
  customer_key TEXT NOT NULL,
  order_ref TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  redeemed_at BIGINT NOT NULL,
  UNIQUE (coupon_id, customer_key)
);
CREATE INDEX pricing_coupon_redemptions_customer
  ON pricing_coupon_redemptions (customer_id, coupon_id);
