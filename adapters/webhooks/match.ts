import type { Directory } from '../../src/config/directory.js';
import { pickAcrossPairs, type SegmentSubject } from '../../src/domain/segment-match.js';
import type { Playbook } from '../../src/playbooks/schema.js';
import { normalizeStage } from './parse.js';
import type { Signal } from './source.js';

/**
 * The playbook a moment starts: a stage change matches `trigger.crmStages` by
 * the stage's internal id or its label (case and spaces ignored), any other
 * event matches `trigger.events` by type. Pairs leaving the customer's
 * current team are the only ones when there are any, else the pairs in file
 * order; within a pair the most specific triggered playbook whose `when:`
 * fits the customer wins.
 */
export function matchPlaybook(
  dir: Directory,
  signal: Signal,
  customerTeam: string | undefined,
  subject: SegmentSubject,
): Playbook | undefined {
  const triggered = dir.playbooks.filter((pb) => triggers(pb, signal));
  // A trigger of the customer's own team is meant for them: a customer in none of its
  // segments is not sent along another team's pair instead.
  const own = triggered.filter((pb) => pb.from === customerTeam);
  const ordered = own.length > 0 ? own : triggered;
  return pickAcrossPairs(ordered, ordered, subject);
}

/** Whether some playbook is triggered by the moment at all (a customer in no segment still is news). */
export const isTriggered = (dir: Directory, signal: Signal): boolean =>
  dir.playbooks.some((pb) => triggers(pb, signal));

function triggers(pb: Playbook, signal: Signal): boolean {
  if (signal.type === 'stage.changed') {
    if (!signal.stage) return false;
    const keys = new Set([signal.stage.id, signal.stage.label ?? ''].filter(Boolean).map(normalizeStage));
    return pb.trigger.crmStages.some((s) => keys.has(normalizeStage(s)));
  }
  const type = signal.type.toLowerCase();
  return pb.trigger.events.some((e) => e.toLowerCase() === type);
}

/** The person key whose configured email is this one (case-insensitive). */
export function personByEmail(dir: Directory, email: string | undefined): string | undefined {
  if (!email) return undefined;
  const needle = email.trim().toLowerCase();
  return Object.entries(dir.config.people).find(([, p]) => p.email?.toLowerCase() === needle)?.[0];
}

/** Every context field some playbook knows, so a sender's extra keys can be picked out by name. */
export function playbookFields(dir: Directory): Set<string> {
  return new Set(dir.playbooks.flatMap((pb) => [...pb.context.required, ...pb.context.optional]));
}
