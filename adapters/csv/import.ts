import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { cancelAll } from '../../src/domain/followups.js';
import type { Customer, FollowUp } from '../../src/domain/types.js';
import { BatonError, errorMessage } from '../../src/errors.js';
import { segmentFieldNames } from '../../src/playbooks/segments.js';
import { customerAudit } from '../../src/services/audit.js';
import { type CustomerData, matchCustomer } from '../../src/services/customer-upsert.js';
import type { Services } from '../../src/services/index.js';
import { planCadence } from '../../src/services/sla.js';
import { mapColumns, sniffDelimiter } from './columns.js';
import { formatImportReport, type ImportReport } from './report.js';
import { planRow } from './row.js';
import { isPostPurchaseTeam } from './values.js';

export { formatImportReport, type ImportReport };

const IDENTITY = [
  'name',
  'id:crm',
  'id:hubspot',
  'id:salesforce',
  'id:stripe',
  'domain',
  'contactEmail',
] as const;

/**
 * `baton import <file.csv> [--apply]`: customers with their owners, team,
 * language and last contact from a CRM export. A dry run by default: the
 * report says what would be created or updated and every row that cannot be
 * used. With `apply`, each customer is written in its own commit, with an
 * audit entry, and post-purchase customers get their contact cadence.
 */
export async function importCsv(opts: {
  file: string;
  apply: boolean;
  services: Services;
}): Promise<ImportReport> {
  const { deps } = opts.services;
  let text: string;
  try {
    text = await readFile(opts.file, 'utf8');
  } catch (err) {
    throw new BatonError('IMPORT_FILE_UNREADABLE', `Cannot read ${opts.file}: ${errorMessage(err)}`);
  }
  const report: ImportReport = {
    file: path.basename(opts.file),
    applied: opts.apply,
    rows: 0,
    columns: [],
    create: [],
    update: [],
    unchanged: [],
    skipped: [],
    warnings: [],
    overdue: 0,
    problems: [],
  };
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: sniffDelimiter(text.replace(/^\uFEFF/, '')),
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (err) {
    report.problems.push(`the file is not valid CSV: ${errorMessage(err)}`);
    return report;
  }
  const [header, ...rows] = records;
  if (!header) {
    report.problems.push('the file is empty');
    return report;
  }
  const columns = mapColumns(header, segmentFieldNames(deps.dir.playbooks));
  report.columns = columns.headers.map((h) => ({ header: h.header, field: h.field }));
  report.rows = rows.length;
  if (!IDENTITY.some((f) => columns.fields.has(f))) {
    report.problems.push(
      'no column names the customer: add one headed e.g. "Company Name", "Account Name", "Domain", "Email" or "Record ID"',
    );
    return report;
  }

  const now = deps.clock.now();
  const seen = new Map<string, number>();
  const names = new Map((await deps.store.customerNames()).map((n) => [n.name.toLowerCase(), n.id]));
  for (const [i, cells] of rows.entries()) {
    const row = i + 2;
    const plan = planRow(deps.dir, columns, cells, now);
    if (!plan.ok) {
      report.skipped.push({ row, reason: plan.reason });
      continue;
    }
    const keys = plan.keys.length > 0 ? plan.keys : [`name:${plan.data.name?.toLowerCase()}`];
    const earlier = keys.map((k) => seen.get(k)).find((r) => r !== undefined);
    if (earlier !== undefined) {
      report.skipped.push({ row, reason: `the same customer as row ${earlier}` });
      continue;
    }
    for (const k of keys) seen.set(k, row);
    let data = plan.data;
    if (plan.keys.length === 0) {
      // A name alone finds nothing in the store's indexes: an existing customer of that exact name is reached through what identifies it.
      const id = names.get(data.name?.toLowerCase() ?? '');
      const existing = id ? await deps.store.getCustomer(id) : undefined;
      if (existing) {
        const handle = identityOf(existing);
        if (!handle) {
          report.skipped.push({
            row,
            reason: `a customer named "${existing.name}" exists; add an id, domain or email to this row to update it`,
          });
          continue;
        }
        data = { ...data, ...handle };
      }
    }
    for (const w of plan.warnings) report.warnings.push({ row, message: w });
    const outcome = await importRow(opts.services, data, plan.team, row, opts);
    if (outcome.kind === 'skipped') report.skipped.push({ row, reason: outcome.reason });
    else if (outcome.kind === 'created') report.create.push({ row, ...outcome.summary });
    else if (outcome.kind === 'updated') report.update.push({ row, ...outcome.summary });
    else report.unchanged.push({ row, name: outcome.name });
    if (outcome.kind !== 'skipped' && outcome.overdue) report.overdue++;
  }
  return report;
}

