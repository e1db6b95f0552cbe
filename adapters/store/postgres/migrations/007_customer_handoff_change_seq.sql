-- The dashboard's language coverage is counted from a per-process copy of
-- each customer's team and language and of the live handoffs, brought up to
-- date by asking only for rows changed since its last read, as the journey
-- cache does (005). `changed` is the id of the transaction that last wrote
-- the row, stamped by every insert (the default) and every versioned update
-- (commit.ts). Rows from before this migration keep 0: a cache's first read
-- takes every row.
ALTER TABLE customers ADD COLUMN changed bigint NOT NULL DEFAULT 0;
ALTER TABLE customers ALTER COLUMN changed SET DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX customers_changed ON customers (changed);
ALTER TABLE handoffs ADD COLUMN changed bigint NOT NULL DEFAULT 0;
ALTER TABLE handoffs ALTER COLUMN changed SET DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX handoffs_changed ON handoffs (changed);
