import type { JourneyDimension, JourneyFigures, JourneyRow } from '../../src/analytics/figures.js';
import type { Directory } from '../../src/config/directory.js';
import { formatDuration, intlLocale, languageName } from '../../src/i18n/format.js';
import { type MessageKey, t } from '../../src/i18n/translate.js';

const DASH = '-';

const DIMENSION_HEAD: Record<JourneyDimension, MessageKey> = {
  week: 'journey.col.week',
  team: 'journey.col.team',
  from: 'journey.col.from',
  playbook: 'journey.col.playbook',
  source: 'journey.col.source',
  language: 'journey.col.language',
};

/** The figure columns, in order: head and how a group's figures read in it. */
const COLUMNS: Array<[MessageKey, (f: JourneyFigures, locale: string) => string]> = [
  ['journey.col.started', (f, l) => count(f.started, l)],
  ['journey.col.acceptSla', (f, l) => percent(f.acceptSlaRate, l)],
  ['journey.col.acceptMedian', (f, l) => hours(f.acceptMedianMs, l)],
  ['journey.col.acceptP90', (f, l) => hours(f.acceptP90Ms, l)],
  ['journey.col.contactSla', (f, l) => percent(f.contactSlaRate, l)],
  ['journey.col.contactMedian', (f, l) => hours(f.contactMedianMs, l)],
  ['journey.col.contactP90', (f, l) => hours(f.contactP90Ms, l)],
  [
    'journey.col.purchaseToContact',
    (f, l) => (f.purchaseToContactMedianMs === null ? DASH : formatDuration(f.purchaseToContactMedianMs, l)),
  ],
  ['journey.col.declines', (f, l) => count(f.declines, l)],
  ['journey.col.reassigns', (f, l) => count(f.reassigns, l)],
  ['journey.col.escalations', (f, l) => count(f.escalations, l)],
  ['journey.col.waiting', (f, l) => count(f.waiting, l)],
  ['journey.col.pastSla', (f, l) => count(f.pastContactSlaNow, l)],
];

const count = (n: number, locale: string) => new Intl.NumberFormat(intlLocale(locale)).format(n);

function percent(rate: number | null, locale: string): string {
  if (rate === null) return DASH;
  return new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 0 }).format(
    rate,
  );
}

/** Business hours to a tenth: "9.5 h", "9.5시간". */
function hours(ms: number | null, locale: string): string {
  if (ms === null) return DASH;
  const h = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 }).format(ms / 3_600_000);
  return t(locale, 'journey.hours', { hours: h });
}

/** A group's value as a reader knows it: team names, words for the source, language names. */
function groupValue(dir: Directory, d: JourneyDimension, value: string | undefined, locale: string): string {
  if (value === undefined) return DASH;
  switch (d) {
    case 'team':
    case 'from':
      return dir.teamName(value);
    case 'source':
      if (value === 'person' || value === 'phrase' || value === 'silence')
        return t(locale, `journey.source.${value}`);
      return dir.systemName(value);
    case 'language':
      return languageName(value, locale);
    default:
      return value;
  }
}

/** Columns as wide as a terminal shows them: Hangul and other wide characters take two cells. */
function cells(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    n +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xff00 && c <= 0xff60)
        ? 2
        : 1;
  }
  return n;
}

const pad = (text: string, width: number, right: boolean) => {
  const fill = ' '.repeat(Math.max(0, width - cells(text)));
  return right ? fill + text : text + fill;
};

/** The figures of each group as a text table: group columns left-aligned, figures right-aligned. */
export function journeyTable(
  rows: readonly JourneyRow[],
  by: readonly JourneyDimension[],
  dir: Directory,
  locale: string,
): string {
  const dims = by.length > 0 ? by : undefined;
  const head = [
    ...(dims ? dims.map((d) => t(locale, DIMENSION_HEAD[d])) : ['']),
    ...COLUMNS.map(([k]) => t(locale, k)),
  ];
  const body = rows.map((r) => [
    ...(dims ? dims.map((d) => groupValue(dir, d, r.key[d], locale)) : [t(locale, 'journey.all')]),
    ...COLUMNS.map(([, value]) => value(r.figures, locale)),
  ]);
  const groupCols = dims?.length ?? 1;
  const widths = head.map((h, i) => Math.max(cells(h), ...body.map((line) => cells(line[i] ?? ''))));
  const line = (values: string[]) =>
    values
      .map((v, i) => pad(v, widths[i] ?? 0, i >= groupCols))
      .join('  ')
      .trimEnd();
  return [line(head), ...body.map(line)].join('\n');
}
