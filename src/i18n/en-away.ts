/** Time off: `/cx away` and `/cx back`, their refusals, and what reminders and cards say about it. */
export const enAway = {
  'help.away': [
    '*/cx away until <YYYY-MM-DD> [backup @person]*: you are away until that day (inclusive); your reminders and new handoffs go to your backup, else your lead.',
    '*/cx back*: you are back before the date; you are asked again at once.',
    'Leads (for their team) and admins: */cx away @person until <YYYY-MM-DD> [backup @other]*, */cx back @person*.',
  ].join('\n'),

  'away.usage':
    'Type `/cx away until 2026-12-24`, or `/cx away until 2026-12-24 backup @colleague` to name who stands in (a lead or admin: `/cx away @person until 2026-12-24`), and `/cx back` to end it.',
  'away.problem.until': 'the date is missing: write `until` and the last day away',
  'away.problem.date': 'the date must be a real day written YYYY-MM-DD, like 2026-12-24',
  'away.problem.backup': 'name the backup with @, like `/cx away until 2026-12-24 backup @priya`',
  'away.problem.extra': 'there are words I did not expect',
  'away.invalid': 'I did not understand that: {problem}. {usage}',

  'away.set.self': 'You are away until {until}.',
  'away.set.other': '{person} is away until {until}.',
  'away.standIn': 'Reminders and new handoffs for {person} go to {standIn} meanwhile.',
  'away.noStandIn':
    'Nobody can stand in for {person} (no backup, and the lead is away or not set): their reminders go to the {team} channel. Name a backup by setting it again with one at the end, like `/cx away until {day} backup @colleague`.',
  'away.back.self': 'Welcome back: reminders and new handoffs come to you again from now on.',
  'away.back.other': '{person} is back: reminders and new handoffs go to them again from now on.',
  'away.back.notAway': '{person} was not away; nothing changed.',

  'away.refuse.pastDate':
    '{until} is already past ({today} is today for {person}). Give today or a later day, like `/cx away until {today}`.',
  'away.refuse.unknownPerson':
    'I do not know anyone called "{query}". Mention a person from Baton\'s config with @, like `/cx away @priya until 2026-12-24`.',
  'away.refuse.unknownBackup':
    'I do not know anyone called "{query}" who could stand in. Name a colleague from Baton\'s config with @, like `/cx away until 2026-12-24 backup @priya`, or leave the backup out and the lead stands in.',
  'away.refuse.sameBackup':
    '{person} cannot stand in for themself. Name a colleague as backup, or leave the backup out and the lead stands in.',
  'away.refuse.notAllowed':
    "Only {person}, the lead of {team} ({lead}) or an admin can set {person}'s time off. Ask one of them, or set your own with `/cx away until YYYY-MM-DD`.",
  'away.refuse.notAllowedNoLead':
    "Only {person} or an admin can set {person}'s time off. Ask one of them, or set your own with `/cx away until YYYY-MM-DD`.",

  'notice.awayFor': 'You stand in for {person}, who is away until {until}.',
  'notice.awayForTeam':
    'For {person}, who is away until {until}, with nobody to stand in: can someone here take it?',
  'card.standIn': '{person} is away until {until}; {standIn} stands in.',
  'card.awayNobody': '{person} is away until {until}; reminders go to the {team} channel.',

  'audit.person.away': '{actor} set time off for {detail}.',
  'audit.person.back': '{actor} ended the time off of {detail}.',
} as const;
