/**
 * The context card's words. Korean particles after a placeholder are written
 * in the ko catalog only (see josa.ts); English strings never need them.
 */
export const enCards = {
  'state.proposed': 'Proposed: confirm to send {customer} to {team}',
  'state.open': 'Open: waiting for {team} to accept',
  'state.openAssigned': 'Open: waiting for {person} ({team}) to accept',
  'state.accepted': 'Accepted by {person} · {when}',
  'state.contacted': 'First contact logged by {person} · {when}',
  'state.contactedNoOwner': 'First contact logged for {team} · {when}',
  'state.done': 'Done: {customer} is with {team} now',
  'state.declined': 'Declined by {person}: {reason}. It went back to {sender}.',
  'state.declinedNoReason': 'Declined by {person}. It went back to {sender}.',
  'state.cancelled': 'Cancelled: this handoff will not go ahead',
  'state.cancelledCadence':
    'Cancelled: this handoff will not go ahead. {customer} stays with {who}, on its contact cadence: next contact due {when}',
  'state.cancelledGap':
    'Cancelled: this handoff will not go ahead. {customer} stays with {team}, which has no contact cadence, so /cx gaps lists them until someone logs a contact',
  'state.cancelledHandoff':
    'Cancelled: this handoff will not go ahead. {customer} waits for the handoff to {team} instead',
  'nudge.declined':
    '{team} declined {customer} and the customer still has no first contact. Send it again with what was missing, or cancel it.',
  'escalation.declined':
    '{team} declined the handoff of {customer} from {from}; {sender} has not sent it again or cancelled it, and the customer still has no first contact.',

  'stateName.proposed': 'proposed',
  'stateName.open': 'open',
  'stateName.accepted': 'accepted',
  'stateName.contacted': 'contacted',
  'stateName.done': 'done',
  'stateName.declined': 'declined',
  'stateName.cancelled': 'cancelled',

  'field.summary': 'Summary',
  'field.promises': 'Promises made',
  'field.dealValue': 'Deal value',
  'field.goLiveDate': 'Go-live date',
  'field.keyContact': 'Key contact',
  'field.risks': 'Risks',
  'field.language': 'Language',
  'field.links': 'Links',

  'action.confirm': 'Start handoff',
  'action.accept': 'Accept',
  'action.decline': 'Decline',
  'action.reassign': 'Reassign',
  'action.contact': 'Log contact',
  'action.snooze': 'Snooze',
  'action.complete': 'Complete',
  'action.cancel': 'Cancel',
  'action.resend': 'Send again',

  'card.title': '{customer}: {from} → {to}',
  'card.titleSameTeam': '{customer}: {team}',
  'card.handedOverBy': 'Handed over by {person} · {when}',
  'card.startedByEvent': 'Started by a {system} event · {when}',
  'card.startedBySilence': 'Started by Baton after too long without contact · {when}',
  'card.startedBySystem': 'Started by Baton · {when}',
  'card.lastContact': 'Last contact',
  'card.neverContacted': 'Never contacted',
  'card.acceptBy': 'Accept by',
  'card.firstContactBy': 'First contact by',
  'card.deadlineOverdue': '{when} (overdue)',
  'card.owner': 'Owner',
  'card.assignee': 'Assigned to',
  'card.anyoneInTeam': 'Anyone in {team} (first to accept)',
  'card.noteFrom': 'Note from {person}',
  'card.notes': 'Notes',
  'card.noteLine': '{person}, {when}: {text}',
  'card.missing': 'Missing context',
  'card.missingText': '{fields}. Ask {person} to add it, or decline with a reason.',
  'card.crmRecord': '{system} record',
  'card.fallback': '{title} · {status}',

  'language.notice': 'Customer prefers {language}: answer in {language}',
  'language.noticeSame': 'Customer speaks {language}',
  'language.label': '{language} ({native})',

  'channel.call': 'call',
  'channel.email': 'email',
  'channel.chat': 'chat',
  'channel.meeting': 'meeting',
  'channel.note': 'note',
  'channel.event': 'event',

  'input.reason': 'Why are you declining? {person} will see this.',
  'input.person': 'Who should take it over?',
  'input.snooze': 'Remind me again in',
  'input.channel': 'How did you reach them?',
  'input.note': 'Note (optional)',
  'input.submit': 'Submit',
} as const;
