import type { Directory } from '../../src/config/directory.js';
import { pickSegment, subjectOf } from '../../src/domain/segment-match.js';
import { errorMessage } from '../../src/errors.js';
import { describeSegment, pairs, pairsWithoutDefault } from '../../src/playbooks/segments.js';
import type { CheckLine } from '../../src/server/check-line.js';
import type { Store } from '../../src/store/store.js';

const area = 'segments';
const customers = (n: number) => `${n} ${n === 1 ? 'customer' : 'customers'}`;

/**
 * `baton check`'s segments: each pair with several playbooks (`when:`), and
 * each pair with segments but no default, whose customers outside every
 * segment get no handoff along it. With a store, how many of the sending
 * team's customers are such customers now. A `source:` condition is not
 * counted against them: who sends a customer on is known only then.
 */
export async function segmentLines(dir: Directory, store: Store | undefined): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  const open = new Set(pairsWithoutDefault(dir.playbooks).map((p) => `${p.from}->${p.to}`));
  for (const [key, group] of pairs(dir.playbooks)) {
    if (open.has(key) || group.length < 2) continue;
    lines.push({
      level: 'ok',
      area,
      message: `${area}: ${route(dir, group[0]?.from, group[0]?.to)}: ${group.map((p) => `${p.id} (${describeSegment(p.when)})`).join('; ')}`,
    });
  }
  for (const p of pairsWithoutDefault(dir.playbooks)) {
    const file = p.segments[0]?.file;
    const fix = `add a playbook from ${p.from} to ${p.to} without when: (the default), or widen a when:`;
    let count = '';
    if (store) {
      try {
        const stripped = p.segments.map((s) => {
          const { source: _source, ...rest } = s.when ?? {};
          return { when: rest };
        });
        const all = (await store.listCustomers({ team: p.from })).filter((c) => !c.erasedAt);
        const out = all.filter((c) => !pickSegment(stripped, subjectOf(c)));
        count = `; ${out.length} of ${customers(all.length)} with ${dir.teamName(p.from)} now fit none`;
      } catch (err) {
        count = `; the store could not be read to count them: ${errorMessage(err)}`;
      }
    }
    lines.push({
      level: 'warn',
      area,
      message: `${area}: ${route(dir, p.from, p.to)} has no default (a playbook without when:): a customer outside ${p.segments.map((s) => describeSegment(s.when)).join(' | ')} gets no handoff along it${count} — fix: ${fix}`,
      ...(file ? { file } : {}),
      field: 'when',
      fix,
    });
  }
  return lines;
}

const route = (dir: Directory, from = '', to = '') => `${dir.teamName(from)} → ${dir.teamName(to)}`;
