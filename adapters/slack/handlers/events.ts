import type { SlackRuntime } from '../runtime.js';
import { onHomeOpened } from './home.js';
import { onMemberJoined } from './joined.js';
import { onChannelMessage } from './phrases.js';

/**
 * The Events API: the App Home tab, channel messages and Baton joining a channel, in one
 * listener (Bolt matches every listener per request).
 */
export function registerEvents(rt: SlackRuntime): void {
  rt.app.event(/^(app_home_opened|message|member_joined_channel)$/, async ({ event, context }) => {
    if (event.type === 'app_home_opened') return onHomeOpened(rt, event);
    if (event.type === 'member_joined_channel') return onMemberJoined(rt, event, context.botUserId);
    return onChannelMessage(rt, event, context.retryNum);
  });
}
