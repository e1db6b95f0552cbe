import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../adapters/store/lowdb/index.js';
import { aHandoff } from '../adapters/store/builders.js';
import { COVERAGE_CONFIG, COVERAGE_PLAYBOOKS } from '../fixtures/languages/org.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/harness.js';
import { aCustomer, seedCustomers } from '../support/seed.js';

/** Lines of the language coverage section, in the order printed. */
const coverage = (stdout: string) => stdout.split('\n').filter((l) => l.includes('language coverage'));

describe('baton check: language coverage', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let file: string;
  beforeEach(async () => {
    tmp = await tempDir('baton-check-coverage-');
    file = path.join(tmp.dir, 'baton.json');
  });
  afterEach(async () => tmp.cleanup());

  /** The fixture organisation written as files (JSON is YAML), with `config` changes. */
  async function check(config: object = COVERAGE_CONFIG) {
    const handoffs = path.join(tmp.dir, 'handoffs');
    await mkdir(handoffs, { recursive: true });
    await writeFile(path.join(tmp.dir, 'baton.config.yaml'), JSON.stringify(config));
    for (const [id, raw] of Object.entries(COVERAGE_PLAYBOOKS))
      await writeFile(path.join(handoffs, `${id}.yaml`), JSON.stringify(raw));
    return runCli(['check'], {
      cwd: tmp.dir,
      env: {
        BATON_CONFIG: path.join(tmp.dir, 'baton.config.yaml'),
        BATON_HANDOFFS: handoffs,
        BATON_DATA_FILE: file,
        DATABASE_URL: undefined,
      },
    });
  }

  async function seed(): Promise<void> {
    const store = await openLowdbStore({ file });
    await seedCustomers(
      store,
      aCustomer('kor1', 'Hanbit', 'delivery', { language: 'ko' }),
      aCustomer('kor2', 'Saebyeok', 'delivery', { language: 'ko-KR' }),
      aCustomer('plain', 'Plainview', 'delivery'),
      aCustomer('kor3', 'Dasom', 'care', { language: 'ko' }),
      aCustomer('kor4', 'Nuri', 'delivery', { language: 'ko' }),
    );
    const r = await store.commit({
      handoffs: [
        {
          value: aHandoff('kor4', { from: 'delivery', to: 'care', state: 'accepted' }),
          expectedVersion: null,
        },
      ],
    });
    await store.close();
    if (!r.ok) throw new Error(JSON.stringify(r));
  }

  it("lists each team's customer languages and speakers; a language nobody serves is a warning, and check still passes", async () => {
    await seed();
    const r = await check();
    expect(coverage(r.stdout)).toEqual([
      'ok   language coverage: Sales: no customers',
      'ok   language coverage: Delivery: Korean (ko) 3 customers — Jae-won Kim',
      'ok   language coverage: Delivery: English (en) 1 customer (1 with no language recorded: the default) — Priya Shah',
      "warn language coverage: Customer Care: Korean (ko) 2 customers — nobody serves it: add `ko` to someone's `languages` in baton.config.yaml or name a fallback team in the playbook's `languages:`",
    ]);
    expect(r.code, r.stdout).toBe(0);
  });

  it('control: once someone in Customer Care serves Korean, no warning is printed', async () => {
    await seed();
    const people = {
      ...COVERAGE_CONFIG.people,
      leo: { ...COVERAGE_CONFIG.people.leo, languages: ['en', 'ko'] },
    };
    const r = await check({ ...COVERAGE_CONFIG, people });
    expect(coverage(r.stdout)).toContain(
      'ok   language coverage: Customer Care: Korean (ko) 2 customers — Leo Grant',
    );
    expect(r.stdout).not.toContain('warn language coverage');
    expect(r.code, r.stdout).toBe(0);
  });

  it('says coverage is not checked, rather than warning on every team, when nobody lists languages', async () => {
    await seed();
    const people = Object.fromEntries(
      Object.entries(COVERAGE_CONFIG.people).map(([k, p]) => [k, { ...p, languages: [] }]),
    );
    const r = await check({ ...COVERAGE_CONFIG, people });
    expect(coverage(r.stdout)).toEqual([
      "skip language coverage: nobody in baton.config.yaml lists the languages they serve (a person's `languages:`)",
    ]);
  });
});
