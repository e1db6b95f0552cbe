import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_COLUMNS } from '../../adapters/export/audit-rows.js';
import { CUSTOMER_COLUMNS } from '../../adapters/export/customer-rows.js';
import { HANDOFF_COLUMNS } from '../../adapters/export/handoff-rows.js';
import { type ExportFormat, writeRows } from '../../adapters/export/stream.js';
import { type ExportKind, exportSource } from '../../app/cli/export-sources.js';
import { sinceOf } from '../../app/cli/report-journey.js';
import { forgetCustomer } from '../../src/services/forget.js';
import { runCli } from '../support/cli.js';
import { REPO, startTestBaton, type TestBaton, tempDir } from '../support/harness.js';
import { type PostgresTarget, postgresTarget } from '../support/postgres-target.js';
import { recordingPlatform } from '../support/recording-notifier.js';
import { aCustomer, seedCustomers } from '../support/seed.js';

/** Everything personal about Acme, who asks to be forgotten: none of it may be in any export. */
const ACME_PERSONAL = ['Acme Corp', 'ACME Korea', 'acme.example', 'Min-jun', '+82 10 1234 5678', 'hs-991'];

type Kind = 'memory' | 'lowdb' | 'postgres';

describe.each(['memory', 'lowdb', 'postgres'] as const)(
  'baton export (%s store)',
  { timeout: 120_000 },
  (kind: Kind) => {
    let t: TestBaton;
    let tmp: Awaited<ReturnType<typeof tempDir>>;
    let pg: PostgresTarget | undefined;
    let env: Record<string, string>;
    const handoffIds: string[] = [];

    beforeAll(async () => {
      tmp = await tempDir('baton-export-');
      const file = path.join(tmp.dir, 'baton.json');
      env = { BATON_DATA_FILE: file, BATON_CONFIG: path.join(REPO, 'baton.config.example.yaml') };
      let store: Parameters<typeof startTestBaton>[0]['store'] = 'memory';
      if (kind === 'lowdb') store = { file };
      if (kind === 'postgres') {
        pg = await postgresTarget();
        const schema = pg.freshSchema();
        store = await pg.open(schema);
        env = {
          ...env,
          DATABASE_URL: process.env.BATON_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
          BATON_DB_SCHEMA: schema,
        };
      }
      // A running Baton: on lowdb it holds the data file's lock for the whole test.
      t = await startTestBaton({ adapters: async () => [recordingPlatform('slack').adapter], store });
      await seedCustomers(
        t.store,
        aCustomer('acme', 'Acme Corp', 'marketing', {
          aliases: ['ACME Korea'],
          domain: 'acme.example',
          externalIds: { crm: 'crm-acme', hubspot: 'hs-991' },
          contacts: [{ name: 'Min-jun Kim', email: 'mj@acme.example', phone: '+82 10 1234 5678' }],
        }),
        aCustomer('globex', '=Globex, "the" company', 'sales', {
          contacts: [{ name: 'Hank Scorpio' }],
          attributes: {
            tier: 'enterprise',
            region: 'emea',
            dealValue: 48000,
            fields: { industry: 'fintech' },
          },
        }),
      );
      const s = t.baton.services;
      for (const [customer, actor, to] of [
        ['acme', 'mia', 'sales'],
        ['globex', 'sam', 'delivery'],
      ] as const) {
        const started = await s.startHandoff({
          actor,
          customer: { id: customer },
          to: { team: to },
          context: {
            summary: 'Min-jun asked for a demo',
            goLiveDate: '2027-01-15',
            keyContact: 'Min-jun Kim',
          },
          source: { kind: 'person' },
        });
        if (!started.ok) throw new Error(JSON.stringify(started));
        handoffIds.push(started.value.handoff.id);
      }
      const erased = await forgetCustomer(s.deps, { customerId: 'acme', actor: 'dana', confirmed: true });
      expect(erased.ok).toBe(true);
    }, 60_000);

    afterAll(async () => {
      await t?.stop();
      await pg?.close();
      await tmp?.cleanup();
    });

    /** The export as `baton export` writes it: in process on memory (no CLI can reach it), else the CLI. */
    async function exported(what: ExportKind, format: ExportFormat, since?: string): Promise<string> {
      if (kind === 'memory') {
        let text = '';
        const sink = new Writable({
          write(chunk, _enc, done) {
            text += chunk.toString();
            done();
          },
        });
        const now = new Date();
        await writeRows(
          sink,
          format,
          exportSource(t.store, what, now, since ? sinceOf(since, now) : undefined),
        );
        return text;
      }
      const args = ['export', what, '--format', format, ...(since ? ['--since', since] : [])];
      const r = await runCli(args, { env });
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    }

    const csv = (text: string) =>
      parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
    const header = (text: string) => (parse(text, { bom: true, to_line: 1 }) as string[][])[0];

    it('writes customers as CSV that parses back, the erased one without a trace of personal data', async () => {
      const text = await exported('customers', 'csv');
      expect(header(text)).toEqual([...CUSTOMER_COLUMNS]);
      const rows = csv(text);
      expect(rows.map((r) => r.customer_id)).toEqual(['acme', 'globex']);
      // Formulas stay text in a spreadsheet; commas and quotes survive the round trip.
      expect(rows[1]).toMatchObject({ name: '\'=Globex, "the" company', team: 'sales', erased_at: '' });
      expect(rows[1]?.contacts).toContain('Hank Scorpio');
      // What its playbook segment matched on, so a CX lead can see why it went where it did.
      expect(rows[1]).toMatchObject({ tier: 'enterprise', region: 'emea', deal_value: '48000' });
      expect(JSON.parse(rows[1]?.fields ?? '')).toEqual({ industry: 'fintech' });
      expect(rows[0]).toMatchObject({ tier: '', region: '', deal_value: '', fields: '' });
      expect(rows[0]).toMatchObject({ name: '', aliases: '', domain: '', contacts: '', external_ids: '' });
      expect(rows[0]?.erased_at).not.toBe('');
      expect(ACME_PERSONAL.filter((p) => text.includes(p))).toEqual([]);
    });

    it('writes handoffs and the audit log, an erased customer’s rows anonymous', async () => {
      const handoffs = await exported('handoffs', 'jsonl');
      const lines = handoffs
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(Object.keys(lines[0] ?? {})).toEqual([...HANDOFF_COLUMNS]);
      expect(lines.map((l) => l.handoff_id).sort()).toEqual([...handoffIds].sort());
      expect(lines.find((l) => l.customer_id === 'acme')).toMatchObject({
        customer: null,
        state: 'cancelled',
      });
      expect(lines.find((l) => l.customer_id === 'globex')).toMatchObject({
        customer: '=Globex, "the" company',
        to_team: 'delivery',
      });

      const audit = await exported('audit', 'csv');
      expect(header(audit)).toEqual([...AUDIT_COLUMNS]);
      const rows = csv(audit);
      expect(rows.filter((r) => r.action === 'handoff.opened')).toHaveLength(2);
      expect(rows.find((r) => r.action === 'handoff.cancelled')).toMatchObject({
        customer_id: 'acme',
        customer: '',
      });
      expect(rows.some((r) => r.action === 'customer.erased')).toBe(true);
      for (const text of [handoffs, audit]) expect(ACME_PERSONAL.filter((p) => text.includes(p))).toEqual([]);
    });

    it('takes --since as days, weeks or a date, and refuses anything else naming the accepted forms', async () => {
      // The test Baton's clock is 2026-11-23; the export reads the real clock, so dates decide here.
      expect(csv(await exported('audit', 'csv', '2026-11-23')).length).toBeGreaterThan(0);
      expect(csv(await exported('audit', 'csv', '2026-11-24'))).toEqual([]);
      expect(await exported('handoffs', 'jsonl', '2026-11-24')).toBe('');
      expect(header(await exported('customers', 'csv', '2026-11-24'))).toEqual([...CUSTOMER_COLUMNS]);
      // The refusals read no store: once is enough.
      if (kind !== 'lowdb') return;
      for (const wrong of ['yesterday', '3m']) {
        const r = await runCli(['export', 'audit', '--since', wrong], { env });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('INVALID_ARGUMENT');
        expect(r.stderr).toMatch(/30d|8w|2026-11-01/);
      }
      const noKind = await runCli(['export', 'people'], { env });
      expect(noKind.code).toBe(2);
      expect(noKind.stderr).toContain('one of audit, handoffs, customers');
    });

    // The CLI writes files only for a store it can open from outside (memory lives in the test).
    if (kind !== 'memory')
      it('writes --out whole, readable by its owner only', async () => {
        const out = path.join(tmp.dir, 'audit.jsonl');
        const r = await runCli(['export', 'audit', '--format', 'jsonl', '--out', out], { env });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toBe('');
        const lines = (await readFile(out, 'utf8')).trim().split('\n');
        expect(r.stderr).toContain(`${lines.length} audit rows written to ${out}`);
        expect(lines.map((l) => Object.keys(JSON.parse(l) as object))[0]).toEqual([...AUDIT_COLUMNS]);
        expect((await stat(out)).mode & 0o777).toBe(0o600);
      });
  },
);
