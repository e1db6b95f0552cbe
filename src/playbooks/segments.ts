import type { FileProblem } from '../config/zod-issues.js';
import { primaryLanguage } from '../domain/languages.js';
import { SCALAR_DIMENSIONS, type Segment, specificity } from '../domain/segment-match.js';
import type { Playbook } from './schema.js';

/**
 * Segments at load: several playbooks may hand from one team to another,
 * told apart by `when:`. The most specific one that matches wins, so two of
 * one pair are refused only when some customer could match both with the
 * same number of conditions and no more specific playbook of the pair takes
 * every such customer.
 */
export function segmentProblems(playbooks: readonly Playbook[]): FileProblem[] {
  const out: FileProblem[] = [];
  for (const pb of playbooks) {
    if (pb.when && pb.from === pb.to)
      out.push({
        text: `${pb.file}: when: a playbook within one team keeps the cadence of all its customers; remove when:`,
        file: pb.file,
        field: 'when',
        fix: 'remove when: from this playbook',
      });
  }
  for (const group of pairs(playbooks).values()) {
    for (let j = 1; j < group.length; j++) {
      const b = group[j] as Playbook;
      for (const a of group.slice(0, j)) {
        const p = overlap(a, b, group);
        if (p) {
          out.push(p);
          break;
        }
      }
    }
  }
  return out;
}

/** A pair's playbooks, in file order, by `from->to`. */
export function pairs(playbooks: readonly Playbook[]): Map<string, Playbook[]> {
  const by = new Map<string, Playbook[]>();
  for (const pb of playbooks) {
    const key = `${pb.from}->${pb.to}`;
    by.set(key, [...(by.get(key) ?? []), pb]);
  }
  return by;
}

function overlap(a: Playbook, b: Playbook, group: readonly Playbook[]): FileProblem | undefined {
  const pair = `${b.from}->${b.to}`;
  if (!a.when && !b.when)
    return {
      text: `${b.file}: from/to: ${pair} is already handled by ${a.file}, also without when:; keep one default (a playbook without when:) per handoff`,
      file: b.file,
      field: 'from',
      fix: `delete one of the two playbooks, give one a when: to make it a segment, or change this one's from or to`,
    };
  if (specificity(a.when) !== specificity(b.when)) return undefined;
  const both = intersect(a.when ?? {}, b.when ?? {});
  if (!both) return undefined;
  const spec = specificity(a.when);
  if (group.some((c) => specificity(c.when) > spec && covers(c.when ?? {}, both))) return undefined;
  return {
    text: `${b.file}: when: ${describeSegment(b.when)} can match the same customers as ${a.file} (${describeSegment(a.when)}), with as many conditions each, e.g. a customer with ${describeSegment(both)}`,
    file: b.file,
    field: 'when',
    fix: `make the two when: exclusive (different values, or dealValue ranges that do not overlap), or add a ${pair} playbook whose when: has ${describeSegment(both)}`,
  };
}

const norm = (dim: string, s: string) =>
  dim === 'language' ? (primaryLanguage(s) ?? s.trim().toLowerCase()) : s.trim().toLowerCase();

function both(dim: string, x: string[] | undefined, y: string[] | undefined): string[] | undefined | null {
  if (!x) return y;
  if (!y) return x;
  const ys = new Set(y.map((v) => norm(dim, v)));
  const common = x.filter((v) => ys.has(norm(dim, v)));
  return common.length > 0 ? common : null;
}

/** The customers both segments match, as one segment; undefined when no customer can match both. */
export function intersect(x: Segment, y: Segment): Segment | undefined {
  const out: Segment = {};
  for (const d of SCALAR_DIMENSIONS) {
    const v = both(d, x[d], y[d]);
    if (v === null) return undefined;
    if (v) out[d] = v;
  }
  if (x.dealValue || y.dealValue) {
    const mins = [x.dealValue?.min, y.dealValue?.min].filter((n) => n !== undefined);
    const maxes = [x.dealValue?.max, y.dealValue?.max].filter((n) => n !== undefined);
    const min = mins.length > 0 ? Math.max(...mins) : undefined;
    const max = maxes.length > 0 ? Math.min(...maxes) : undefined;
    if (min !== undefined && max !== undefined && min >= max) return undefined;
    out.dealValue = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  }
  const names = new Set([...Object.keys(x.fields ?? {}), ...Object.keys(y.fields ?? {})]);
  for (const name of names) {
    const v = both('field', fieldOf(x, name), fieldOf(y, name));
    if (v === null) return undefined;
    if (v) out.fields = { ...out.fields, [name]: v };
  }
  return out;
}

const fieldOf = (s: Segment, name: string) =>
  Object.entries(s.fields ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

/** Whether every customer of `inner` matches `outer`. */
function covers(outer: Segment, inner: Segment): boolean {
  const subset = (dim: string, o: string[] | undefined, i: string[] | undefined) =>
    !o || i?.every((v) => o.some((w) => norm(dim, w) === norm(dim, v))) === true;
  for (const d of SCALAR_DIMENSIONS) if (!subset(d, outer[d], inner[d])) return false;
  for (const name of Object.keys(outer.fields ?? {}))
    if (!subset('field', fieldOf(outer, name), fieldOf(inner, name))) return false;
  if (outer.dealValue) {
    const i = inner.dealValue;
    if (!i) return false;
    const o = outer.dealValue;
    if (o.min !== undefined && (i.min === undefined || i.min < o.min)) return false;
    if (o.max !== undefined && (i.max === undefined || i.max > o.max)) return false;
  }
  return true;
}

/** `tier enterprise or strategic, dealValue 50000 to under 250000`: a `when:` as people read it. */
export function describeSegment(when: Segment | undefined): string {
  if (!when) return 'every customer (no when:)';
  const parts: string[] = [];
  for (const d of SCALAR_DIMENSIONS) if (when[d]) parts.push(`${d} ${(when[d] ?? []).join(' or ')}`);
  const r = when.dealValue;
  if (r)
    parts.push(
      r.min !== undefined && r.max !== undefined
        ? `dealValue ${r.min} to under ${r.max}`
        : r.min !== undefined
          ? `dealValue ${r.min} or more`
          : `dealValue under ${r.max}`,
    );
  for (const [name, values] of Object.entries(when.fields ?? {}))
    parts.push(`fields.${name} ${values.join(' or ')}`);
  return parts.length > 0 ? parts.join(', ') : 'any customer';
}

/** Pairs without a default: a customer none of their segments match gets no handoff along them. */
export function pairsWithoutDefault(
  playbooks: readonly Playbook[],
): Array<{ from: string; to: string; segments: Playbook[] }> {
  return [...pairs(playbooks).values()]
    .filter((g) => g[0] && g[0].from !== g[0].to && g.every((p) => p.when))
    .map((g) => ({ from: g[0]?.from ?? '', to: g[0]?.to ?? '', segments: g }));
}

/** The custom field names some playbook's `when:` matches on: what imports and CRMs are read for. */
export function segmentFieldNames(playbooks: readonly Playbook[]): string[] {
  const names = new Map<string, string>();
  for (const pb of playbooks)
    for (const name of Object.keys(pb.when?.fields ?? {}))
      if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  return [...names.values()];
}
