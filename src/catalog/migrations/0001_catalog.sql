-- Categories form a tree by parent_slug; a slug never changes.
CREATE TABLE catalog_categories (
  slug TEXT PRIMARY KEY,
  parent_slug TEXT REFERENCES catalog_categories (slug),
  name_pl TEXT NOT NULL,
  name_en TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- attributes is a JSON object of strings, images a JSON array of URLs.
CREATE TABLE catalog_products (
  seq AUTO_PK,
  id TEXT NOT NULL UNIQUE,
  title_pl TEXT NOT NULL,
  title_en TEXT NOT NULL,
  description_pl TEXT NOT NULL,
  description_en TEXT NOT NULL,
  status TEXT NOT NULL,
  attributes TEXT NOT NULL,
  images TEXT NOT NULL,
  search_text TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX catalog_products_status ON catalog_products (status, seq);

CREATE TABLE catalog_product_categories (
  product_id TEXT NOT NULL REFERENCES catalog_products (id),
  slug TEXT NOT NULL REFERENCES catalog_categories (slug),
  position BIGINT NOT NULL,
  PRIMARY KEY (product_id, slug)
);
CREATE INDEX catalog_product_categories_slug ON catalog_product_categories (slug, product_id);

-- sku is canonical (trimmed, upper-case) and unique across the catalogue. gtin14 is the GTIN
-- zero-padded to 14 digits, so an EAN-13 and the same UPC-12 collide as they should.
CREATE TABLE catalog_variants (
  sku TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES catalog_products (id),
  position BIGINT NOT NULL,
  gtin TEXT,
  gtin14 TEXT UNIQUE,
  attributes TEXT NOT NULL,
  list_price_minor BIGINT,
  list_price_currency TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX catalog_variants_product ON catalog_variants (product_id, position);
