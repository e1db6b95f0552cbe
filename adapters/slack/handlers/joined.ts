import { z } from 'zod';
import type { SlackRuntime } from '../runtime.js';

/** The fields of Slack's `member_joined_channel` event Baton reads. */
const memberJoined = z.object({ user: z.string(), channel: z.string() });

/**
 * Baton was added to a channel (`/invite @Baton`): messages that waited because it was not in
 * a channel go now, not at their next try ten minutes on. Anyone else joining changes nothing.
 * A failure here only leaves them to that try.
 */
export async function onMemberJoined(
  rt: SlackRuntime,
  event: unknown,
  botUserId: string | undefined,
): Promise<void> {
  const joined = memberJoined.safeParse(event);
  if (!botUserId || !joined.success || joined.data.user !== botUserId) return;
  const { channel } = joined.data;
  const { store, clock } = rt.services.deps;
  try {
    const due = await store.deliverNotYetNow('slack', clock.now());
    rt.log.info(
      { channel, deliveries: due },
      due > 0
        ? 'Baton was added to a channel: messages waiting for it are tried again now'
        : 'Baton was added to a channel',
    );
  } catch (err) {
    rt.log.warn({ err, channel }, 'messages waiting for a channel are left to their next try');
  }
}
