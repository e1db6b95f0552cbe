/** What a column can hold. External ids say which system they belong to; `field:<name>` a CRM custom field. */
export type Field = BuiltInField | `field:${string}`;

type BuiltInField =
  | 'name'
  | 'aliases'
  | 'id:crm'
  | 'id:hubspot'
  | 'id:salesforce'
  | 'id:stripe'
  | 'domain'
  | 'owner'
  | 'stage'
  | 'language'
  | 'lastContact'
  | 'contactName'
  | 'contactFirstName'
  | 'contactLastName'
  | 'contactEmail'
  | 'contactPhone'
  | 'contactRole'
  | 'tier'
  | 'region'
  | 'dealValue';

/**
 * Header names as CRMs export them (HubSpot, Salesforce, Pipedrive, a
 * spreadsheet), compared without case, spaces or punctuation.
 */
const ALIASES: Record<BuiltInField, string[]> = {
  name: [
    'name',
    'company',
    'company name',
    'account',
    'account name',
    'customer',
    'customer name',
    'organization',
    'organisation',
    'organization name',
    'client',
    'client name',
  ],
  aliases: ['aliases', 'alias', 'aka', 'also known as', 'other names', 'trading name'],
  'id:crm': ['id', 'external id', 'customer id', 'crm id', 'client id'],
  'id:hubspot': [
    'record id',
    'hubspot id',
    'hubspot record id',
    'company id',
    'record id company',
    'hs object id',
  ],
  'id:salesforce': [
    'account id',
    'salesforce id',
    'sfdc id',
    'account id 18',
    '18 digit account id',
    'case safe id',
  ],
  'id:stripe': ['stripe id', 'stripe customer id', 'stripe customer'],
  domain: [
    'domain',
    'company domain',
    'company domain name',
    'domain name',
    'website',
    'website url',
    'company website',
    'web site',
    'url',
  ],
  owner: [
    'owner',
    'owner email',
    'owner name',
    'company owner',
    'account owner',
    'contact owner',
    'deal owner',
    'hubspot owner',
    'csm',
    'customer success manager',
    'account manager',
    'assigned to',
  ],
  stage: [
    'stage',
    'team',
    'lifecycle stage',
    'lifecyclestage',
    'journey stage',
    'customer stage',
    'owning team',
  ],
  language: ['language', 'preferred language', 'customer language', 'locale', 'language preference'],
  lastContact: [
    'last contact',
    'last contacted',
    'last contact date',
    'last contacted date',
    'last activity',
    'last activity date',
    'last engagement date',
    'last touch',
    'last touchpoint',
    'notes last contacted',
  ],
  contactName: [
    'contact',
    'contact name',
    'primary contact',
    'primary contact name',
    'main contact',
    'key contact',
  ],
  contactFirstName: ['first name', 'contact first name', 'firstname'],
  contactLastName: ['last name', 'contact last name', 'lastname', 'surname'],
  contactEmail: ['email', 'email address', 'contact email', 'primary contact email', 'e mail'],
  contactPhone: ['phone', 'phone number', 'contact phone', 'primary phone', 'mobile', 'mobile phone number'],
  contactRole: ['role', 'job title', 'title', 'contact role', 'contact title'],
  tier: ['tier', 'customer tier', 'account tier', 'service tier', 'segment', 'customer segment'],
  region: ['region', 'sales region', 'territory', 'sales territory', 'geo'],
  dealValue: ['deal value', 'amount', 'deal amount', 'contract value', 'annual contract value', 'acv'],
};

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

const BY_KEY = new Map<string, Field>();
for (const [field, names] of Object.entries(ALIASES) as Array<[BuiltInField, string[]]>) {
  for (const n of names) BY_KEY.set(squash(n), field);
}

export interface ColumnMap {
  /** Field → column index; the first column of a field wins. */
  fields: Map<Field, number>;
  /** Every header with what it was read as (undefined: ignored). */
  headers: Array<{ header: string; field: Field | undefined }>;
}

/**
 * `customFields`: the CRM custom fields the playbooks' segments match on
 * (`when: { fields: ... }`); a header with one's name (or `field <name>`) is read as it.
 */
export function mapColumns(headers: string[], customFields: readonly string[] = []): ColumnMap {
  const fields = new Map<Field, number>();
  const out: ColumnMap['headers'] = [];
  const custom = new Map<string, Field>();
  for (const name of customFields) {
    custom.set(squash(name), `field:${name}`);
    custom.set(squash(`field ${name}`), `field:${name}`);
  }
  headers.forEach((header, i) => {
    const field = BY_KEY.get(squash(header)) ?? custom.get(squash(header));
    const taken = field !== undefined && fields.has(field);
    if (field !== undefined && !taken) fields.set(field, i);
    out.push({ header, field: taken ? undefined : field });
  });
  return { fields, headers: out };
}

/** Comma, semicolon (a European Excel) or tab: whichever the header line uses most. */
export function sniffDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0] && counts[0].n > 0 ? counts[0].d : ',';
}
