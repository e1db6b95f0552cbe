/**
 * The oracle's own business time, deliberately simple: every minute of the
 * simulated stretch is asked "is this working time?" once (the zone's
 * offset from Intl, the weekday, the holiday list, the hours), and sums of
 * working minutes answer every question after that. It shares nothing with
 * src/time: if the product's calendar arithmetic is wrong, the two disagree.
 */
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export interface TeamHours {
  timeZone: string;
  /** "09:00" */
  start: string;
  end: string;
  days: readonly string[];
  holidays: readonly string[];
}

export interface Duration {
  days: number;
  minutes: number;
}

/** `P2D`, `PT4H`, `P1DT2H30M`; nothing else is needed by the playbooks. */
export function parseIsoDuration(s: string): Duration {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(s);
  if (!m) throw new Error(`the oracle cannot read the duration ${s}`);
  const n = (i: number) => Number(m[i] ?? 0);
  return { days: n(1) * 7 + n(2), minutes: n(3) * 60 + n(4) };
}

/** "150%" → 1.5 */
export const parsePercent = (s: string): number => Number(s.replace('%', '')) / 100;

const hhmm = (s: string): number => {
  const [h, m] = s.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** The zone's offset (ms) at an instant, from Intl, cached by the hour (our zones change on the hour). */
function offsetFinder(timeZone: string): (t: number) => number {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const cache = new Map<number, number>();
  return (t: number) => {
    const h = Math.floor(t / HOUR);
    let off = cache.get(h);
    if (off === undefined) {
      const at = h * HOUR;
      const p = Object.fromEntries(fmt.formatToParts(new Date(at)).map((x) => [x.type, Number(x.value)]));
      off =
        Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0) - at;
      cache.set(h, off);
    }
    return off;
  };
}

export interface BusinessClock {
  isWorking(t: number): boolean;
  /** Working ms in [a, b). */
  between(a: number, b: number): number;
  /** The instant `ms` of working time after `t` (ms > 0: the end of the last working minute). */
  add(t: number, ms: number): number;
  /** The playbook's SLA from `start`: whole working days keeping the wall-clock time, then working hours. */
  deadline(start: number, d: Duration): number;
  /** `fraction` of the working time in [start, deadline]; past 1 it counts on from the deadline. */
  fraction(start: number, deadline: number, f: number): number;
}

/**
 * Builds the minute table for [from, to). Instants outside it answer
 * +Infinity ("not within the run"), which the oracle never has to judge.
 */
export function businessClock(h: TeamHours, from: number, to: number): BusinessClock {
  const t0 = Math.floor(from / MIN) * MIN;
  const n = Math.ceil((to - t0) / MIN);
  const offset = offsetFinder(h.timeZone);
  const startMin = hhmm(h.start);
  const endMin = hhmm(h.end);
  const holidays = new Set(h.holidays);
  const days = new Set(h.days);
  const isWorkingDay = (civil: string, weekday: number) =>
    days.has(DAY_NAMES[weekday] ?? '') && !holidays.has(civil);
  // cum[i]: working minutes in [t0, t0 + i minutes).
  const cum = new Int32Array(n + 1);
  const dayCache = new Map<number, boolean>();
  for (let i = 0; i < n; i++) {
    const t = t0 + i * MIN;
    const local = t + offset(t);
    const dayNo = Math.floor(local / DAY);
    let workDay = dayCache.get(dayNo);
    if (workDay === undefined) {
      const d = new Date(dayNo * DAY);
      workDay = isWorkingDay(d.toISOString().slice(0, 10), d.getUTCDay());
      dayCache.set(dayNo, workDay);
    }
    const minute = Math.floor((local - dayNo * DAY) / MIN);
    cum[i + 1] = (cum[i] ?? 0) + (workDay && minute >= startMin && minute < endMin ? 1 : 0);
  }
  const idx = (t: number) => Math.floor((t - t0) / MIN);
  const inRange = (i: number) => i >= 0 && i < n;
  const at = (i: number) => cum[i] ?? 0;

  function isWorking(t: number): boolean {
    const i = idx(t);
    return inRange(i) && at(i + 1) > at(i);
  }
  function addMinutes(t: number, minutes: number): number {
    if (minutes <= 0) return t;
    const i = idx(t);
    if (!inRange(i)) return Number.POSITIVE_INFINITY;
    // A start inside a working minute counts that minute's remainder as working time.
    const target = at(i) + minutes;
    let lo = i + 1;
    let hi = n;
    if (at(hi) < target) return Number.POSITIVE_INFINITY;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at(mid) >= target) hi = mid;
      else lo = mid + 1;
    }
    return t0 + lo * MIN + (t - (t0 + i * MIN));
  }
  function nextWorking(t: number): number {
    if (isWorking(t)) return t;
    for (let i = idx(t) + 1; i < n; i++) if (at(i + 1) > at(i)) return t0 + i * MIN;
    return Number.POSITIVE_INFINITY;
  }
  /** The instant of a wall-clock time on a civil day in the zone. */
  function zoned(civil: string, msOfDay: number): number {
    const naive = Date.parse(`${civil}T00:00:00Z`) + msOfDay;
    let guess = naive - offset(naive);
    guess = naive - offset(guess);
    return guess;
  }
  return {
    isWorking,
    between(a, b) {
      if (b <= a) return 0;
      const i = Math.max(0, idx(a));
      const j = Math.min(n, idx(b));
      return (at(j) - at(i)) * MIN;
    },
    add: (t, ms) => addMinutes(t, Math.round(ms / MIN)),
    deadline(start, d) {
      let t = nextWorking(start);
      if (!Number.isFinite(t)) return t;
      if (d.days > 0) {
        const local = new Date(t + offset(t));
        const msOfDay = t + offset(t) - Date.parse(`${local.toISOString().slice(0, 10)}T00:00:00Z`);
        const day = new Date(Date.parse(`${local.toISOString().slice(0, 10)}T00:00:00Z`));
        for (let left = d.days; left > 0; ) {
          day.setUTCDate(day.getUTCDate() + 1);
          if (isWorkingDay(day.toISOString().slice(0, 10), day.getUTCDay())) left--;
        }
        const civil = day.toISOString().slice(0, 10);
        const open = zoned(civil, startMin * MIN);
        const close = zoned(civil, endMin * MIN);
        t = Math.min(Math.max(zoned(civil, msOfDay), open), close);
      }
      return addMinutes(t, d.minutes);
    },
    fraction(start, deadline, f) {
      const total = this.between(start, deadline);
      if (f >= 1) return addMinutes(deadline, Math.round(((f - 1) * total) / MIN));
      return addMinutes(start, Math.round((f * total) / MIN));
    },
  };
}
