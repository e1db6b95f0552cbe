/** The escalation ladder: the card's marks and the dashboard's column. */
export const enLadder = {
  'ladder.card.person': 'Escalated to {who} on {when}',
  'ladder.card.team': 'Escalated to the {team} channel on {when}',
  'ladder.dash.col': 'Escalated',
  'ladder.dash.person': '{who} ({when})',
  'ladder.dash.team': '{team} channel ({when})',
} as const;
