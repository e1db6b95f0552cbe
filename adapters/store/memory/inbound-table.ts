import { type Erasure, erasedInbound } from '../../../src/domain/erasure.js';
import type { InboundEvent } from '../../../src/domain/types.js';
import type { ClaimOptions } from '../../../src/store/store.js';
import { claimDue } from './claim.js';
import { DueQueue } from './due-queue.js';
import { inboundKey, ms } from './keys.js';
import { leased } from './leases.js';

/** The webhook events part of HotState: by source and id, queued for processing while pending. */
export class InboundTable {
  private readonly inbound = new Map<string, InboundEvent>();
  private readonly queue = new DueQueue();
  /** Counted as events change, so stats (every /metrics scrape) walks no retained events. */
  pending = 0;

  constructor(events: readonly InboundEvent[]) {
    for (const e of events) this.put(e);
  }

  values(): InboundEvent[] {
    return [...this.inbound.values()];
  }

  has(source: string, id: string): boolean {
    return this.inbound.has(inboundKey(source, id));
  }

  get(source: string, id: string): InboundEvent | undefined {
    return this.inbound.get(inboundKey(source, id));
  }

  put(e: InboundEvent): void {
    const key = inboundKey(e.source, e.id);
    const previous = this.inbound.get(key);
    this.inbound.set(key, e);
    this.pending += (e.status === 'pending' ? 1 : 0) - (previous?.status === 'pending' ? 1 : 0);
    if (e.status === 'pending' && previous?.status !== 'pending') {
      this.queue.push(key, ms(e.receivedAt));
    }
  }

  erase(er: Erasure): void {
    for (const e of this.inbound.values()) {
      const scrubbed = erasedInbound(e, er);
      if (scrubbed) this.put(scrubbed);
    }
  }

  claim(now: Date, opts: ClaimOptions): InboundEvent[] {
    return claimDue(this.queue, this.inbound, now, opts, () => undefined, leased);
  }

  /** Forgets processed events received before `cutoff` (an ISO instant); returns how many. */
  prune(cutoff: string): number {
    let n = 0;
    for (const [key, e] of this.inbound) {
      if (e.status === 'pending' || e.receivedAt >= cutoff) continue;
      this.inbound.delete(key);
      n++;
    }
    return n;
  }
}
