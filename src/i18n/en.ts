import { enAway } from './en-away.js';
import { enCards } from './en-cards.js';
import { enCoverage } from './en-coverage.js';
import { enCrmWriteback } from './en-crm-writeback.js';
import { enDashboard } from './en-dashboard.js';
import { enDashboardFigures } from './en-dashboard-figures.js';
import { enForms } from './en-forms.js';
import { enJourney } from './en-journey.js';
import { enLadder } from './en-ladder.js';
import { enLiveConfig } from './en-live-config.js';
import { enPulse } from './en-pulse.js';
import { enReplies } from './en-replies.js';
import { enReports } from './en-reports.js';
import { enRouting } from './en-routing.js';
import { enSegments } from './en-segments.js';
import { enTranslate } from './en-translate.js';
import { enViews } from './en-views.js';

/** English is the reference catalog: its keys are the only valid message keys. */
export const en = {
  ...enCards,
  ...enAway,
  ...enCoverage,
  ...enReplies,
  ...enViews,
  ...enDashboard,
  ...enDashboardFigures,
  ...enJourney,
  ...enReports,
  ...enForms,
  ...enTranslate,
  ...enRouting,
  ...enPulse,
  ...enCrmWriteback,
  ...enLiveConfig,
  ...enLadder,
  ...enSegments,
} as const;

export type MessageKey = keyof typeof en;
export type Catalog = Readonly<Record<MessageKey, string>>;
