-- Baton's records are kept whole as JSONB (`data`), so every store returns
-- exactly the shape it was given. What is filtered, ordered, joined or locked
-- on is also a real column, with an index for each hot query.

CREATE TABLE customers (
  id text PRIMARY KEY,
  -- First-insert order: listings come back in the order customers were added.
  seq bigserial NOT NULL,
  version integer NOT NULL,
  name text NOT NULL,
  team text NOT NULL,
  owner text,
  post_purchase boolean NOT NULL,
  contact_due_at timestamptz,
  external_ids jsonb NOT NULL DEFAULT '{}',
  -- Lower-cased domain and contact emails, for webhook look-ups by email.
  match_keys text[] NOT NULL DEFAULT '{}',
  data jsonb NOT NULL
);
CREATE INDEX customers_seq ON customers (seq);
CREATE INDEX customers_team ON customers (team, seq);
CREATE INDEX customers_owner ON customers (owner, seq) WHERE owner IS NOT NULL;
-- `/cx gaps` and the silence check: post-purchase customers whose contact is owed.
CREATE INDEX customers_contact_due ON customers (contact_due_at) WHERE post_purchase;
-- Webhooks look customers up by these on every delivery: without fastupdate a
-- look-up never has to scan a pending list of recent inserts.
CREATE INDEX customers_external_ids ON customers USING gin (external_ids jsonb_path_ops) WITH (fastupdate = off);
CREATE INDEX customers_match_keys ON customers USING gin (match_keys) WITH (fastupdate = off);

CREATE TABLE handoffs (
  id text PRIMARY KEY,
  customer_id text NOT NULL,
  version integer NOT NULL,
  state text NOT NULL,
  -- A closed handoff keeps a tombstone row (data NULL, the record is in
  -- history), so its id can never be created or changed again.
  closed boolean NOT NULL DEFAULT false,
  from_team text NOT NULL,
  to_team text NOT NULL,
  sender text,
  assignee text,
  owner text,
  created_at timestamptz NOT NULL,
  data jsonb
);
CREATE INDEX handoffs_open ON handoffs (created_at) WHERE NOT closed;
CREATE INDEX handoffs_customer ON handoffs (customer_id, created_at) WHERE NOT closed;
CREATE INDEX handoffs_owner ON handoffs (owner, created_at) WHERE NOT closed AND owner IS NOT NULL;
CREATE INDEX handoffs_assignee ON handoffs (assignee, created_at) WHERE NOT closed AND assignee IS NOT NULL;
CREATE INDEX handoffs_sender ON handoffs (sender, created_at) WHERE NOT closed AND sender IS NOT NULL;
CREATE INDEX handoffs_state ON handoffs (state) WHERE NOT closed;

-- Only pending follow-ups are kept: sent and cancelled ones are in the audit history.
CREATE TABLE follow_ups (
  id text PRIMARY KEY,
  customer_id text NOT NULL,
  handoff_id text,
  person text,
  status text NOT NULL,
  due_at timestamptz NOT NULL,
  lease_until timestamptz,
  lease_owner text,
  data jsonb NOT NULL
);
-- The scheduler's claim. A row is claimable from the later of its due time
-- and its lease end (GREATEST skips a NULL lease): leased rows sort after the
-- claimable ones, so a claim reads what it takes, not every row leased before.
CREATE INDEX follow_ups_claimable ON follow_ups (GREATEST(due_at, lease_until)) WHERE status = 'pending';
CREATE INDEX follow_ups_handoff ON follow_ups (handoff_id) WHERE handoff_id IS NOT NULL;
CREATE INDEX follow_ups_customer ON follow_ups (customer_id);
CREATE INDEX follow_ups_person ON follow_ups (person) WHERE person IS NOT NULL;

-- Sent deliveries stay (with the platform's message id) until pruned: their
-- key keeps a retried enqueue from posting the same message twice.
CREATE TABLE deliveries (
  id text PRIMARY KEY,
  key text NOT NULL UNIQUE,
  status text NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  lease_until timestamptz,
  lease_owner text,
  data jsonb NOT NULL
);
CREATE INDEX deliveries_claimable ON deliveries (GREATEST(next_attempt_at, lease_until)) WHERE status = 'pending';
CREATE INDEX deliveries_unsent ON deliveries (status, created_at) WHERE status <> 'sent';
CREATE INDEX deliveries_sent ON deliveries (sent_at) WHERE status = 'sent';

CREATE TABLE card_refs (
  id text PRIMARY KEY,
  handoff_id text NOT NULL,
  posted_at timestamptz NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX card_refs_handoff ON card_refs (handoff_id, posted_at);

-- Webhook deliveries by the sender's own id: the primary key is the dedupe.
CREATE TABLE inbound (
  source text NOT NULL,
  id text NOT NULL,
  status text NOT NULL,
  received_at timestamptz NOT NULL,
  lease_until timestamptz,
  lease_owner text,
  data jsonb NOT NULL,
  PRIMARY KEY (source, id)
);
CREATE INDEX inbound_claimable ON inbound (GREATEST(received_at, lease_until)) WHERE status = 'pending';
CREATE INDEX inbound_done ON inbound (received_at) WHERE status <> 'pending';

CREATE TABLE kv (
  ns text NOT NULL,
  key text NOT NULL,
  seq bigserial NOT NULL,
  value jsonb NOT NULL,
  PRIMARY KEY (ns, key)
);

-- Audit entries, touchpoints and closed handoffs: append-only but for erasure.
CREATE TABLE history (
  seq bigserial PRIMARY KEY,
  customer_id text,
  kind text NOT NULL,
  entry_id text NOT NULL,
  at timestamptz NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX history_customer ON history (customer_id, at, seq) WHERE customer_id IS NOT NULL;
CREATE INDEX history_closed_handoff ON history (entry_id, seq) WHERE kind = 'handoff';
