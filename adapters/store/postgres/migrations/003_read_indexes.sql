-- The reads behind "mine" and assignment load: a team's handoffs in some
-- states, and the claimable ones (open, no one asked to accept) on their
-- own, so neither walks every handoff of a team.
CREATE INDEX handoffs_team_state ON handoffs (to_team, state, created_at) WHERE NOT closed;
CREATE INDEX handoffs_claimable ON handoffs (to_team, created_at)
  WHERE NOT closed AND state = 'open' AND assignee IS NULL;
