import fc from 'fast-check';
import YAML from 'yaml';

/**
 * Edits of a valid config or playbook whose validity is known by how they are
 * made, from the spec's formats (not from Baton's schemas): a test can then
 * demand that Baton accepts each valid file and refuses each invalid one,
 * naming the file and, where the edit touched one field, that field.
 */
export interface FileCase {
  text: string;
  valid: boolean;
  /** What was done, for the failure message. */
  what: string;
  /** The field an invalid edit broke (a prefix of the path Baton reports). */
  field?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: a parsed YAML document, edited in place
type Doc = Record<string, any>;
interface Edit {
  what: string;
  apply(d: Doc): void;
  field?: string;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const ZONES = [
  'Europe/Berlin',
  'Asia/Seoul',
  'America/Los_Angeles',
  'UTC',
  'Australia/Sydney',
  'Africa/Lagos',
];
const BAD_ZONES = ['Mars/Olympus', 'Europe/Atlantis', 'UTC+25', 'America/NewYork', 'not a zone', ''];
const BAD_DAYS = ['funday', 'monday', 'Mon', 'sa', ''];
const BAD_DATES = ['2026-13-01', '2026-02-30', '2027-00-10', '25/12/2026', 'tomorrow', '2026-1-5'];
const DURATIONS = ['PT2S', 'PT30M', 'PT4H', 'P1D', 'P2D', 'P14D', 'P1DT2H'];
const BAD_DURATIONS = ['4 hours', 'PT', '2 days', 'P2X', 'soon', '', 'pt4h', '4h'];
const ASSIGN = ['round-robin', 'least-loaded', 'lead', 'claim'];
const BAD_ASSIGN = ['whoever', 'random', 'round robin', '', 'Round-Robin'];
const PERCENTS = ['25%', '50%', '75%', '100%'];
const BAD_PERCENTS = ['half', 'fifty%', '%', '50', 'later'];
const FIELDS = ['summary', 'goLiveDate', 'keyContact', 'dealValue', 'promises', 'risks', 'language', 'links'];

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const aName = fc.stringMatching(/^[A-Z][A-Za-z .'-]{0,30}$/);
const aDate = fc
  .date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** Puts the object's keys in the given order (YAML keeps insertion order). */
function reorder(o: Doc, order: string[]): void {
  const entries = order.map((k) => [k, o[k]] as const);
  for (const k of order) delete o[k];
  for (const [k, v] of entries) o[k] = v;
}

/** Comment lines between lines: nothing in the two documents is a block scalar, so they change nothing. */
function withComments(text: string, at: number[]): string {
  const lines = text.split('\n');
  for (const i of [...at].sort((a, b) => b - a))
    lines.splice(i % (lines.length + 1), 0, '# a note an admin left');
  return lines.join('\n');
}

/** Whole-file garbage: text without a colon cannot hold the mapping either file must be. */
const notAMapping = fc.oneof(
  fc.string().filter((s) => !s.includes(':')),
  fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { maxLength: 4 }).map((a) => a.map((x) => `- ${x}`).join('\n')),
);
const BROKEN_YAML = '\nbroken: "a quote that is never closed\n';

function cases(valid: string, validEdits: fc.Arbitrary<Edit>, invalidEdits: fc.Arbitrary<Edit>) {
  const comments = fc.array(fc.nat(), { maxLength: 4 });
  const edited = (edits: Edit[], bad: Edit | undefined, at: number[]): FileCase => {
    const doc = YAML.parse(valid) as Doc;
    for (const e of edits) e.apply(doc);
    bad?.apply(doc);
    const what = [...edits.map((e) => e.what), ...(bad ? [`INVALID ${bad.what}`] : [])].join('; ');
    return {
      text: withComments(YAML.stringify(doc, { lineWidth: 0 }), at),
      valid: !bad,
      what: what || 'unchanged',
      ...(bad?.field ? { field: bad.field } : {}),
    };
  };
  const edits = fc.array(validEdits, { maxLength: 4 });
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(edits, comments).map(([e, at]) => edited(e, undefined, at)) },
    {
      weight: 4,
      arbitrary: fc.tuple(edits, invalidEdits, comments).map(([e, bad, at]) => edited(e, bad, at)),
    },
    {
      weight: 1,
      arbitrary: edits.map((e) => {
        const c = edited(e, undefined, []);
        return { text: c.text + BROKEN_YAML, valid: false, what: `${c.what}; INVALID unclosed quote` };
      }),
    },
    { weight: 1, arbitrary: notAMapping.map((text) => ({ text, valid: false, what: 'not a mapping' })) },
  );
}

/** Cases from `baton.config.example.yaml`. */
export function configCases(valid: string): fc.Arbitrary<FileCase> {
  const doc = YAML.parse(valid) as Doc;
  const teams = Object.keys(doc.teams);
  const people = Object.keys(doc.people);
  const team = fc.constantFrom(...teams);
  const goodHours = fc
    .tuple(
      fc.integer({ min: 0, max: 1437 }),
      fc.integer({ min: 1, max: 600 }),
      fc.subarray(DAYS, { minLength: 1 }),
    )
    .map(([start, length, days]) => ({
      start: hhmm(start),
      end: hhmm(Math.min(start + length, 1439)),
      days,
    }));
  const validEdits: fc.Arbitrary<Edit> = fc.oneof(
    fc.tuple(team, fc.constantFrom(...ZONES)).map(([t, z]) => ({
      what: `${t} in ${z}`,
      apply: (d: Doc) => {
        d.teams[t].timezone = z;
      },
    })),
    fc.tuple(team, aName).map(([t, n]) => ({
      what: `${t} named ${n}`,
      apply: (d: Doc) => {
        d.teams[t].name = n;
      },
    })),
    fc.tuple(fc.constantFrom(...people), aName).map(([p, n]) => ({
      what: `${p} named ${n}`,
      apply: (d: Doc) => {
        d.people[p].name = n;
      },
    })),
    fc.tuple(team, goodHours).map(([t, h]) => ({
      what: `${t} works ${h.start}-${h.end} ${h.days.join(',')}`,
      apply: (d: Doc) => {
        d.teams[t].hours = h;
      },
    })),
    // The spec: hours omitted = around the clock.
    team.map((t) => ({
      what: `${t} without hours`,
      apply: (d: Doc) => {
        delete d.teams[t].hours;
      },
    })),
    fc.tuple(team, fc.array(aDate, { maxLength: 5 })).map(([t, days]) => ({
      what: `${t} holidays ${days.join(',')}`,
      apply: (d: Doc) => {
        d.teams[t].holidays = days;
      },
    })),
    fc.shuffledSubarray(Object.keys(doc), { minLength: Object.keys(doc).length }).map((order) => ({
      what: `keys in order ${order.join(',')}`,
      apply: (d: Doc) => reorder(d, order),
    })),
  );
  const invalidEdits: fc.Arbitrary<Edit> = fc.oneof(
    fc.tuple(team, fc.constantFrom(...BAD_ZONES)).map(([t, z]) => ({
      what: `${t} in time zone "${z}"`,
      field: `teams.${t}.timezone`,
      apply: (d: Doc) => {
        d.teams[t].timezone = z;
      },
    })),
    fc.tuple(team, fc.stringMatching(/^[a-z]{1,8}$/)).map(([t, x]) => ({
      what: `${t} led by nobody_${x}`,
      field: `teams.${t}.lead`,
      apply: (d: Doc) => {
        d.teams[t].lead = `nobody_${x}`;
      },
    })),
    fc.tuple(team, fc.integer({ min: 1, max: 1439 }), fc.nat()).map(([t, start, n]) => {
      const end = n % (start + 1); // at or before the start
      return {
        what: `${t} works ${hhmm(start)}-${hhmm(end)}`,
        field: `teams.${t}.hours.end`,
        apply: (d: Doc) => {
          d.teams[t].hours = { start: hhmm(start), end: hhmm(end), days: ['mon'] };
        },
      };
    }),
    fc.tuple(team, fc.constantFrom(...BAD_DAYS)).map(([t, day]) => ({
      what: `${t} works on "${day}"`,
      field: `teams.${t}.hours.days`,
      apply: (d: Doc) => {
        d.teams[t].hours = { start: '09:00', end: '17:00', days: ['mon', day] };
      },
    })),
    team.map((t) => ({
      what: `${t} works on no day`,
      field: `teams.${t}.hours.days`,
      apply: (d: Doc) => {
        d.teams[t].hours = { start: '09:00', end: '17:00', days: [] };
      },
    })),
    fc.tuple(team, fc.constantFrom(...BAD_DATES)).map(([t, day]) => ({
      what: `${t} holiday "${day}"`,
      field: `teams.${t}.holidays`,
      apply: (d: Doc) => {
        d.teams[t].holidays = ['2026-12-25', day];
      },
    })),
    fc.tuple(fc.constantFrom(...people), fc.constantFrom('nosuchteam', 'Sales', 'finance')).map(([p, t]) => ({
      what: `${p} in team ${t}`,
      field: `people.${p}.team`,
      apply: (d: Doc) => {
        d.people[p].team = t;
      },
    })),
    fc.constantFrom<Edit>(
      {
        what: 'no teams',
        field: 'teams',
        apply: (d) => {
          delete d.teams;
        },
      },
      {
        what: 'teams empty',
        field: 'teams',
        apply: (d) => {
          d.teams = {};
        },
      },
    ),
  );
  return cases(valid, validEdits, invalidEdits);
}

/** Cases from `handoffs/sales-to-delivery.yaml`, read against `teams` of the example config. */
export function playbookCases(valid: string, teams: string[]): fc.Arbitrary<FileCase> {
  const doc = YAML.parse(valid) as Doc;
  const window = fc.constantFrom('accept', 'firstContact', 'cadence');
  const validEdits: fc.Arbitrary<Edit> = fc.oneof(
    fc.constantFrom(...ASSIGN).map((a) => ({
      what: `assign ${a}`,
      apply: (d: Doc) => {
        d.assign = a;
      },
    })),
    fc.tuple(window, fc.constantFrom(...DURATIONS)).map(([w, v]) => ({
      what: `sla.${w} ${v}`,
      apply: (d: Doc) => {
        d.sla[w] = v;
      },
    })),
    fc.subarray(PERCENTS).map((n) => ({
      what: `nudges ${n.join(',')}`,
      apply: (d: Doc) => {
        d.nudges = n;
      },
    })),
    fc.constantFrom('100%', '150%', '200%', undefined).map((e) => ({
      what: `escalate ${e ?? 'never'}`,
      apply: (d: Doc) => {
        if (e === undefined) delete d.escalate;
        else d.escalate = e;
      },
    })),
    fc.option(aName, { nil: undefined }).map((n) => ({
      what: `name ${n ?? '(none)'}`,
      apply: (d: Doc) => {
        if (n === undefined) delete d.name;
        else d.name = n;
      },
    })),
    fc.array(fc.stringMatching(/^[a-z]{3,12}( [a-z]{3,12}){0,2}$/), { maxLength: 4 }).map((p) => ({
      what: `phrases ${p.join('|')}`,
      apply: (d: Doc) => {
        d.trigger.phrases = p;
      },
    })),
    fc.boolean().map((b) => ({
      what: `postPurchase ${b}`,
      apply: (d: Doc) => {
        d.postPurchase = b;
      },
    })),
    fc.tuple(fc.shuffledSubarray(FIELDS), fc.nat()).map(([fields, n]) => {
      const cut = fields.length === 0 ? 0 : n % (fields.length + 1);
      const required = fields.slice(0, cut);
      const optional = fields.slice(cut);
      return {
        what: `context required ${required.join(',')} optional ${optional.join(',')}`,
        apply: (d: Doc) => {
          d.context = { required, optional };
        },
      };
    }),
    fc.shuffledSubarray(Object.keys(doc), { minLength: Object.keys(doc).length }).map((order) => ({
      what: `keys in order ${order.join(',')}`,
      apply: (d: Doc) => reorder(d, order),
    })),
  );
  const notATeam = fc.constantFrom('delivry', 'finance', 'Sales', 'legal').filter((t) => !teams.includes(t));
  const invalidEdits: fc.Arbitrary<Edit> = fc.oneof(
    fc.tuple(fc.constantFrom('from', 'to'), notATeam).map(([k, t]) => ({
      what: `${k}: ${t}`,
      field: k,
      apply: (d: Doc) => {
        d[k] = t;
      },
    })),
    fc.constantFrom('from', 'to').map((k) => ({
      what: `no ${k}`,
      field: k,
      apply: (d: Doc) => {
        delete d[k];
      },
    })),
    fc.constantFrom(...BAD_ASSIGN).map((a) => ({
      what: `assign "${a}"`,
      field: 'assign',
      apply: (d: Doc) => {
        d.assign = a;
      },
    })),
    fc.tuple(window, fc.constantFrom(...BAD_DURATIONS)).map(([w, v]) => ({
      what: `sla.${w} "${v}"`,
      field: `sla.${w}`,
      apply: (d: Doc) => {
        d.sla[w] = v;
      },
    })),
    fc.tuple(fc.subarray(PERCENTS), fc.constantFrom(...BAD_PERCENTS)).map(([good, bad]) => ({
      what: `nudges ${[...good, bad].join(',')}`,
      field: 'nudges',
      apply: (d: Doc) => {
        d.nudges = [...good, bad];
      },
    })),
    fc.constantFrom(...BAD_PERCENTS).map((e) => ({
      what: `escalate "${e}"`,
      field: 'escalate',
      apply: (d: Doc) => {
        d.escalate = e;
      },
    })),
    fc.constantFrom<unknown>(42, { summary: true }, true).map((v) => ({
      what: `context.required ${JSON.stringify(v)}`,
      field: 'context.required',
      apply: (d: Doc) => {
        d.context.required = v;
      },
    })),
    // A field cannot be both required and optional.
    fc.constantFrom(...FIELDS).map((f) => ({
      what: `${f} required and optional`,
      field: 'context',
      apply: (d: Doc) => {
        d.context = { required: [f], optional: [f] };
      },
    })),
  );
  return cases(valid, validEdits, invalidEdits);
}
