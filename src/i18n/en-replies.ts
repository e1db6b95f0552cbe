/**
 * What Baton answers a person, one key per service outcome. Every refusal says
 * what to do next: a reply that only says "no" leaves the person stuck.
 * `reply.<CODE>` matches the outcome codes the services return.
 */
export const enReplies = {
  'reply.CUSTOMER_NOT_FOUND': 'I could not find a customer called "{query}". Did you mean {suggestions}?',
  'reply.CUSTOMER_NOT_FOUND.none':
    'I could not find a customer called "{query}". Check the spelling, or ask an admin to import customers with `baton import`.',
  'reply.CUSTOMER_AMBIGUOUS': '"{query}" matches several customers: {matches}. Type more of the name.',
  'reply.TEAM_NOT_FOUND': 'There is no team called "{query}". Hand over to one of these: {teams}.',
  'reply.PERSON_NOT_FOUND':
    'I do not know anyone called "{query}". Mention a person from Baton\'s config with @, or pick a team: {teams}.',
  'reply.NO_PLAYBOOK':
    'No playbook hands from {from} to {to}; playbooks exist for: {pairs}. Hand over along one of those, or ask an admin to add a playbook.',
  'reply.ALREADY_WITH_TEAM': '{customer} is already with {team} (owner: {owner}).',
  'reply.ALREADY_WITH_TEAM.noOwner': '{customer} is already with {team}; nobody owns them yet.',
  'reply.ALREADY_WITH_TEAM.open': 'Their handoff {handoff} is {state}.',
  'reply.ALREADY_WITH_TEAM.next': 'To move them on, hand over to {teams}: `{command}`',
  'reply.ALREADY_WITH_TEAM.last':
    'No playbook leads on from {team}; log contacts with `/cx contact {customer}`.',
  'reply.NOT_ALLOWED': 'Only {who} can do that. Ask one of them.',
  'reply.NOT_ALLOWED.ownHandoff':
    'You handed this customer over, so {team} takes it from here: only {who} can accept, decline or log its first contact. Ask one of them.',
  'reply.NOT_ALLOWED.handoffWaits':
    "{customer}'s handoff to {team} is waiting for its first contact, and only {who} can log it. Ask one of them to log it on the card.",
  'reply.NOT_ALLOWED.handoffDeclined':
    "{team} declined {customer}'s handoff, and it waits to be sent again or cancelled by {who}; log the contact after that.",
  'reply.UNKNOWN_USER':
    "You are not in Baton's config; ask an admin to add you under people (your {platform} id is {userId}).",
  'reply.ALREADY_ACCEPTED': '{person} accepted this {ago}. Nothing more to do here.',
  'reply.ALREADY_IN_STATE': 'This handoff is already {state}. Nothing changed.',
  'reply.WRONG_STATE':
    'That cannot be done while this handoff is {state}. The card shows what you can do now.',
  'reply.STALE_CARD': 'This card was out of date; here is the current one. Check it and try again.',
  'reply.MISSING_FIELDS': 'Add the missing context first: {fields}.',
  'reply.SNOOZE_LIMIT':
    'A handoff can be snoozed at most {times} times, for up to {max} each. Act on it now, or reassign it.',
  'reply.HANDOFF_NOT_FOUND':
    'I could not find that handoff; it may have been removed. `/cx mine` lists your open ones.',
  'reply.INVALID_INPUT': 'I did not understand that: {problem}. Type `/cx help` for the commands.',
  'reply.CONFIRM_FORGET':
    'This erases the personal data of {customer} (contacts, notes, touchpoint notes) for good. To go ahead, type `{command}`.',
  'reply.FORGOTTEN':
    'The personal data of {customer} is erased. The audit log records that you asked for it.',
  'reply.INTERNAL': 'Something went wrong on my side and nothing was changed. Please try again in a minute.',
  'reply.RATE_LIMITED':
    'You asked for several sign-in links in a short time. Please try again in {minutes} min.',
  'reply.BUSY': 'I am busy right now and did not do this. Please try again in {seconds} seconds.',

  'ok.handoffSent': 'Handoff of {customer} sent to {team}.',
  'ok.handoffResent': 'Handoff of {customer} sent to {team} again.',
  'ok.accepted': 'You now own {customer}. Log the first contact by {when}.',
  'ok.acceptedNoDeadline': 'You now own {customer}. Log the first contact as soon as you reach them.',
  'ok.declined': 'Declined. {customer} went back to {person} with your reason.',
  'ok.reassigned': '{customer} is now with {person}.',
  'ok.contactLogged': 'Logged: {channel} with {customer}. The reminders it satisfies have stopped.',
  'ok.snoozed': 'Snoozed: I will remind you about {customer} again at {when}.',
  'ok.completed': 'Handoff of {customer} completed.',
  'ok.cancelled': 'Handoff of {customer} cancelled.',
  'ok.cancelledCadence':
    'Handoff of {customer} cancelled. {customer} stays with {who} on its contact cadence: next contact due {when}.',
  'ok.cancelledGap':
    'Handoff of {customer} cancelled. {team} has no contact cadence, so {customer} is listed in /cx gaps until someone logs a contact.',
  'ok.cancelledHandoff':
    'Handoff of {customer} cancelled. {customer} waits for the handoff to {team} instead.',

  'demo.actingAs':
    'In this demo you are now {person} ({team}): what you type and press is theirs. `as dana` makes you Dana Reyes again.',
  'demo.nobody': 'There is nobody called "{query}" in this organisation. Try one of: {people}.',

  'role.owner': 'the owner ({person})',
  'role.sender': 'the sender ({person})',
  'role.team': 'someone in {team}',
  'role.lead': 'the lead of {team} ({person})',
  'role.admin': 'an admin',
  'problem.field': '{field} is missing or not valid',
  'problem.outsideTeam': '{person} is not in {team}; hand over to another team with /handoff instead',
} as const;
