-- Least-loaded assignment counts a team's live handoffs per holder (owner,
-- else assignee): an index on exactly that, so the count reads the team's
-- entries for the people asked instead of every open handoff.
CREATE INDEX handoffs_live_load ON handoffs (to_team, (COALESCE(owner, assignee)))
  WHERE NOT closed AND state IN ('open', 'accepted');
