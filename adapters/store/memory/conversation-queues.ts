import type { Delivery } from '../../../src/domain/types.js';
import { queuedBefore } from '../../../src/outbox/claimed.js';
import { conversationKey } from '../../../src/outbox/conversation.js';

interface Entry {
  id: string;
  createdAt: string;
}

/**
 * The pending deliveries of each conversation, in queue order. A claim capped per conversation
 * looks at each conversation's first few instead of every due delivery: with 10,000 cards
 * waiting for 20 paced channels, taking every due one out of one queue to pick the first of each
 * channel held the event loop about 30 ms a claim (the burst bench's longest turns).
 */
export class ConversationQueues {
  private readonly queues = new Map<string, Entry[]>();
  /** Each queued delivery's conversation and entry. */
  private readonly members = new Map<string, { key: string; entry: Entry }>();

  /** A delivery was written: it is queued while pending. */
  changed(d: Delivery): void {
    const member = this.members.get(d.id);
    if (d.status !== 'pending') {
      if (member) this.remove(d.id, member.key, member.entry);
    } else if (!member) this.add(d);
  }

  /** Conversations with something pending, each with its deliveries' ids in queue order. */
  conversations(): IterableIterator<[string, readonly Entry[]]> {
    return this.queues.entries();
  }

  private add(d: Delivery): void {
    const key = conversationKey(d);
    const entry: Entry = { id: d.id, createdAt: d.createdAt };
    const queue = this.queues.get(key);
    this.members.set(d.id, { key, entry });
    if (!queue) {
      this.queues.set(key, [entry]);
      return;
    }
    // Nearly always the newest: appended; otherwise put in its place.
    const last = queue[queue.length - 1];
    if (!last || queuedBefore(last, entry)) queue.push(entry);
    else queue.splice(this.indexOf(queue, entry), 0, entry);
  }

  private remove(id: string, key: string, entry: Entry): void {
    this.members.delete(id);
    const queue = this.queues.get(key);
    if (!queue) return;
    const at = this.indexOf(queue, entry);
    if (queue[at]?.id === id) queue.splice(at, 1);
    if (queue.length === 0) this.queues.delete(key);
  }

  /** Where `entry` is or would go in `queue` (binary search in queue order). */
  private indexOf(queue: readonly Entry[], entry: Entry): number {
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = queue[mid] as Entry;
      if (queuedBefore(m, entry)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
