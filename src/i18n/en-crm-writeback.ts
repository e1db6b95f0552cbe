/** What Baton writes on the record in a system of record when a handoff moves (issue 15). */
export const enCrmWriteback = {
  'crm.subject.accepted': 'Baton: handoff accepted',
  'crm.subject.reassigned': 'Baton: handoff reassigned',
  'crm.subject.contacted': 'Baton: first contact logged',
  'crm.subject.declined': 'Baton: handoff declined',
  'crm.body.accepted': 'Baton: {customer} accepted by {actor} ({team}) on {at}.',
  'crm.body.reassigned': 'Baton: {customer} reassigned to {detail} ({team}) by {actor} on {at}.',
  'crm.body.contacted': 'Baton: first contact with {customer} logged by {actor} ({team}, {detail}) on {at}.',
  'crm.body.declined': 'Baton: {customer} declined by {actor} ({team}) on {at}. Reason: {detail}',
} as const;
