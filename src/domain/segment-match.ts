import { primaryLanguage } from './languages.js';
import type { Customer, HandoffContext, HandoffSource } from './types.js';

/**
 * A playbook's `when:` as loaded: every condition must hold (and), each
 * list is any of. Values are compared without case; languages by primary
 * subtag; the deal value as `min <= value < max`, so adjacent bands
 * (`max: 50000` and `min: 50000`) never both hold.
 */
export interface Segment {
  tier?: string[];
  region?: string[];
  language?: string[];
  /** The webhook source that sent the event (its registered name, e.g. `events`), or `person` / `phrase`. */
  source?: string[];
  dealValue?: { min?: number; max?: number };
  /** CRM custom fields by name, each any of its values. */
  fields?: Record<string, string[]>;
}

/** What a customer (and the moment that hands them on) is matched on. */
export interface SegmentSubject {
  tier?: string;
  region?: string;
  language?: string;
  dealValue?: number;
  /** The system that sent the moment, or `person` / `phrase` / `silence`. */
  source?: string;
  fields: Readonly<Record<string, string>>;
}

export const SCALAR_DIMENSIONS = ['tier', 'region', 'language', 'source'] as const;
type Scalar = (typeof SCALAR_DIMENSIONS)[number];

const norm = (s: string) => s.trim().toLowerCase();
const normIn = (dim: Scalar, s: string) => (dim === 'language' ? (primaryLanguage(s) ?? norm(s)) : norm(s));

/** How many conditions a `when:` has: each field counts as one. No `when:` is 0, the pair's default. */
export function specificity(when: Segment | undefined): number {
  if (!when) return 0;
  let n = 0;
  for (const d of SCALAR_DIMENSIONS) if (when[d]) n++;
  if (when.dealValue) n++;
  return n + Object.keys(when.fields ?? {}).length;
}

export function inRange(range: { min?: number; max?: number }, value: number): boolean {
  return (range.min === undefined || value >= range.min) && (range.max === undefined || value < range.max);
}

/** Whether every condition of `when` holds for the subject; a missing attribute holds none. */
export function segmentMatches(when: Segment | undefined, subject: SegmentSubject): boolean {
  if (!when) return true;
  for (const d of SCALAR_DIMENSIONS) {
    const wanted = when[d];
    if (!wanted) continue;
    const have = subject[d];
    if (have === undefined) return false;
    const h = normIn(d, have);
    if (!wanted.some((w) => normIn(d, w) === h)) return false;
  }
  if (when.dealValue && (subject.dealValue === undefined || !inRange(when.dealValue, subject.dealValue)))
    return false;
  for (const [name, wanted] of Object.entries(when.fields ?? {})) {
    const have = fieldValue(subject.fields, name);
    if (have === undefined) return false;
    const h = norm(have);
    if (!wanted.some((w) => norm(w) === h)) return false;
  }
  return true;
}

/** A custom field by name, the name compared without case (CRMs differ on `Industry` / `industry`). */
function fieldValue(fields: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(fields).find((k) => norm(k) === norm(name));
  return key === undefined ? undefined : fields[key];
}

/**
 * The playbook for this subject among one pair's: the most specific one whose
 * `when:` holds (a playbook without `when:` is the default). Ties cannot
 * load (the overlap check); should one remain, file order decides.
 */
export function pickSegment<P extends { when?: Segment | undefined }>(
  candidates: readonly P[],
  subject: SegmentSubject,
): P | undefined {
  let best: P | undefined;
  let bestScore = -1;
  for (const p of candidates) {
    if (!segmentMatches(p.when, subject)) continue;
    const score = specificity(p.when);
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The playbook for this subject among several pairs' candidates, tried pair
 * by pair in the order of `ordered` (each pair once, by its first playbook
 * there): the first pair with a segment that fits wins.
 */
export function pickAcrossPairs<P extends { from: string; to: string; when?: Segment | undefined }>(
  ordered: readonly P[],
  candidates: readonly P[],
  subject: SegmentSubject,
): P | undefined {
  for (const first of ordered) {
    const pick = pickSegment(
      candidates.filter((p) => p.from === first.from && p.to === first.to),
      subject,
    );
    if (pick) return pick;
  }
  return undefined;
}

/** Where a handoff came from, as a `source:` condition names it. */
export function sourceName(source: HandoffSource | undefined): string | undefined {
  if (!source) return undefined;
  return source.kind === 'event' ? source.system : source.kind;
}

/**
 * The subject of one handoff: the customer's recorded attributes, with the
 * handoff's context first where it says more (its language, its deal value:
 * the moment is newer than the record).
 */
export function subjectOf(
  customer: Pick<Customer, 'language' | 'attributes'> | undefined,
  context?: HandoffContext,
  source?: HandoffSource,
): SegmentSubject {
  const a = customer?.attributes;
  const language = typeof context?.language === 'string' ? context.language : customer?.language;
  const dealValue = numberOf(context?.dealValue) ?? a?.dealValue;
  const from = sourceName(source);
  return {
    ...(a?.tier ? { tier: a.tier } : {}),
    ...(a?.region ? { region: a.region } : {}),
    ...(language ? { language } : {}),
    ...(dealValue !== undefined ? { dealValue } : {}),
    ...(from ? { source: from } : {}),
    fields: a?.fields ?? {},
  };
}

/** A deal value as typed on a form (`120,000`) or sent by a system (120000). */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const cleaned = v.trim().replace(/[,_\s]/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}
