import type { Directory } from '../../src/config/directory.js';
import { numberOf } from '../../src/domain/segment-match.js';
import type { Contact, CustomerAttributes } from '../../src/domain/types.js';
import type { CustomerData } from '../../src/services/customer-upsert.js';
import type { ColumnMap, Field } from './columns.js';
import { dateOf, domainOf, EMAIL, languageOf, ownerOf, teamOf } from './values.js';

export type RowPlan =
  | { ok: false; reason: string }
  | {
      ok: true;
      data: CustomerData;
      /** The team the stage cell names, when it names one. */
      team?: string;
      warnings: string[];
      /** What identifies the customer inside this file, to catch a customer listed twice. */
      keys: string[];
    };

/**
 * One data row as customer data. A row is unusable when nothing in it can
 * find the customer again (no name, id, domain or email) or its stage names
 * no team; anything else that does not read is left out with a warning.
 */
export function planRow(dir: Directory, columns: ColumnMap, cells: string[], now: Date): RowPlan {
  const cell = (f: Field) => {
    const i = columns.fields.get(f);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const warnings: string[] = [];
  const externalIds: Record<string, string> = {};
  for (const system of ['crm', 'hubspot', 'salesforce', 'stripe'] as const) {
    const id = cell(`id:${system}`);
    if (id) externalIds[system] = id;
  }
  let domain: string | undefined;
  if (cell('domain')) {
    domain = domainOf(cell('domain'));
    if (!domain) warnings.push(`"${cell('domain')}" is no domain; left out`);
  }
  let email: string | undefined = cell('contactEmail') || undefined;
  if (email && !EMAIL.test(email)) {
    warnings.push(`"${email}" is no email address; left out`);
    email = undefined;
  }
  const name = cell('name');
  if (!name && !domain && !email && Object.keys(externalIds).length === 0) {
    return { ok: false, reason: 'nothing names the customer: no name, id, domain or email' };
  }

  let team: string | undefined;
  const stageCell = cell('stage');
  if (stageCell) {
    team = teamOf(dir, stageCell);
    if (!team) {
      const teams = Object.values(dir.config.teams)
        .map((t) => t.name)
        .join(', ');
      return {
        ok: false,
        reason: `stage "${stageCell}" is no team (teams: ${teams}; or a lifecycle stage like Lead, Opportunity, Customer)`,
      };
    }
  }
  let owner: string | undefined;
  if (cell('owner')) {
    owner = ownerOf(dir, cell('owner'));
    if (!owner)
      warnings.push(
        `owner "${cell('owner')}" is no person in the config (by key, email or name); imported without an owner`,
      );
  }
  let language: string | undefined;
  if (cell('language')) {
    language = languageOf(cell('language'));
    if (!language)
      warnings.push(
        `"${cell('language')}" is no language (use a code like ko or a name like Korean); left out`,
      );
  }
  let lastContactAt: string | undefined;
  if (cell('lastContact')) {
    lastContactAt = dateOf(cell('lastContact'));
    if (!lastContactAt)
      warnings.push(`last contact "${cell('lastContact')}" is no date (use YYYY-MM-DD); left out`);
    else if (lastContactAt > now.toISOString()) {
      warnings.push(`last contact ${lastContactAt.slice(0, 10)} is in the future; left out`);
      lastContactAt = undefined;
    }
  }

  const contactName =
    cell('contactName') ||
    [cell('contactFirstName'), cell('contactLastName')].filter(Boolean).join(' ') ||
    email;
  const contacts: Contact[] = [];
  if (contactName) {
    contacts.push({
      name: contactName,
      ...(email ? { email } : {}),
      ...(cell('contactPhone') ? { phone: cell('contactPhone') } : {}),
      ...(cell('contactRole') ? { role: cell('contactRole') } : {}),
    });
  }
  const attributes = attributesOf(columns, cell, warnings);
  const aliases = cell('aliases')
    .split(/[;|]/)
    .map((a) => a.trim())
    .filter(Boolean);
  const data: CustomerData = {
    ...(Object.keys(externalIds).length > 0 ? { externalIds } : {}),
    ...(name || domain ? { name: name || domain } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
    ...(domain ? { domain } : {}),
    ...(language ? { language } : {}),
    ...(contacts.length > 0 ? { contacts } : {}),
    ...(owner ? { owner } : {}),
    ...(lastContactAt ? { lastContactAt } : {}),
    ...(attributes ? { attributes } : {}),
  };
  const keys = [
    ...Object.entries(externalIds).map(([s, id]) => `${s}:${id}`),
    ...(domain ? [`domain:${domain}`] : []),
    ...(email ? [`email:${email.toLowerCase()}`] : []),
  ];
  return { ok: true, data, ...(team ? { team } : {}), warnings, keys };
}

/** Tier, region, deal value and the custom fields the playbooks' segments name; undefined when the row has none. */
function attributesOf(
  columns: ColumnMap,
  cell: (f: Field) => string,
  warnings: string[],
): CustomerAttributes | undefined {
  const fields: Record<string, string> = {};
  for (const f of columns.fields.keys()) {
    if (f.startsWith('field:') && cell(f)) fields[f.slice('field:'.length)] = cell(f);
  }
  let dealValue: number | undefined;
  if (cell('dealValue')) {
    // Currency signs and thousands separators as spreadsheets write them: "$120,000".
    dealValue = numberOf(cell('dealValue').replace(/^[^\d-]+/, ''));
    if (dealValue === undefined) warnings.push(`deal value "${cell('dealValue')}" is no number; left out`);
  }
  const out: CustomerAttributes = {
    ...(cell('tier') ? { tier: cell('tier') } : {}),
    ...(cell('region') ? { region: cell('region') } : {}),
    ...(dealValue !== undefined ? { dealValue } : {}),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}