function identityOf(c: Customer): Partial<CustomerData> | undefined {
  const [system, id] = Object.entries(c.externalIds)[0] ?? [];
  if (system && id) return { externalIds: { [system]: id } };
  if (c.domain) return { domain: c.domain };
  const email = c.contacts.find((k) => k.email)?.email;
  return email ? { contacts: [{ name: email, email }] } : undefined;
}

type RowOutcome =
  | { kind: 'skipped'; reason: string }
  | { kind: 'created'; summary: { name: string; team: string; owner?: string }; overdue: boolean }
  | { kind: 'updated'; summary: { name: string; customerId: string; changes: string[] }; overdue: boolean }
  | { kind: 'unchanged'; name: string; overdue: boolean };

async function importRow(
  services: Services,
  data: CustomerData,
  stageTeam: string | undefined,
  row: number,
  opts: { file: string; apply: boolean },
): Promise<RowOutcome> {
  const { deps } = services;
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = deps.clock.now();
    const at = now.toISOString();
    const ownerTeam = data.owner ? deps.dir.person(data.owner)?.team : undefined;
    const m = await matchCustomer(deps, { ...data, team: stageTeam ?? ownerTeam });
    const before = m.created ? undefined : await deps.store.getCustomer(m.customer.id);
    let customer = m.customer;
    const live = before
      ? (await deps.store.listHandoffs({ customerId: customer.id })).filter((h) => h.state !== 'declined')
      : [];
    if (before && stageTeam && stageTeam !== before.team && live.length === 0) {
      customer = { ...customer, team: stageTeam, stage: deps.dir.team(stageTeam)?.stage ?? stageTeam };
    }
    if (isPostPurchaseTeam(deps.dir, customer.team) && !customer.postPurchase) {
      customer = { ...customer, postPurchase: true };
    }
    // While a handoff is in flight its own SLAs keep the customer in contact.
    const cadence =
      live.length === 0 ? planCadence(deps.dir, customer, new Date(customer.lastContactAt ?? at)) : undefined;
    if (cadence) customer = { ...customer, contactDueAt: cadence.deadline.toISOString() };
    const overdue = cadence !== undefined && cadence.deadline < now;
    const changes = before ? changed(before, customer) : [];
    if (before && changes.length === 0) return { kind: 'unchanged', name: before.name, overdue };
    if (opts.apply) {
      const old = (await deps.store.listFollowUps({ customerId: customer.id })).filter(
        (f) => f.window === 'cadence',
      );
      const followUps: FollowUp[] = [...cancelAll(old, at, 'imported'), ...(cadence?.followUps ?? [])];
      const details = { file: path.basename(opts.file), row, ...(before ? { changes } : {}) };
      const r = await deps.store.commit({
        customers: [{ value: customer, expectedVersion: m.expectedVersion }],
        followUps,
        audit: [
          customerAudit(
            deps.ids,
            at,
            'import',
            before ? 'customer.imported' : 'customer.created',
            customer.id,
            details,
          ),
        ],
      });
      if (!r.ok) {
        if (r.reason === 'conflict') continue;
        return { kind: 'skipped', reason: `not written: ${r.reason}` };
      }
    }
    if (!before) {
      const owner = customer.owner ? deps.dir.personName(customer.owner) : undefined;
      return {
        kind: 'created',
        summary: { name: customer.name, team: deps.dir.teamName(customer.team), ...(owner ? { owner } : {}) },
        overdue,
      };
    }
    return { kind: 'updated', summary: { name: customer.name, customerId: customer.id, changes }, overdue };
  }
  return {
    kind: 'skipped',
    reason: 'the customer kept changing while it was imported; run the import again',
  };
}

const COMPARED = ['name', 'domain', 'language', 'owner', 'team', 'postPurchase', 'lastContactAt'] as const;

function changed(before: Customer, after: Customer): string[] {
  const out: string[] = COMPARED.filter((k) => before[k] !== after[k]);
  if (JSON.stringify(before.externalIds) !== JSON.stringify(after.externalIds)) out.push('external ids');
  if (JSON.stringify(before.contacts) !== JSON.stringify(after.contacts)) out.push('contacts');
  if (JSON.stringify(before.aliases) !== JSON.stringify(after.aliases)) out.push('aliases');
  if (JSON.stringify(before.attributes ?? {}) !== JSON.stringify(after.attributes ?? {}))
    out.push('attributes');
  return out;
}
