import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { replicaLines } from '../../../app/cli/check-replicas.js';
import type { Store } from '../../../src/store/store.js';
import { FakeSlack } from '../../adapters/slack/fake-slack.js';
import { SECRET, TOKEN } from '../../adapters/slack/setup.js';
import { startTestBaton, type TestBaton, tempDir } from '../../support/harness.js';
import { type PostgresTarget, postgresTarget } from '../../support/postgres-target.js';
import { copyExample, editPlaybook, readyz, until } from './support.js';

/**
 * Two Baton replicas on one PostgreSQL schema, each reading its own copy of
 * the same files (as two containers with the same deploy would): a change
 * made to both copies is picked up by both and audited once; a change made
 * to one copy only is named by /readyz and `baton check` as replicas running
 * different configs.
 */
describe('live config on two replicas sharing PostgreSQL', () => {
  let pgt: PostgresTarget;
  let fake: FakeSlack;
  let cleanup: () => Promise<void>;
  const batons: TestBaton[] = [];

  beforeEach(async () => {
    pgt = await postgresTarget();
    fake = await new FakeSlack().start();
  });
  afterEach(async () => {
    for (const b of batons.splice(0)) await b.stop();
    await fake.close();
    await pgt.close();
    await cleanup();
  });

  const start = (store: Store, files: { config: string; handoffs: string }, replica: string) =>
    startTestBaton({
      adapters: async (ctx) => [await createSlackAdapter(ctx, { perSecond: 1_000, recheckMs: 0 })],
      env: {
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.url,
        BATON_CONFIG: files.config,
        BATON_HANDOFFS: files.handoffs,
        BATON_CONFIG_POLL_MS: '200',
        BATON_REPLICA: replica,
      },
      store,
    });

  const configOf = async (b: TestBaton) => (await readyz(b.url)).body.checks.config?.detail ?? '';

  it('both pick up a change, it is audited once, and replicas on different files are named', async () => {
    const tmp = await tempDir('baton-live-replicas-');
    cleanup = tmp.cleanup;
    await mkdir(path.join(tmp.dir, 'a'));
    const a = await copyExample(path.join(tmp.dir, 'a'));
    await cp(path.join(tmp.dir, 'a'), path.join(tmp.dir, 'b'), { recursive: true });
    const b = {
      config: path.join(tmp.dir, 'b', 'baton.config.yaml'),
      handoffs: path.join(tmp.dir, 'b', 'handoffs'),
    };
    const schema = pgt.freshSchema();
    const first = await pgt.open(schema);
    batons.push(await start(first, a, 'replica-a'), await start(await pgt.open(schema), b, 'replica-b'));
    const [ra, rb] = batons as [TestBaton, TestBaton];

    // Same files in two folders: the same config, and nothing to warn of.
    const before = await configOf(ra);
    expect(await configOf(rb)).toBe(before);
    expect((await readyz(ra.url)).body.warnings ?? []).toEqual([]);

    const slower = (pb: Record<string, unknown>) => {
      pb.sla = { accept: 'PT8H', firstContact: 'P3D' };
    };
    await editPlaybook(a.handoffs, 'sales-to-delivery', slower);
    await editPlaybook(b.handoffs, 'sales-to-delivery', slower);
    for (const r of batons)
      await until('both replicas to apply the change', async () =>
        (await configOf(r)) !== before ? true : undefined,
      );
    expect(await configOf(ra)).toBe(await configOf(rb));
    for (const r of batons) expect(r.baton.dir.playbook('sales-to-delivery')?.sla.accept).toBe('PT8H');
    // A applies before its row in the store says so: B may name the difference for the moment
    // A takes to record it, never longer.
    await until('replica B to stop naming a difference once both run the change', async () =>
      ((await readyz(rb.url)).body.warnings ?? []).length === 0 ? true : undefined,
    );

    const audit = await ra.store.scanAudit({ actions: ['config.changed'], limit: 10 });
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]?.details?.playbooks).toMatchObject({
      changed: [{ id: 'sales-to-delivery', sla: { after: { accept: 'PT8H', firstContact: 'P3D' } } }],
    });

    // Only replica A's files change: B runs on, and both say the replicas differ.
    await editPlaybook(a.handoffs, 'sales-to-delivery', (pb) => {
      pb.sla = { accept: 'PT1H', firstContact: 'P3D' };
    });
    const differ = await until('replica B to see that A runs another config', async () => {
      const w = (await readyz(rb.url)).body.warnings ?? [];
      return w.find((x) => x.includes('replicas run different configs'));
    });
    expect(differ).toContain('replica-a on');
    expect(differ).toContain('replica-b on');
    expect(rb.baton.dir.playbook('sales-to-delivery')?.sla.accept).toBe('PT8H');

    // `baton check` run next to replica B (on B's files) names A as the one on other files.
    const lines = await replicaLines(
      { configFile: b.config, playbookDir: b.handoffs },
      first,
      rb.clock.now(),
    );
    expect(lines.find((l) => l.message.startsWith('replica replica-a'))?.level).toBe('warn');
    expect(lines.find((l) => l.message.startsWith('replica replica-b'))?.level).toBe('ok');
  }, 120_000);
});
