/** The handoff form's language choice and who speaks the customer's language (forms, reassign). */
export const enForms = {
  'form.languageChoose': 'Choose a language',
  'form.languageNotOffered':
    '"{value}" is not one of the languages offered: choose the customer\'s language from the list.',
  'speakers.in': 'Speaks {language} in {team}: {people}',
  'speakers.everyone': 'Everyone in {team} speaks {language}',
  'speakers.noneIn': 'Nobody in {team} speaks {language}: {elsewhere}',
  'speakers.has': '{team} has {people}',
  'speakers.nobody': 'Nobody here speaks {language} yet',
  'speakers.form': 'Who speaks {language}: {teams}',
  'speakers.formTeam': '{team} — {people}',
  'speakers.formNobody': 'nobody',
  'speakers.nobodyToReassign': 'There is nobody else in {team} to give this customer to.',
  'speakers.label': '{person} · speaks {language}',
} as const;
