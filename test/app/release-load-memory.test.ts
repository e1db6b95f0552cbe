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
        return 0;
      },
      busyShare: () => 0,
      youngAfterMs: 60_000,
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
    await wait(600);
    expect(collections).toEqual(['full', 'compact']);
    release.cancel();
  });

  it('compacts while each collection still gives memory back, one quiet moment before each, never while requests come in', async () => {
    const log = recordingLog();
    const collections: string[] = [];
    // What each compacting collection gives back, MB: the third frees almost nothing.
    const given = [20, 8, 0.5];
    let busy = 0;
    const release = releaseLoadMemoryWhenIdle(Promise.resolve(), log, {
      collect: (what) => {
        collections.push(what);
        return what === 'compact' ? given.shift() : undefined;
      },
      busyShare: () => busy,
      youngAfterMs: 1_000,
    });
    await wait(1_100);
    expect(collections).toEqual(['full']);
    // Requests arrive: no collection pauses them.
    busy = 0.3;
    await wait(1_000);
    expect(collections).toEqual(['full']);
    busy = 0;
    await wait(900);
    expect(collections).toEqual(['full', 'compact', 'compact', 'compact']);
    await wait(1_100);
    expect(log.infos).toContain('holes the start-up left in the heap closed while idle');
    // The young generation waits for a further quiet second (youngAfterMs here).
    expect(collections).toEqual(['full', 'compact', 'compact', 'compact', 'young']);
    await wait(1_100);
    expect(log.infos).toContain('young generation grown by the start-up given back while idle');
    release.cancel();
  });

  it('control: while requests keep the event loop busy it does not pause Baton to collect', async () => {
    let collections = 0;
    const release = releaseLoadMemoryWhenIdle(Promise.resolve(), recordingLog(), {
      collect: () => collections++,
      busyShare: () => 0.4,
      youngAfterMs: 500,
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
    const heap = () => v8.getHeapStatistics().total_heap_size / 2 ** 20;
    // About 60 MB of small records that live on, then every other one dropped: pages half full,
    // like those the load leaves (a full collection moves objects only out of nearly empty pages).
    let kept: Array<{ id: string; n: number; more: number[] } | undefined> = [];
    for (let i = 0; i < 400_000; i++) kept.push({ id: `record-${i}`, n: i, more: [i, i + 1] });
    collect('full');
    collect('full');
    for (let i = 0; i < kept.length; i += 2) kept[i] = undefined;
    collect('full');
    const afterFull = heap();
    // Control: another full collection gives (almost) nothing back; the holes stay.
    collect('full');
    expect(afterFull - heap()).toBeLessThan(8);
    let given = 0;
    for (let i = 0; i < 8; i++) given += collect('compact') ?? 0;
    expect(given).toBeGreaterThan(15);
    expect(afterFull - heap()).toBeGreaterThan(15);
    kept = [];
  });
});
