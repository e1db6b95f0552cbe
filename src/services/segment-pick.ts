import type { Directory } from '../config/directory.js';
import type { Customer, Handoff } from '../domain/types.js';
import type { Playbook } from '../playbooks/schema.js';
import { describeSegment } from '../playbooks/segments.js';
import { fail, noPlaybook, type Result } from './deps.js';

/**
 * Nothing hands this customer on: no playbook of the pair at all, or only
 * segments (`when:`) the customer matches none of. The second names the
 * segments, so the sender can see what the customer lacks.
 */
export function noPlaybookFor(dir: Directory, customer: Customer, from: string, to: string): Result<never> {
  const segments = dir.playbooks.filter((p) => p.from === from && p.to === to);
  if (segments.length === 0) return noPlaybook(dir, from, to);
  return fail('NO_SEGMENT', {
    customer: customer.name,
    from: dir.teamName(from),
    to: dir.teamName(to),
    segments: segments.map((p) => `${p.name ?? p.id} (${describeSegment(p.when)})`).join('; '),
  });
}

/** Whether a handoff went along the same pair as this playbook, under any of its segments. */
export function samePair(dir: Directory, h: Handoff, pb: Playbook): boolean {
  if (h.playbook === pb.id) return true;
  const its = dir.playbook(h.playbook);
  return its !== undefined && its.from === pb.from && its.to === pb.to;
}
