import { helpView } from '../../../src/views/help.js';
import { queueView } from '../../../src/views/queue.js';
import { LIMIT } from '../blocks/text.js';
import { callerOf, readerOf, type SlackRuntime } from '../runtime.js';
import { unknownUser, viewReply } from './common.js';
import { HOME_DASHBOARD_BLOCKS, homeDashboardBlocks } from './dashboard.js';

/** The App Home tab: the caller's queue as it is now (up to Slack's 100 blocks). */
export async function publishHome(rt: SlackRuntime, userId: string): Promise<void> {
  const caller = callerOf(rt, userId);
  const reply = caller.person
    ? viewReply(
        rt,
        queueView(await rt.services.myQueue(caller.person), readerOf(rt, caller)),
        LIMIT.surfaceBlocks - HOME_DASHBOARD_BLOCKS,
      )
    : viewReply(rt, helpView(caller.locale, 'both', unknownUser(rt, caller).text), LIMIT.surfaceBlocks);
  const body = reply.blocks ?? [];
  const blocks = caller.person ? [...homeDashboardBlocks(caller.locale), ...body] : body;
  await rt.client.views.publish({ user_id: userId, view: { type: 'home', blocks } });
}

export async function onHomeOpened(rt: SlackRuntime, event: { tab?: string; user: string }): Promise<void> {
  if (event.tab !== 'home') return;
  try {
    await rt.work.add(() => publishHome(rt, event.user));
  } catch (err) {
    rt.log.error({ err, user: event.user }, 'could not publish the Slack App Home');
  }
}
