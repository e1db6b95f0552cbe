import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { collector, releaseLoadMemoryWhenIdle } from '../../app/release-load-memory.js';
import type { Logger } from '../../src/log.js';

function recordingLog(): Logger & { infos: string[] } {
  const infos: string[] = [];
  const log: Logger & { infos: string[] } = {
    infos,
    info: (_o, msg) => infos.push(msg ?? ''),
    debug: () => {},
    warn: () => {},
    error: () => {},
    child: () => log,
  };
  return log;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('giving start-up garbage back once Baton is idle', () => {
  it('collects once, after the load is done and the event loop has been quiet for a second, and says so', async () => {
    const log = recordingLog();
    const collections: string[] = [];
    // Nothing left to compact: one compacting collection that gives nothing back ends that phase.
    let done!: () => void;
    const loaded = new Promise<void>((r) => {
      done = r;
    });
    const release = releaseLoadMemoryWhenIdle(loaded, log, {
      collect: (what) => {
        collections.push(what);
        return what === 'young' ? 30 : 0;
      },
      busyShare: () => 0,
    });
    await wait(1_500);
    // Still loading: nothing happens however quiet it is.
    expect(collections).toEqual([]);
    done();
    await wait(1_400);
    expect(collections).toEqual(['full', 'compact']);
    await wait(1_100);
    expect(log.infos).toContain('start-up loaded; its garbage collected while idle');
    expect(log.infos).toContain('holes the start-up left in the heap closed while idle');
    // The young generation given back at once: no more collections after that.
    expect(collections).toEqual(['full', 'compact', 'young']);
    await wait(600);
    expect(collections).toEqual(['full', 'compact', 'young']);
    release.cancel();
  });

  it('compacts while each collection still gives memory back, one quiet moment before each, never while requests come in', async () => {
    const log = recordingLog();
    const collections: string[] = [];
    // What each compacting collection gives back, MB: the third frees almost nothing.
    const given = [20, 8, 0.5];
    // What each young collection gives back: V8 shrinks its young space at the third.
    const young = [0, 0.2, 31];
    let busy = 0;
    const release = releaseLoadMemoryWhenIdle(Promise.resolve(), log, {
      collect: (what) => {
        collections.push(what);
        return what === 'compact' ? given.shift() : what === 'young' ? young.shift() : undefined;
      },
      busyShare: () => busy,
    });
    await wait(1_100);
    expect(collections).toEqual(['full']);
    // Requests arrive: no collection pauses them.
    busy = 0.3;
    await wait(1_000);
    expect(collections).toEqual(['full']);
    busy = 0;
    await wait(900);
    expect(collections.slice(0, 4)).toEqual(['full', 'compact', 'compact', 'compact']);
    await wait(1_100);
    expect(log.infos).toContain('holes the start-up left in the heap closed while idle');
    // Then young collections in a row at the next quiet moment, until one gives the young space back.
    const all = ['full', 'compact', 'compact', 'compact', 'young', 'young', 'young'];
    expect(collections).toEqual(all);
    await wait(1_100);
    expect(log.infos).toContain('young generation grown by the start-up given back while idle');
    expect(collections).toEqual(all);
    release.cancel();
  });

  it('control: while requests keep the event loop busy it does not pause Baton to collect', async () => {
    let collections = 0;
    const release = releaseLoadMemoryWhenIdle(Promise.resolve(), recordingLog(), {
      collect: () => collections++,
      busyShare: () => 0.4,
    });
    await wait(2_000);
    expect(collections).toBe(0);
    release.cancel();
  });

  it('a stop before it ran cancels it', async () => {
    let collections = 0;
    const release = releaseLoadMemoryWhenIdle(Promise.resolve(), recordingLog(), {
      collect: () => collections++,
      busyShare: () => 0,
    });
    release.cancel();
    await wait(1_500);
    expect(collections).toBe(0);
  });
});

describe("V8's collections as release-load-memory runs them", () => {
  it('a compacting collection gives back half-empty pages that a full one keeps', () => {
    const collect = collector();
    expect(collect).toBeDefined();
    if (!collect) return;
    // Old space only: a full collection may also resize the young generation (up to 16 MB of
    // semi-spaces), which once gave the control's full collection 9.25 MB back.
    const heap = () =>
      (v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')?.space_size ?? 0) / 2 ** 20;
    // About 60 MB of small records that live on, then every other one dropped: pages half full,
    // like those the load leaves (a full collection moves objects only out of nearly empty pages).
    const kept: Array<{ id: string; n: number; more: number[] } | undefined> = [];
    for (let i = 0; i < 400_000; i++) kept.push({ id: `record-${i}`, n: i, more: [i, i + 1] });
    collect('full');
    collect('full');
    for (let i = 0; i < kept.length; i += 2) kept[i] = undefined;
    collect('full');
    const afterFull = heap();
    // Control: another full collection gives less back (a few empty pages, now and then a few
    // pages V8 chose to compact: 0-8 MB of about 30 in repeated runs); most holes stay.
    collect('full');
    const afterControl = heap();
    const byFull = afterFull - afterControl;
    let given = 0;
    for (let i = 0; i < 8; i++) given += collect('compact') ?? 0;
    const byCompact = afterControl - heap();
    expect(given).toBeGreaterThan(15);
    expect(byCompact).toBeGreaterThan(15);
    expect(byFull).toBeLessThan(byCompact);
    // Read after the collections, so the records stay live: without a read, an optimised (OSR)
    // frame of this function treats `kept` as dead, the third full collection frees all of it,
    // and there are no half-empty pages left to compact (the flake of sessions 11-12).
    expect(kept.filter(Boolean)).toHaveLength(200_000);
  });
});

describe("V8's young generation after a load", () => {
  it('young collections in a row on a quiet heap have V8 give back the young space the load grew', async () => {
    const collect = collector();
    expect(collect).toBeDefined();
    if (!collect) return;
    const youngMb = () =>
      (v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0) / 2 ** 20;
    // A load's allocation rate: short-lived objects for a second grow the young space to its maximum.
    const until = Date.now() + 1_000;
    let sink = 0;
    while (Date.now() < until) {
      const batch = Array.from({ length: 1_000 }, (_, i) => ({ i, text: `row-${i}` }));
      sink += batch.length;
    }
    expect(sink).toBeGreaterThan(0);
    const grown = youngMb();
    expect(grown).toBeGreaterThanOrEqual(8);
    // Control: one young collection right after the load gives nothing back; V8 still sees the load's rate.
    expect(collect('young')).toBeLessThan(1);
    expect(youngMb()).toBe(grown);
    let given = 0;
    for (let i = 0; i < 14 && given < 1; i++) {
      await wait(30);
      given = collect('young') ?? 0;
    }
    expect(given).toBeGreaterThan(grown / 2);
    expect(youngMb()).toBeLessThan(grown / 2);
  });
});
