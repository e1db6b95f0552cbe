import type { SlackRuntime } from '../runtime.js';
import { onHomeOpened } from './home.js';
import { onChannelMessage } from './phrases.js';

/** The Events API: the App Home tab and channel messages, in one listener (Bolt matches every listener per request). */
export function registerEvents(rt: SlackRuntime): void {
  rt.app.event(/^(app_home_opened|message)$/, async ({ event, context }) => {
    if (event.type === 'app_home_opened') return onHomeOpened(rt, event);
    return onChannelMessage(rt, event, context.retryNum);
  });
}
