import { z } from 'zod';
import { deliverNotYetNow } from '../../../src/outbox/deliver-not-yet.js';
import type { SlackRuntime } from '../runtime.js';

/** The fields of Slack's `member_joined_channel` event Baton reads. */
const memberJoined = z.object({ user: z.string(), channel: z.string() });

/**
 * Baton was added to a channel (`/invite @Baton`): messages that waited because it was not in
 * a channel go now, not at their next try ten minutes on. Anyone else joining changes nothing.
 */
export async function onMemberJoined(
  rt: SlackRuntime,
  event: unknown,
  botUserId: string | undefined,
): Promise<void> {
  const joined = memberJoined.safeParse(event);
  if (!botUserId || !joined.success || joined.data.user !== botUserId) return;
  await deliverNotYetNow({ ...rt.services.deps, log: rt.log }, 'slack', 'a Slack channel', {
    channel: joined.data.channel,
  });
}
