import type { Platform } from '../../src/domain/types.js';
import type { DispatchItem, Notifier, SendOutcome } from '../../src/outbox/notifier.js';
import type { PlatformAdapter } from '../../src/server/adapter.js';

export interface Sent {
  platform: Platform;
  item: DispatchItem;
}

/**
 * A platform that records what Baton would show people, for tests of the core
 * that do not need Slack or Teams themselves. `failNext` makes the next sends
 * fail the way a throttled platform does.
 */
export function recordingPlatform(platform: Platform = 'slack') {
  const sent: Sent[] = [];
  let failures: Array<Extract<SendOutcome, { ok: false }>> = [];
  let counter = 0;
  const notifier: Notifier = {
    platform,
    async send(item) {
      const failure = failures.shift();
      if (failure) return failure;
      sent.push({ platform, item });
      counter++;
      const conversationId =
        item.cardRef?.conversationId ??
        (item.delivery.target.kind === 'team' ? `chan-${item.delivery.target.team}` : 'dm');
      return { ok: true, ref: { conversationId, messageId: `m${counter}` } };
    },
  };
  const adapter: PlatformAdapter = { name: `fake-${platform}`, routes: [], notifier };
  return {
    adapter,
    sent,
    failNext(...outcomes: Array<Extract<SendOutcome, { ok: false }>>) {
      failures = outcomes;
    },
    /** Direct messages to one person, as plain descriptions. */
    toPerson(person: string) {
      return sent.filter(
        (s) => s.item.delivery.target.kind === 'person' && s.item.delivery.target.person === person,
      );
    },
    toTeam(team: string) {
      return sent.filter(
        (s) => s.item.delivery.target.kind === 'team' && s.item.delivery.target.team === team,
      );
    },
    clear() {
      sent.length = 0;
    },
  };
}
