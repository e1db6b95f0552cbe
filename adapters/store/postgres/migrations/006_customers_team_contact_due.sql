-- The dashboard's gaps page of one team (a member's, or a team picked by a
-- lead), a page at a time in contact-due order, and its count: without this
-- they walk every late customer of all teams in customers_contact_due.
CREATE INDEX customers_team_contact_due ON customers (team, contact_due_at) WHERE post_purchase;
