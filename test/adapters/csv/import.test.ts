import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatImportReport, importCsv } from '../../../adapters/csv/import.js';
import { createMemoryStore } from '../../../adapters/store/memory/memory-store.js';
import { type Baton, createBaton } from '../../../app/app.js';
import { batonRegistry } from '../../../app/registry.js';
import { manualClock, sequentialIds } from '../../../src/clock.js';
import { parseEnv } from '../../../src/config/env.js';
import { silentLogger } from '../../../src/log.js';
import { REPO, tempDir } from '../../support/harness.js';

const here = path.join(REPO, 'test/adapters/csv/fixtures');
const HUBSPOT = path.join(here, 'hubspot-companies.csv');
const SALESFORCE = path.join(here, 'salesforce-accounts.csv');

let baton: Baton;
afterEach(async () => {
  await baton?.stop();
});

async function start(): Promise<Baton> {
  baton = await createBaton({
    env: parseEnv(
      {
        BATON_CONFIG: path.join(REPO, 'test/fixtures/webhooks/baton.config.yaml'),
        BATON_HANDOFFS: path.join(REPO, 'handoffs'),
      },
      batonRegistry,
    ),
    log: silentLogger,
    clock: manualClock('2026-11-23T15:00:00Z'),
    ids: sequentialIds(),
    store: createMemoryStore(),
    adapters: async () => [],
  });
  return baton;
}

describe('baton import <file.csv>', () => {
  it('reports in a dry run what it would create and every row it cannot use, writing nothing', async () => {
    const b = await start();
    const r = await importCsv({ file: HUBSPOT, apply: false, services: b.services });
    expect(r.problems).toEqual([]);
    expect(r.rows).toBe(8);
    expect(r.create.map((c) => [c.row, c.name, c.team, c.owner])).toEqual([
      [2, 'Acme Corp', 'Customer Care', 'Dana Reyes'],
      [3, 'Globex', 'Sales', 'Sam Okafor'],
      [4, 'Initech', 'Marketing', undefined],
      [7, 'Soylent, Inc.', 'Delivery', 'Priya Shah'],
      [9, 'Hooli', 'Customer Care', 'Min-ho Lee'],
    ]);
    expect(r.skipped).toEqual([
      { row: 5, reason: 'nothing names the customer: no name, id, domain or email' },
      { row: 6, reason: expect.stringContaining('stage "Space Station" is no team') },
      { row: 8, reason: 'the same customer as row 2' },
    ]);
    expect(r.warnings.map((w) => w.row)).toEqual([4, 4, 4, 4, 9]);
    expect(r.warnings.find((w) => w.message.startsWith('owner'))?.message).toContain(
      'nobody@elsewhere.example',
    );
    expect(r.overdue).toBe(1);
    expect(await b.store.stats()).toMatchObject({ customers: 0 });
    const text = formatImportReport(r);
    expect(text).toContain('Dry run of hubspot-companies.csv: nothing was written');
    expect(text).toContain('row 6: stage "Space Station" is no team');
    expect(text).toContain('Columns ignored: Industry');
    expect(text).toContain('Company Domain Name → domain');
  });

  it('writes with --apply: owners, teams, language, last contact, contacts; post-purchase customers get their cadence', async () => {
    const b = await start();
    const r = await importCsv({ file: HUBSPOT, apply: true, services: b.services });
    expect(r.create).toHaveLength(5);
    const acme = await b.store.findCustomerByExternalId('hubspot', '101');
    expect(acme).toMatchObject({
      name: 'Acme Corp',
      domain: 'acme.example',
      owner: 'dana',
      team: 'care',
      language: 'ko',
      postPurchase: true,
      lastContactAt: '2026-09-02T09:30:00.000Z',
      contacts: [{ name: 'Min-jun Kim', email: 'mj@acme.example' }],
    });
    // Past its 30-day cadence: it shows in the gaps, and its owner is reminded.
    expect(acme?.contactDueAt && acme.contactDueAt < '2026-11-23').toBe(true);
    expect((await b.store.listFollowUps({ customerId: acme?.id ?? '' })).length).toBeGreaterThan(0);
    const soylent = await b.store.findCustomerByEmailOrDomain('soylent.example');
    expect(soylent).toMatchObject({
      team: 'delivery',
      language: 'pt-BR',
      lastContactAt: '2026-11-20T00:00:00.000Z',
      contacts: [{ name: 'Helen\nThorn', email: 'helen@soylent.example' }],
    });
    const initech = await b.store.findCustomerByEmailOrDomain('initech.example');
    expect(initech).toMatchObject({
      team: 'marketing',
      postPurchase: false,
      contacts: [{ name: 'Bill Lumbergh' }],
    });
    expect(initech?.owner).toBeUndefined();
    const history = await b.store.history(acme?.id ?? '');
    expect(history.find((h) => h.kind === 'audit')?.entry).toMatchObject({
      actor: 'import',
      action: 'customer.created',
      details: { file: 'hubspot-companies.csv', row: 2 },
    });
    // Importing the same file again changes nothing.
    const again = await importCsv({ file: HUBSPOT, apply: false, services: b.services });
    expect(again.create).toEqual([]);
    expect(again.update).toEqual([]);
    expect(again.unchanged).toHaveLength(5);
  });

  it('updates customers found by domain from another export (semicolons, other headers)', async () => {
    const b = await start();
    await importCsv({ file: HUBSPOT, apply: true, services: b.services });
    const r = await importCsv({ file: SALESFORCE, apply: true, services: b.services });
    expect(r.update).toEqual([
      { row: 2, name: 'Initech', customerId: expect.any(String), changes: ['owner', 'team', 'external ids'] },
    ]);
    expect(r.create.map((c) => c.name)).toEqual(['Vandelay Industries']);
    expect(await b.store.findCustomerByExternalId('salesforce', '0016g00000InitAcAA')).toMatchObject({
      owner: 'dana',
      team: 'sales',
      externalIds: { hubspot: '103', salesforce: '0016g00000InitAcAA' },
    });
  });

  it('says what is wrong with a file it cannot read as customers', async () => {
    const b = await start();
    const tmp = await tempDir();
    try {
      const file = path.join(tmp.dir, 'notes.csv');
      const { writeFile } = await import('node:fs/promises');
      await writeFile(file, 'Industry,Notes\nPharma,call back\n');
      const r = await importCsv({ file, apply: false, services: b.services });
      expect(r.problems[0]).toContain('no column names the customer');
      await writeFile(file, 'Name,Domain\n"Acme,acme.example\n');
      expect((await importCsv({ file, apply: false, services: b.services })).problems[0]).toContain(
        'not valid CSV',
      );
      await expect(
        importCsv({ file: path.join(tmp.dir, 'missing.csv'), apply: false, services: b.services }),
      ).rejects.toThrow(/Cannot read/);
    } finally {
      await tmp.cleanup();
    }
  });
});
