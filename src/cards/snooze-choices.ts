import { formatDuration } from '../i18n/translate.js';
import { parseDuration } from '../time/duration.js';

/** The snooze lengths offered, cut to the configured maximum. */
const SNOOZE_CHOICES = ['PT1H', 'PT4H', 'P1D', 'P2D', 'P7D'];

export interface SnoozeChoice {
  /** What the length reads as in the reader's language. */
  label: string;
  /** The ISO duration the action carries. */
  value: string;
}

// Every handoff in a queue offers the same choices: parsed and worded once per maximum and language.
const cache = new Map<string, readonly SnoozeChoice[]>();

function durationMs(iso: string): number {
  const d = parseDuration(iso);
  return d.days * 86_400_000 + d.ms;
}

/** The snooze lengths up to `snoozeMax` (an ISO duration), worded for `locale`. */
export function snoozeChoices(locale: string, snoozeMax: string): readonly SnoozeChoice[] {
  const key = `${locale}\u0000${snoozeMax}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let max = Number.POSITIVE_INFINITY;
  try {
    max = durationMs(snoozeMax);
  } catch {
    // An unreadable maximum is the service's to refuse; offer the usual lengths.
  }
  const fitting = SNOOZE_CHOICES.filter((c) => durationMs(c) <= max);
  const choices = (fitting.length > 0 ? fitting : [snoozeMax]).map((value) => ({
    label: formatDuration(durationMs(value), locale),
    value,
  }));
  cache.set(key, choices);
  return choices;
}
