import type { Handoff } from '../domain/types.js';

/** The context fields people write in their own words (the rest are amounts, dates and names). */
export const FREE_TEXT_FIELDS = ['summary', 'promises', 'risks'] as const;

/** `contact`: a note logged with a contact (a call, an e-mail, a meeting). */
export type FreeTextKind = (typeof FREE_TEXT_FIELDS)[number] | 'note' | 'notes' | 'declineReason' | 'contact';

export interface FreeText {
  kind: FreeTextKind;
  text: string;
  /** Who wrote it, when known (a person key, or `system`). */
  by?: string;
  at?: string;
}

/** What people wrote on a handoff, in the order the card shows it. */
export function handoffFreeText(h: Handoff): FreeText[] {
  const out: FreeText[] = [];
  for (const field of FREE_TEXT_FIELDS) {
    const v = h.context[field];
    const text = Array.isArray(v) ? v.join('\n') : typeof v === 'string' ? v : '';
    if (text.trim()) out.push({ kind: field, text: text.trim() });
  }
  if (h.note?.trim()) out.push({ kind: 'note', text: h.note.trim(), by: h.sender });
  for (const n of h.notes)
    if (n.text.trim()) out.push({ kind: 'notes', text: n.text.trim(), by: n.by, at: n.at });
  if (h.declineReason?.trim()) out.push({ kind: 'declineReason', text: h.declineReason.trim() });
  return out;
}

/** A card or notice offers the Translate button only when there is something people wrote. */
export const hasFreeText = (h: Handoff): boolean => handoffFreeText(h).length > 0;
