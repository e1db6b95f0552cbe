import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { aDelivery } from '../adapters/store/builders.js';
import { checkExample } from '../support/cli.js';
import { tempDir } from '../support/harness.js';

const DANA_WAITS =
  'cannot message Dana Reyes in Teams yet: they have not installed Baton or talked to it; ask them to open Baton in Teams, or set TEAMS_SERVICE_URL';

describe('baton check: the outbox', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir('baton-check-outbox-');
  });
  afterEach(async () => tmp.cleanup());

  const check = (file: string) => checkExample(file, tmp.dir);

  it('names deliveries tried and waiting for another try, by what stops them', async () => {
    const file = path.join(tmp.dir, 'baton.json');
    const store = await openLowdbStore({ file });
    const toDana = { platform: 'teams' as const, target: { kind: 'person' as const, person: 'dana' } };
    await store.commit({
      deliveries: [
        aDelivery({ ...toDana, attempts: 2, lastError: DANA_WAITS }),
        aDelivery({ ...toDana, attempts: 1, lastError: DANA_WAITS }),
        aDelivery({ platform: 'teams', attempts: 3, lastError: 'Teams 502: Bad Gateway' }),
        // Queued and not tried yet: nothing to say about it.
        aDelivery({ platform: 'teams' }),
      ],
    });
    await store.close();
    const r = await check(file);
    expect(r.stdout).toContain(`warn outbox: 2 deliveries not sent yet, tried again later: ${DANA_WAITS}`);
    expect(r.stdout).toContain(
      'warn outbox: 1 delivery not sent yet, tried again later: Teams 502: Bad Gateway',
    );
    expect(r.stdout).not.toContain('ok   outbox');
    // Nothing else about the outbox: the not-yet-tried one is no warning.
    expect(r.stdout.match(/warn outbox/g)).toHaveLength(2);
    expect(r.code, r.stdout).toBe(0);
  });

  it('names the five commonest errors and sums the rest in one line', async () => {
    const file = path.join(tmp.dir, 'baton.json');
    const store = await openLowdbStore({ file });
    // Seven errors, error k on k+1 deliveries: errors 6 down to 2 named, errors 0 and 1 summed (3).
    const deliveries = Array.from({ length: 7 }, (_, k) =>
      Array.from({ length: k + 1 }, () =>
        aDelivery({ platform: 'teams', attempts: 1, lastError: `Teams 50${k}: error ${k}` }),
      ),
    ).flat();
    await store.commit({ deliveries });
    await store.close();
    const r = await check(file);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('warn outbox'));
    expect(lines.slice(0, 5)).toEqual(
      [6, 5, 4, 3, 2].map(
        (k) => `warn outbox: ${k + 1} deliveries not sent yet, tried again later: Teams 50${k}: error ${k}`,
      ),
    );
    expect(lines[5]).toBe(
      'warn outbox: 3 deliveries more not sent yet, with 2 other errors (see the log\'s "delivery will be retried")',
    );
    expect(lines).toHaveLength(6);
  });

  it('control: deliveries only queued are counted as pending, with no warning', async () => {
    const file = path.join(tmp.dir, 'baton.json');
    const store = await openLowdbStore({ file });
    await store.commit({ deliveries: [aDelivery({ platform: 'teams' }), aDelivery({ platform: 'teams' })] });
    await store.close();
    const r = await check(file);
    expect(r.stdout).toContain(
      'ok   outbox: 2 pending, none waiting for an unconfigured platform or being retried',
    );
    expect(r.stdout).not.toContain('warn outbox');
  });
});
