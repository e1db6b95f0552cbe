import type { Directory } from '../../src/config/directory.js';

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/**
 * A team from a stage cell: a team's key, name or configured stage first;
 * then CRM lifecycle stages (HubSpot's and the usual words), read along the
 * journey: leads belong to its first team, opportunities to the team that
 * sells (where the purchase playbook starts), customers to its last team.
 */
export function teamOf(dir: Directory, cell: string): string | undefined {
  const needle = squash(cell);
  if (!needle) return undefined;
  for (const [key, team] of Object.entries(dir.config.teams)) {
    if (
      squash(key) === needle ||
      squash(team.name) === needle ||
      (team.stage && squash(team.stage) === needle)
    ) {
      return key;
    }
  }
  const journey = dir.journey;
  const purchase = purchasePlaybook(dir);
  const lifecycle: Record<string, string | undefined> = {
    subscriber: journey[0],
    lead: journey[0],
    marketingqualifiedlead: journey[0],
    mql: journey[0],
    salesqualifiedlead: purchase?.from,
    sql: purchase?.from,
    opportunity: purchase?.from,
    prospect: purchase?.from,
    customer: journey[journey.length - 1],
    evangelist: journey[journey.length - 1],
  };
  return lifecycle[needle];
}

/** Teams from the purchase playbook's receiving team on, in journey order, are post-purchase. */
export function isPostPurchaseTeam(dir: Directory, team: string): boolean {
  const purchase = purchasePlaybook(dir);
  if (!purchase) return false;
  const at = dir.journey.indexOf(purchase.to);
  const mine = dir.journey.indexOf(team);
  return at >= 0 && mine >= at;
}

/** The purchase: of the post-purchase playbooks between two teams, the one that reaches earliest along the journey. */
function purchasePlaybook(dir: Directory) {
  const at = (team: string) => {
    const i = dir.journey.indexOf(team);
    return i < 0 ? Number.POSITIVE_INFINITY : i;
  };
  return dir.playbooks
    .filter((p) => p.postPurchase && p.from !== p.to)
    .sort((a, b) => at(a.to) - at(b.to))[0];
}

/** A person from an owner cell: their key, configured email, or full name. */
export function ownerOf(dir: Directory, cell: string): string | undefined {
  const needle = cell.trim().toLowerCase();
  if (!needle) return undefined;
  for (const [key, p] of Object.entries(dir.config.people)) {
    if (key === needle || p.email?.toLowerCase() === needle || p.name.toLowerCase() === needle) return key;
  }
  return undefined;
}

let languageNames: Map<string, string> | undefined;

/** A language code from `ko`, `pt-BR`, `Korean` or `Portuguese`; undefined when it is none of those. */
export function languageOf(cell: string): string | undefined {
  const text = cell.trim();
  if (!text) return undefined;
  if (/^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/.test(text)) {
    const code = text.replace(/_/g, '-');
    try {
      const [canonical] = Intl.getCanonicalLocales(code);
      if (canonical && languageName(canonical.split('-')[0] ?? '')) return canonical;
    } catch {
      // not a well-formed tag; maybe a name
    }
  }
  if (!languageNames) {
    languageNames = new Map();
    for (let a = 97; a <= 122; a++) {
      for (let b = 97; b <= 122; b++) {
        const code = String.fromCharCode(a, b);
        const name = languageName(code);
        if (name) languageNames.set(name.toLowerCase(), code);
      }
    }
  }
  return languageNames.get(text.toLowerCase());
}

function languageName(code: string): string | undefined {
  try {
    const name = new Intl.DisplayNames('en', { type: 'language', fallback: 'none' }).of(code);
    return name && name !== code ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A date cell as an ISO instant: ISO dates and date-times, or day/month/year
 * with slashes read the US way (month first) unless the first number cannot
 * be a month. Undefined when it is no date.
 */
export function dateOf(cell: string): string | undefined {
  const text = cell.trim();
  if (!text) return undefined;
  let iso: string | undefined;
  const ymd = text.match(
    /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/,
  );
  if (ymd) {
    const [, y, m, d, hh = '00', mm = '00', ss = '00', zone] = ymd;
    iso = `${y}-${m}-${d}T${hh}:${mm}:${ss}${zone ? zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z'}`;
  }
  const slash = text.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$/);
  if (slash) {
    const [, a = '', b = '', y, hh = '0', mm = '00'] = slash;
    const [month, day] = Number(a) > 12 ? [b, a] : [a, b];
    iso = `${y}-${month.padStart(2, '0')}-${day.padStart(2, '0')}T${hh.padStart(2, '0')}:${mm}:00Z`;
  }
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const out = new Date(t).toISOString();
  // Date.parse rolls 2026-02-31 over into March: a date that does not exist is no date.
  return out.slice(0, 10) === iso.slice(0, 10) || (ymd?.[7] ?? '') !== '' ? out : undefined;
}

/** `https://www.acme.example/x` or `acme.example` → `acme.example`. */
export function domainOf(cell: string): string | undefined {
  const text = cell.trim();
  if (!text) return undefined;
  try {
    const url = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`);
    const host = url.hostname.toLowerCase().replace(/^www\./, '');
    return /^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
