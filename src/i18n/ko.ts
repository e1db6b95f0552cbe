import type { Catalog } from './en.js';
import { koAway } from './ko-away.js';
import { koCards } from './ko-cards.js';
import { koCoverage } from './ko-coverage.js';
import { koCrmWriteback } from './ko-crm-writeback.js';
import { koDashboard } from './ko-dashboard.js';
import { koDashboardFigures } from './ko-dashboard-figures.js';
import { koForms } from './ko-forms.js';
import { koJourney } from './ko-journey.js';
import { koLadder } from './ko-ladder.js';
import { koLiveConfig } from './ko-live-config.js';
import { koPulse } from './ko-pulse.js';
import { koReplies } from './ko-replies.js';
import { koReports } from './ko-reports.js';
import { koRouting } from './ko-routing.js';
import { koSegments } from './ko-segments.js';
import { koTranslate } from './ko-translate.js';
import { koViews } from './ko-views.js';

/** Typed as the full catalog: a key missing in any Korean area file fails to compile. */
export const ko: Catalog = {
  ...koCards,
  ...koAway,
  ...koCoverage,
  ...koReplies,
  ...koViews,
  ...koDashboard,
  ...koDashboardFigures,
  ...koJourney,
  ...koReports,
  ...koForms,
  ...koTranslate,
  ...koRouting,
  ...koPulse,
  ...koCrmWriteback,
  ...koLiveConfig,
  ...koLadder,
  ...koSegments,
};
