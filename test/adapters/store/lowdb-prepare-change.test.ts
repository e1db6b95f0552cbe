import { describe, expect, it } from 'vitest';
import { encodePieces } from '../../../adapters/store/lowdb/files.js';
import { jsonCopy } from '../../../adapters/store/lowdb/json-copy.js';
import { prepareChange } from '../../../adapters/store/lowdb/prepare-change.js';
import type { ChangeSet } from '../../../src/store/store.js';
import { aCustomer, aDelivery, aFollowUp, aHandoff, anAudit, aTouchpoint } from './builders.js';

/** What the store kept before: the records' text parsed back. */
const viaText = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** Same value, same key order, same kinds all the way down (a -0 or a Date would differ here). */
const sameShape = (a: unknown, b: unknown) => expect(JSON.stringify(a)).toBe(JSON.stringify(b));

describe('jsonCopy', () => {
  class Money {
    readonly currency = 'EUR';
    constructor(readonly amount: number) {}
  }
  const awkward = {
    date: new Date('2026-12-06T10:00:00.000Z'),
    missing: undefined,
    fn: () => 1,
    sym: Symbol('s'),
    list: [undefined, () => 1, Number.NaN, Number.POSITIVE_INFINITY, -0, 1.5e300, 'ü 💡 \ud800'],
    // biome-ignore lint/suspicious/noSparseArray: a hole, which JSON writes as null
    holes: [1, , 3],
    nested: { deeper: { at: new Date(0), n: null, t: true, f: false } },
    boxed: [new Number(3), new String('s'), new Boolean(false)],
    instance: new Money(12),
    map: new Map([['a', 1]]),
    custom: { toJSON: (key: string) => `custom:${key}` },
    gone: { toJSON: () => undefined },
    10: 'integer keys first',
    2: 'in order',
    ['__proto__']: { polluted: true },
  };

  it('gives what JSON.parse(JSON.stringify(value)) gives, key order included', () => {
    const copy = jsonCopy(awkward);
    expect(copy).toStrictEqual(viaText(awkward));
    sameShape(copy, viaText(awkward));
    expect(Object.keys(copy)).toEqual(Object.keys(viaText(awkward) as object));
    // An own "__proto__" key, as JSON.parse makes it, not a new prototype.
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(Object.is((copy.list as unknown[])[4], 0)).toBe(true);
  });

  it('shares nothing the caller can change', () => {
    const source = { a: { b: [1, { c: 'd' }] } };
    const copy = jsonCopy(source);
    (source.a.b[1] as { c: string }).c = 'changed';
    source.a.b.push(2);
    expect(copy).toEqual({ a: { b: [1, { c: 'd' }] } });
  });

  it('copies the store records as their JSON does', () => {
    const records = {
      customers: [{ value: aCustomer(), expectedVersion: null }],
      handoffs: [{ value: aHandoff('cus_1'), expectedVersion: null }],
      followUps: [aFollowUp('cus_1', 'hof_1')],
      deliveries: [aDelivery()],
    };
    sameShape(jsonCopy(records), viaText(records));
    expect(jsonCopy(records)).toStrictEqual(viaText(records));
  });
});

describe('prepareChange', () => {
  const decode = (json: string[]) => encodePieces(json).toString('utf8');

  it('writes the journal the change as it did when the text was joined', () => {
    const records = {
      handoffs: [{ value: aHandoff('cus_1'), expectedVersion: null }],
      deliveries: [aDelivery()],
    };
    const audit = [anAudit('cus_1'), anAudit('cus_2', { id: 'aud_2' })];
    const touchpoints = [aTouchpoint('cus_1')];
    const cases: ChangeSet[] = [
      {},
      records,
      { followUpsSent: ['f1', 'f2'] },
      { ...records, followUpsSent: ['f1'], eraseHistoryOf: ['c1'], touchpoints, audit },
      { audit: [] },
      { audit },
    ];
    for (const change of cases) {
      const { audit: a, touchpoints: t, followUpsSent: s, eraseHistoryOf: e, ...rest } = change;
      // The order the journal has always had: records, then these, then the history entries.
      const expected = JSON.stringify({
        ...rest,
        followUpsSent: s,
        eraseHistoryOf: e,
        touchpoints: t,
        audit: a,
      });
      const prepared = prepareChange(change);
      expect(decode(prepared.json)).toBe(expected);
      expect(prepared.copy).toStrictEqual(
        JSON.parse(JSON.stringify({ ...rest, followUpsSent: s, eraseHistoryOf: e })),
      );
      expect(prepared.lines.map((l) => JSON.parse(l.entryJson))).toEqual(
        viaText([...(t ?? []), ...(a ?? [])]),
      );
    }
  });

  it('encodes text beyond ASCII', () => {
    const change: ChangeSet = { audit: [anAudit('cus_1', { details: { note: 'Grüße 💡 한국어' } })] };
    expect(decode(prepareChange(change).json)).toBe(JSON.stringify(change));
    expect(encodePieces(['é', '💡'], '{', '}').toString()).toBe('{é💡}');
  });
});
