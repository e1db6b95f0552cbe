import type { Outage, Received } from './fake-platforms.js';
import type { Lapse, OracleVerdict } from './oracle/oracle.js';
import { percentile } from './random.js';
import type { SimOptions } from './run.js';

export interface Spread {
  n: number;
  p50: number;
  p90: number;
  max: number;
}

export interface SimReport {
  opts: SimOptions;
  seconds: number;
  verdict: OracleVerdict;
  /** Per handoff kind and measure: hours from the card reaching the channel, by the oracle's books. */
  times: Array<{ label: string; business: Spread; calendar: Spread; notYet: number }>;
  /** What the fake platforms received. */
  messages: Record<string, number>;
  counts: Record<string, number>;
  outages: Outage[];
  failures: string[];
  /** The control: customers named in a message the platform swallowed. */
  swallowedAbout?: string[];
  traces?: string[];
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export function collectReport(input: {
  verdict: OracleVerdict;
  received: readonly Received[];
  outages: Outage[];
  refused: number;
  swallowed: number;
  /** Slack posts of one delivery made more than once. */
  postedTwice: number;
  counts: Map<string, number>;
  seconds: number;
  opts: SimOptions;
}): SimReport {
  const v = input.verdict;
  const messages: Record<string, number> = {};
  const add = (k: string, n = 1) => {
    messages[k] = (messages[k] ?? 0) + n;
  };
  for (const m of input.received)
    add(
      `${m.platform} ${m.userId !== undefined ? 'direct messages' : m.kind === 'post' ? 'channel posts' : m.kind === 'update' ? 'card updates' : 'thread replies'}`,
    );
  add('calls refused in the outage (5xx, 429)', input.refused);
  if (input.swallowed) add('messages swallowed (control)', input.swallowed);
  add('slack messages posted twice', input.postedTwice);
  const failures: string[] = [];
  if (v.silent.length > 0) failures.push(`${v.silent.length} silent customers`);
  if (v.episodes === 0) failures.push('nobody went past an SLA: the run proved nothing about reminders');
  if (input.postedTwice > 0) failures.push(`${input.postedTwice} Slack messages were posted twice`);
  if (v.cardProblems.length > 0) failures.push(`${v.cardProblems.length} customers' cards lost or doubled`);
  if (v.nudges === 0 || v.escalations === 0) failures.push('no reminder or no escalation reached a platform');
  return {
    opts: input.opts,
    seconds: input.seconds,
    verdict: v,
    times: v.times.map((t) => ({
      label: t.label,
      business: spread(t.business),
      calendar: spread(t.calendar),
      notYet: t.notYet,
    })),
    messages,
    counts: Object.fromEntries([...input.counts].sort()),
    outages: input.outages,
    failures,
  };
}

const h = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : x.toFixed(0)) : '-');
const pad = (s: string | number, n: number) => String(s).padStart(n);

export function describeLapse(l: Lapse): string {
  const what = [
    l.ownerNotReminded ? 'owner not reminded by the deadline' : '',
    l.leadNotEscalated ? 'lead not escalated to by the escalation point' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    `${l.customer} (${l.name}): ${l.team} ${l.window} window from ${l.start}, due ${l.deadline}, ` +
    `escalate ${l.escalateAt}: ${what}${l.afterDecline ? ' [after a decline]' : ''}`
  );
}

