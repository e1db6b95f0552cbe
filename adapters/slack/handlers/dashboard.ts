import { t } from '../../../src/i18n/translate.js';
import { dashboardLinkView } from '../../../src/views/dashboard-link.js';
import { LIMIT, plain } from '../blocks/text.js';
import { messageText } from '../escape.js';
import { ACTION_PREFIX } from '../ids.js';
import type { Caller, Reply, SlackRuntime } from '../runtime.js';
import { failureReply, viewReply } from './common.js';

/** The App Home button that asks for a dashboard link; the link itself never sits in the Home tab. */
export const DASHBOARD_ACTION = `${ACTION_PREFIX}dashboard`;

/** A one-time dashboard link for the caller, or the refusal in words; only ever sent to them alone. */
export async function dashboardReply(rt: SlackRuntime, caller: Caller): Promise<Reply> {
  if (!caller.person)
    return failureReply(rt, caller, { code: 'UNKNOWN_USER', vars: { user: caller.userId } });
  const r = await rt.services.requestDashboardLink(caller.person);
  if (!r.ok) return failureReply(rt, caller, r.failure);
  return viewReply(rt, dashboardLinkView(caller.locale, r.value.url));
}

/**
 * The App Home's "Open dashboard" button: the link goes to the person's DM
 * with Baton (never a channel, and not the Home tab, which stays on screen).
 */
export async function sendDashboardLinkByDm(rt: SlackRuntime, caller: Caller): Promise<void> {
  const reply = await dashboardReply(rt, caller);
  const channel = caller.person ? await rt.notifier.dmChannel(caller.person) : caller.userId;
  await rt.client.chat.postMessage({ channel, ...reply, unfurl_links: false });
}

export const HOME_DASHBOARD_BLOCKS = 3;

/** The top of the App Home: what the dashboard is, and the button that asks for a link. */
export function homeDashboardBlocks(locale: string) {
  return [
    {
      type: 'section' as const,
      text: { type: 'mrkdwn' as const, text: messageText(t(locale, 'dashboard.homeText')) },
    },
    {
      type: 'actions' as const,
      block_id: `${ACTION_PREFIX}home-dashboard`,
      elements: [
        {
          type: 'button' as const,
          action_id: DASHBOARD_ACTION,
          text: plain(t(locale, 'dashboard.open'), LIMIT.buttonText),
          style: 'primary' as const,
        },
      ],
    },
    { type: 'divider' as const },
  ];
}
