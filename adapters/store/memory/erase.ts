import type { HistoryEntry } from '../../../src/domain/types.js';

/**
 * A history entry with the customer's personal data removed: notes written
 * about them and contact details in handoff context. What happened and when
 * stays, so the audit trail still adds up.
 */
export function eraseHistoryEntry(e: HistoryEntry): HistoryEntry {
  switch (e.kind) {
    case 'touchpoint': {
      const { note: _note, ...rest } = e.entry;
      return { ...e, entry: rest };
    }
    case 'handoff': {
      const { note: _note, declineReason: _reason, ...rest } = e.entry;
      return { ...e, entry: { ...rest, context: {}, notes: [] } };
    }
    case 'audit': {
      const { details: _details, ...rest } = e.entry;
      return { ...e, entry: rest };
    }
  }
}
