/** Language coverage on the dashboard's teams page: which customer languages each team serves, and who. */
export const enCoverage = {
  'coverage.title': 'Language coverage',
  'coverage.intro':
    "The languages of each team's customers (those with the team and those handed to it) and who serves them.",
  'coverage.col.language': 'Language',
  'coverage.col.customers': 'Customers',
  'coverage.col.servedBy': 'Served by',
  'coverage.byDefault': '{count} with no language recorded, counted in the default language',
  'coverage.via': 'Via {fallback}, named in the playbook',
  'coverage.nobody': 'Warning: nobody serves this language.',
  'coverage.nobodyHint':
    "Add {code} to someone's languages in baton.config.yaml, or name a fallback team in the playbook's languages.",
  'coverage.noCustomers': 'No customers yet.',
  'coverage.spokenOnly': 'Also served here, though no customer needs it yet: {languages}.',
  'coverage.uncovered': '{count} customer languages have nobody to serve them.',
  'coverage.uncoveredOne': 'One customer language has nobody to serve it.',
  'coverage.notConfigured':
    'Nobody in baton.config.yaml lists the languages they serve (languages), so coverage is not known.',
} as const;
