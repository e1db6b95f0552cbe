import type { Handoff } from '../../src/domain/types.js';
import type { Store } from '../../src/store/store.js';
import { businessTimeBetween } from '../../src/time/business-time.js';
import type { Sent } from '../support/recording-notifier.js';
import { calendarOf, type TeamKey } from './org.js';
import { percentile } from './random.js';
import type { SimOptions } from './run.js';
import type { Verdict } from './watch.js';

const HOUR = 3_600_000;

export interface Spread {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface SimReport {
  opts: SimOptions;
  seconds: number;
  purchases: number;
  /** Per handoff kind and measure: hours from the card going out, in business and calendar time. */
  times: Array<{ label: string; business: Spread; calendar: Spread; missing: number }>;
  messages: Record<string, number>;
  counts: Record<string, number>;
  verdict: Verdict;
  problems: string[];
  gapChecks: { checked: number; listed: number; mismatches: string[] };
  failures: string[];
  traces?: string[];
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

const KINDS: Record<string, string> = {
  'sales-to-delivery': 'purchase → delivery',
  'delivery-to-care': 'go-live → care',
};

export async function collectReport(input: {
  store: Store;
  sent: readonly Sent[];
  purchased: readonly string[];
  verdict: Verdict;
  problems: string[];
  gapChecks: SimReport['gapChecks'];
  counts: Map<string, number>;
  seconds: number;
  opts: SimOptions;
}): Promise<SimReport> {
  const handoffs: Handoff[] = [];
  for (const id of input.purchased) {
    const byId = new Map<string, Handoff>();
    for (const e of await input.store.history(id)) if (e.kind === 'handoff') byId.set(e.entry.id, e.entry);
    for (const h of await input.store.listHandoffs({ customerId: id })) byId.set(h.id, h);
    handoffs.push(...byId.values());
  }
  const times: SimReport['times'] = [];
  for (const [playbook, label] of Object.entries(KINDS)) {
    const mine = handoffs.filter((h) => h.playbook === playbook && h.openedAt);
    for (const [measure, field] of [
      ['accept', 'acceptedAt'],
      ['first contact', 'contactedAt'],
    ] as const) {
      const done = mine.filter((h) => h[field]);
      const ms = (h: Handoff) => [Date.parse(h.openedAt ?? ''), Date.parse(h[field] ?? '')] as const;
      times.push({
        label: `${label}: time to ${measure}`,
        business: spread(
          done.map((h) => {
            const [a, b] = ms(h);
            return businessTimeBetween(calendarOf(h.to as TeamKey), new Date(a), new Date(b)) / HOUR;
          }),
        ),
        calendar: spread(done.map((h) => (ms(h)[1] - ms(h)[0]) / HOUR)),
        missing: mine.length - done.length,
      });
    }
  }
  const messages: Record<string, number> = {};
  const add = (k: string, n = 1) => {
    messages[k] = (messages[k] ?? 0) + n;
  };
  for (const { item } of input.sent) {
    const m = item.delivery.message;
    if (m.type === 'reminder' && item.rendered.kind === 'notice') {
      add(`${item.rendered.notice.kind} messages`);
      for (const f of m.followUps) add(f.kind === 'escalation' ? 'escalated items' : 'nudged items');
    } else add(m.type);
  }
  const failures: string[] = [];
  const v = input.verdict;
  if (v.silentCustomers.length > 0)
    failures.push(`${v.silentCustomers.length} customers went past their SLA without owner and lead nudged`);
  if (input.gapChecks.mismatches.length > 0)
    failures.push(`/cx gaps disagreed ${input.gapChecks.mismatches.length} times`);
  if (input.gapChecks.checked === 0) failures.push('/cx gaps was never checked');
  if (v.episodes === 0) failures.push('nobody went past an SLA: the run proved nothing about nudges');
  failures.push(...input.problems);
  return {
    opts: input.opts,
    seconds: input.seconds,
    purchases: input.purchased.length,
    times,
    messages,
    counts: Object.fromEntries([...input.counts].sort()),
    verdict: v,
    problems: input.problems,
    gapChecks: input.gapChecks,
    failures,
  };
}

const h = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : x.toFixed(0)) : '-');
const pad = (s: string | number, n: number) => String(s).padStart(n);

/** The table `npm run simulate` prints. */
export function formatReport(r: SimReport): string {
  const o = r.opts;
  const lines = [
    `Baton no-silent-customer simulation: ${r.purchases} purchases over ${o.weeks} weeks from ${o.start.slice(0, 10)}, ` +
      `${o.stepMinutes}-minute steps, seed ${o.seed} (${r.seconds.toFixed(1)} s)`,
    '',
    `${'hours from the card going out'.padEnd(40)}${pad('n', 6)} | ${'business p50   p90   p99   max'} | ${'calendar p50   p90   p99   max'} | not yet`,
  ];
  for (const t of r.times) {
    const b = t.business;
    const c = t.calendar;
    lines.push(
      `${t.label.padEnd(40)}${pad(b.n, 6)} | ${pad(h(b.p50), 12)}${pad(h(b.p90), 6)}${pad(h(b.p99), 6)}${pad(h(b.max), 6)} | ` +
        `${pad(h(c.p50), 12)}${pad(h(c.p90), 6)}${pad(h(c.p99), 6)}${pad(h(c.max), 6)} | ${pad(t.missing, 7)}`,
    );
  }
  lines.push('', 'messages');
  for (const [k, n] of Object.entries(r.messages).sort()) lines.push(`  ${k.padEnd(38)}${pad(n, 8)}`);
  lines.push('', 'what people did');
  for (const [k, n] of Object.entries(r.counts)) lines.push(`  ${k.padEnd(38)}${pad(n, 8)}`);
  const v = r.verdict;
  lines.push(
    '',
    'checks',
    `  ${'customers past their contact SLA'.padEnd(38)}${pad(v.customersPastSla, 8)}  (${v.episodes} times)`,
    `  ${'  ...owner not nudged by the deadline'.padEnd(38)}${pad(v.ownerNotNudged.length, 8)}`,
    `  ${'  ...lead not escalated to in time'.padEnd(38)}${pad(v.leadNotEscalated.length, 8)}`,
    `  ${'SILENT CUSTOMERS (must be 0)'.padEnd(38)}${pad(v.silentCustomers.length, 8)}`,
    `  ${'/cx gaps checkpoints'.padEnd(38)}${pad(r.gapChecks.checked, 8)}  (${r.gapChecks.listed} listed in all)`,
    `  ${'  ...disagreeing with the books'.padEnd(38)}${pad(r.gapChecks.mismatches.length, 8)}`,
    '',
    r.failures.length === 0 ? 'PASS' : `FAIL\n${r.failures.map((f) => `  - ${f}`).join('\n')}`,
  );
  for (const e of [...v.ownerNotNudged, ...v.leadNotEscalated].slice(0, 10))
    lines.push(
      `  ${e.customerId}: ${e.window} due ${new Date(e.deadline).toISOString()}, late until ${new Date(e.end).toISOString()}` +
        (e.toldOthers?.length ? `; reminders went to ${e.toldOthers.join(', ')}, not the owner` : ''),
    );
  for (const m of r.gapChecks.mismatches.slice(0, 10)) lines.push(`  ${m}`);
  lines.push(...(r.traces ?? []));
  return lines.join('\n');
}
