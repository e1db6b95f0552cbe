import { describe, expect, it } from 'vitest';
import { releaseLoadMemoryWhenIdle } from '../../app/release-load-memory.js';
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
    let done!: () => void;
    const loaded = new Promise<void>((r) => {
      done = r;
    });
    const release = releaseLoadMemoryWhenIdle(loaded, log, {
      collect: (what) => collections.push(what),
      busyShare: () => 0,
      youngAfterMs: 60_000,
    });
    await wait(1_500);
    // Still loading: nothing happens however quiet it is.
    expect(collections).toEqual([]);
    done();
    await wait(1_600);
    expect(collections).toEqual(['full']);
    await wait(1_100);
    expect(log.infos).toContain('start-up loaded; its garbage collected while idle');
    await wait(600);
    expect(collections).toEqual(['full']);
    release.cancel();
  });

  it('gives the young generation back after more quiet time, and not while requests come in', async () => {
    const log = recordingLog();
    const collections: string[] = [];
    let busy = 0;
    const release = releaseLoadMemoryWhenIdle(Promise.resolve(), log, {
      collect: (what) => collections.push(what),
      busyShare: () => busy,
      youngAfterMs: 1_000,
    });
    await wait(1_400);
    expect(collections).toEqual(['full']);
    // Requests arrive: the young collection waits for a quiet second again.
    busy = 0.3;
    await wait(1_500);
    expect(collections).toEqual(['full']);
    busy = 0;
    await wait(1_500);
    expect(collections).toEqual(['full', 'young']);
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