/** The table `npm run simulate` prints for one seed. */
export function formatReport(r: SimReport): string {
  const o = r.opts;
  const v = r.verdict;
  const lines = [
    `Baton no-silent-customer simulation, seed ${o.seed}: ${o.purchases} purchases over ${o.weeks} weeks from ` +
      `${o.start.slice(0, 10)}, ${o.stepMinutes}-minute steps (${r.seconds.toFixed(1)} s)`,
    `faults: declines ${o.declines}, ${o.restarts} restarts, duplicate webhooks ${o.duplicateWebhooks}, ` +
      `outage ${r.outages.map((x) => `${new Date(x.from).toISOString().slice(0, 16)}Z for ${(x.to - x.from) / 3_600_000} h`).join(', ') || 'none'}, ` +
      `holidays ${o.holidayChance}, leavers ${o.leavers.length}`,
    '',
    `${'hours from the card reaching the channel'.padEnd(42)}${pad('n', 6)} | business p50   p90   max | calendar p50   p90   max | not yet`,
  ];
  for (const t of r.times) {
    const b = t.business;
    const c = t.calendar;
    lines.push(
      `${t.label.padEnd(42)}${pad(b.n, 6)} | ${pad(h(b.p50), 12)}${pad(h(b.p90), 6)}${pad(h(b.max), 6)} | ` +
        `${pad(h(c.p50), 12)}${pad(h(c.p90), 6)}${pad(h(c.max), 6)} | ${pad(t.notYet, 7)}`,
    );
  }
  lines.push('', 'what the fake platforms received');
  for (const [k, n] of Object.entries(r.messages).sort()) lines.push(`  ${k.padEnd(40)}${pad(n, 8)}`);
  lines.push('', 'what people and the world did');
  for (const [k, n] of Object.entries(r.counts)) lines.push(`  ${k.padEnd(40)}${pad(n, 8)}`);
  lines.push(
    '',
    "the oracle's verdict (its own deadlines, only what the platforms received)",
    `  ${'customers'.padEnd(40)}${pad(v.customers, 8)}`,
    `  ${'customers past their contact SLA'.padEnd(40)}${pad(v.pastSla, 8)}  (${v.episodes} times)`,
    `  ${'reminder items (accept, contact)'.padEnd(40)}${pad(v.nudges, 8)}`,
    `  ${'escalation items'.padEnd(40)}${pad(v.escalations, 8)}`,
    `  ${'cards naming whom Baton asked'.padEnd(40)}${pad(v.cardsNamingAsked, 8)}`,
    `  ${'customers with a card lost or doubled'.padEnd(40)}${pad(v.cardProblems.length, 8)}`,
    `  ${'  ...owner not reminded by the deadline'.padEnd(40)}${pad(v.lapses.filter((l) => l.ownerNotReminded).length, 8)}`,
    `  ${'  ...lead not escalated to in time'.padEnd(40)}${pad(v.lapses.filter((l) => l.leadNotEscalated).length, 8)}`,
    `  ${'SILENT CUSTOMERS (must be 0)'.padEnd(40)}${pad(v.silent.length, 8)}` +
      (v.silent.length
        ? `  (${v.lapses.filter((l) => l.afterDecline).length} of ${v.lapses.length} lapses after a decline)`
        : ''),
    '',
    r.failures.length === 0 ? 'PASS' : `FAIL\n${r.failures.map((f) => `  - ${f}`).join('\n')}`,
  );
  for (const l of v.lapses.slice(0, 20)) lines.push(`  ${describeLapse(l)}`);
  if (v.lapses.length > 20) lines.push(`  ... and ${v.lapses.length - 20} more`);
  for (const c of v.cardProblems.slice(0, 10)) lines.push(`  ${c}`);
  lines.push(...(r.traces ?? []));
  return lines.join('\n');
}

/** The last table: every seed's verdict side by side, and the total. */
export function formatTotal(reports: readonly SimReport[]): string {
  const head = `${'seed'.padEnd(6)}${pad('customers', 10)}${pad('past SLA', 10)}${pad('silent', 8)}${pad('nudges', 8)}${pad('escal.', 8)}  accept p50/p90 (bh)  1st contact p50/p90 (bh)  seconds`;
  const row = (
    label: string,
    v: { customers: number; pastSla: number; silent: number; nudges: number; escalations: number },
    acc: number[],
    first: number[],
    s: number,
  ) => {
    const a = spread(acc);
    const f = spread(first);
    return (
      `${label.padEnd(6)}${pad(v.customers, 10)}${pad(v.pastSla, 10)}${pad(v.silent, 8)}${pad(v.nudges, 8)}${pad(v.escalations, 8)}` +
      `  ${pad(`${h(a.p50)}/${h(a.p90)}`, 19)}  ${pad(`${h(f.p50)}/${h(f.p90)}`, 24)}  ${pad(s.toFixed(0), 7)}`
    );
  };
  const pick = (r: SimReport, what: string) =>
    r.verdict.times.filter((t) => t.label.endsWith(what)).flatMap((t) => t.business);
  const lines = ['', 'all seeds', head];
  const total = { customers: 0, pastSla: 0, silent: 0, nudges: 0, escalations: 0 };
  const acc: number[] = [];
  const first: number[] = [];
  let seconds = 0;
  for (const r of reports) {
    const v = {
      customers: r.verdict.customers,
      pastSla: r.verdict.pastSla,
      silent: r.verdict.silent.length,
      nudges: r.verdict.nudges,
      escalations: r.verdict.escalations,
    };
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += v[k];
    acc.push(...pick(r, 'accept'));
    first.push(...pick(r, 'first contact'));
    seconds += r.seconds;
    lines.push(row(String(r.opts.seed), v, pick(r, 'accept'), pick(r, 'first contact'), r.seconds));
  }
  lines.push(row('total', total, acc, first, seconds));
  const failed = reports.filter((r) => r.failures.length > 0);
  lines.push('', failed.length === 0 ? 'PASS' : `FAIL: seeds ${failed.map((r) => r.opts.seed).join(', ')}`);
  return lines.join('\n');
}
