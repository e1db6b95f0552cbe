-- The dashboard reads the journey rollup from a per-process cache and asks
-- only for rows changed since its last read (issue 13). `seq` is the full
-- transaction id (xid8 as bigint) of the commit that last wrote the row: ids
-- grow, and a reader's snapshot says exactly which ids may still be in flight
-- (everything from its xmin up), so a transaction that took a lower id and
-- commits after a higher one was read is still caught by the next read. A
-- sequence would be filled at the same point but could not tell that. Rows
-- from before this migration keep 0: a cache's first read takes every row.
ALTER TABLE journey_facts ADD COLUMN seq bigint NOT NULL DEFAULT 0;
ALTER TABLE journey_facts ALTER COLUMN seq SET DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX journey_facts_seq ON journey_facts (seq);
