-- Points per action (ActionRule): a JSON array of {"action","points","max_per_customer"},
-- e.g. [{"action":"product_review","points":50,"max_per_customer":10}]. None by default.
ALTER TABLE loyalty_programme ADD COLUMN actions TEXT NOT NULL DEFAULT '[]';
