/** The dashboard link, the customer-view button and the weekly report. */
export const enReports = {
  'dashboard.title': 'Your dashboard link',
  'dashboard.text': 'Valid for {minutes} minutes, for you only, and it works once. Do not forward it.',
  'dashboard.open': 'Open dashboard',
  'dashboard.sentPrivately': 'I sent you a link in a private chat.',
  'dashboard.homeText': 'Figures, gaps and every customer in the web dashboard.',

  'link.customerView': 'Customer view',

  'report.title': 'Weekly report: week of {week}',
  'report.subtitle': 'Handoffs started that week, against the week before ({previous})',
  'report.started': 'Handoffs started',
  'report.acceptSla': 'Accepted within SLA',
  'report.contactedInSla': 'Contacted within SLA',
  'report.medianContact': 'Median time to first contact (business hours)',
  'report.pastSla': 'Past their contact SLA now',
  'report.vs': '{value} (week before: {previous})',
  'report.none': 'none',
  'report.hours': '{hours} h',
  'report.gaps': 'Worst gaps',
  'report.noGaps': 'No customer is past their contact SLA.',
  'report.gapLine': '{customer} ({team}): {days} overdue',
  'report.gapOwner': 'owner: {owner}',
  'report.teamTitle': '{team}: downstream outcome, week of {week}',
  'report.teamLine':
    '{from} handed {count} customers to {to}: {within} contacted within SLA, median {hours} business hours; {waiting} waiting.',
  'report.teamLineNoMedian':
    '{from} handed {count} customers to {to}: {within} contacted within SLA; {waiting} waiting.',
  'report.teamNone': '{from} handed no customers on that week.',
} as const;
