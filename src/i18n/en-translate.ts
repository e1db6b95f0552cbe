/** The Translate button and what it shows: what people wrote, in the reader's language. */
export const enTranslate = {
  'translate.button': 'Translate',
  'translate.title': '{customer}, in {language}',
  'translate.by': 'Machine translation by {provider}.',
  'translate.unavailable': 'Translation unavailable right now: showing the original.',
  'translate.nothing': 'Nobody wrote anything here to translate yet.',
  'translate.declineReason': 'Reason it was declined',
  'translate.contactNote': 'Contact note from {person}, {when}',
  'translate.noteFrom': 'Note from {person}',
  'translate.handoff': '{from} → {to}',
  'translate.sentPrivately': 'The translation is in your chat with Baton.',
  'translate.dashboardLink': 'Translate what people wrote',
  'translate.dashboardBack': 'Show as written',
  'reply.TRANSLATION_OFF':
    'Translation is not switched on here. An admin can set DEEPL_AUTH_KEY, or AZURE_TRANSLATOR_KEY and AZURE_TRANSLATOR_REGION.',
} as const;
