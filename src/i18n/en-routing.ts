/** Routing customers by their language: the card's banner, the messages to speakers and leads, the timeline. */
export const enRouting = {
  'card.languageGap': 'Nobody in {team} speaks {language}',
  'routing.speakerTitle': 'A customer who speaks {language} is waiting: {customer}',
  'routing.speakerText':
    '{customer} prefers {language} and is waiting to be claimed in {team}. You serve customers in {language}: accept to take them.',
  'routing.gapTitle': 'Nobody in {team} speaks {language}: {customer}',
  'routing.gapText':
    '{customer} prefers {language}, and nobody in {team} who can take them today serves customers in {language}. Reassign them to someone who speaks it, or add a speaker to the team in the config.',
  'audit.handoff.languageGap': 'Nobody in {team} speaks {detail}: Baton told {who} at once.',
} as const;
