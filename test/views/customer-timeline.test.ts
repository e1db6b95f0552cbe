import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src/domain/types.js';
import { customerViewOf } from '../../src/views/customer.js';
import { customer, dir, HOUR, plus, T0 } from '../cards/fixtures.js';

const reader = { dir, locale: 'en', timeZone: 'UTC', now: new Date(plus(T0, 100 * HOUR)) };

/** An audit entry `i` hours in, by `actor`. */
function audit(i: number, actor: string, action: string, details?: Record<string, unknown>): HistoryEntry {
  const at = plus(T0, i * HOUR);
  return {
    kind: 'audit',
    at,
    entry: {
      id: `aud_${i}`,
      at,
      actor,
      action,
      subject: { type: 'customer', id: 'cus_acme' },
      customerId: 'cus_acme',
      ...(details ? { details } : {}),
    },
  };
}

/** An hour apart: a contact logged by phone with a numbered note, or a reminder (never on the timeline). */
function entry(i: number, kind: 'contact' | 'reminder'): HistoryEntry {
  const at = plus(T0, i * HOUR);
  if (kind === 'contact')
    return {
      kind: 'touchpoint',
      at,
      entry: { id: `tp_${i}`, customerId: 'cus_acme', at, channel: 'call', by: 'omar', note: `call ${i}` },
    } as HistoryEntry;
  return audit(i, 'baton', 'handoff.escalated');
}

describe("the customer view's timeline", () => {
  it('shows the 30 latest entries that say something, oldest first, skipping what it never shows', () => {
    // 50 entries read, every third one a reminder the timeline leaves out.
    const timeline = Array.from({ length: 50 }, (_, i) => entry(i, i % 3 === 2 ? 'reminder' : 'contact'));
    const view = customerViewOf(
      { customer: customer(), handoffs: [], timeline, daysSinceContact: 0, followUps: [] },
      reader,
    );
    const list = view.blocks.filter((b) => b.kind === 'list').at(-1);
    const notes = list?.kind === 'list' ? list.items.map((i) => i.detail) : [];
    const contacts = timeline
      .filter((e) => e.kind === 'touchpoint')
      .map((e) => `call ${e.entry.id.slice(3)}`);
    expect(notes).toEqual(contacts.slice(-30));
    expect(notes).toHaveLength(30);
    expect(notes[0]).toBe('call 6');
    expect(notes.at(-1)).toBe('call 49');
  });

  it('says whom a handoff was handed over to, and only that it was where an old entry does not say', () => {
    const view = customerViewOf(
      {
        customer: customer(),
        handoffs: [],
        timeline: [
          audit(1, 'dana', 'handoff.opened', { from: 'sales', to: 'delivery' }),
          audit(2, 'dana', 'handoff.opened', {}),
        ],
        daysSinceContact: 0,
        followUps: [],
      },
      reader,
    );
    const list = view.blocks.filter((b) => b.kind === 'list').at(-1);
    const lines = list?.kind === 'list' ? list.items.map((i) => i.text.split(' · ').at(-1)) : [];
    expect(lines).toEqual(['Dana Reyes handed this over to Delivery.', 'Dana Reyes handed this over.']);
  });
});
