-- The journey rollup (issue 13): one row per handoff ever started, merged in
-- the handoff's own commit (mergeJourneyPatch), so the dashboard aggregates
-- these rows and never reads history. Weeks are yyyy-MM-dd Mondays compared
-- as text: "C" keeps that a byte comparison whatever the database's collation.
CREATE TABLE journey_facts (
  handoff_id text PRIMARY KEY,
  week text COLLATE "C" NOT NULL,
  to_team text NOT NULL,
  from_team text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX journey_facts_week ON journey_facts (week);
CREATE INDEX journey_facts_to_team ON journey_facts (to_team, week);
CREATE INDEX journey_facts_from_team ON journey_facts (from_team, week);

-- The audit log across customers, newest first a page at a time: the order
-- of the page cursor (`at|id`, ids in code-unit order), so a page reads its
-- rows off the index instead of sorting the whole history.
CREATE INDEX history_audit_scan ON history (at DESC, entry_id COLLATE "C" DESC) WHERE kind = 'audit';
-- A page filtered by who or what (one person's actions, the rare `sla.breached`)
-- would otherwise walk every audit row newer than its matches.
CREATE INDEX history_audit_actor ON history ((data->'entry'->>'actor'), at DESC, entry_id COLLATE "C" DESC)
  WHERE kind = 'audit';
CREATE INDEX history_audit_action ON history ((data->'entry'->>'action'), at DESC, entry_id COLLATE "C" DESC)
  WHERE kind = 'audit';
