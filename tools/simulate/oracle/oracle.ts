import type { Received } from '../fake-platforms.js';
import { askedOnCard, readMessage } from './read-messages.js';
import { HOUR, loadRules } from './rules.js';
import type { CustomerBook, Lapse, OracleVerdict, SimEvent, Team, Window } from './types.js';

export type { Lapse, OracleVerdict, SimEvent } from './types.js';

/**
 * The no-silent-customer oracle. It reads the playbooks and the team
 * calendars from the same YAML files Baton reads, computes every deadline
 * and escalation point with its own minute-table business time, follows
 * who is responsible from what the simulated people did, and decides who
 * was reminded or escalated to only from what the fake Slack and Teams
 * received. Nothing of Baton's records or computation enters a verdict.
 */
export function createOracle(opts: {
  configFile: string;
  handoffsDir: string;
  from: number;
  to: number;
  tickMs: number;
  outages: ReadonlyArray<{ from: number; to: number }>;
  /** How long after an outage the outbox may take to catch up (its longest backoff, and a tick). */
  catchUpMs: number;
}) {
  const { config, teams, byUser, byName, channelTeam, slaOf } = loadRules(opts);

  const events: SimEvent[] = [];
  return {
    record(e: SimEvent): void {
      events.push(e);
    },
    events: (): readonly SimEvent[] => events,
    /** Deadlines of the customer's current window by the oracle's books (for the trace). */
    verdict(received: readonly Received[], end: number): OracleVerdict {
      return judge(received, end);
    },
  };

  /** Deadline plus slack: a tick and the pacing, or the outage's end and the outbox's catch-up. */
  function byWhen(point: number): number {
    let t = point + 2 * opts.tickMs;
    for (const o of opts.outages)
      if (point >= o.from - opts.tickMs && point < o.to + opts.catchUpMs)
        t = Math.max(t, o.to + opts.catchUpMs + 2 * opts.tickMs);
    return t;
  }

  function judge(received: readonly Received[], end: number): OracleVerdict {
    // The simulation's acts come before the messages of the same instant: a scheduler pass follows them.
    const timeline: Array<{ at: number; order: number; e?: SimEvent; m?: Received }> = [
      ...events.map((e, i) => ({ at: e.at, order: i, e })),
      ...received.map((m, i) => ({ at: m.at, order: events.length + i, m })),
    ].sort((a, b) => a.at - b.at || a.order - b.order);
    const books = new Map<string, CustomerBook>();
    const byCustomerName = new Map<string, CustomerBook>();
    const lapses: Lapse[] = [];
    const past = new Set<string>();
    let episodes = 0;
    let nudges = 0;
    let escalations = 0;
    let cardsNamingAsked = 0;
    const times = new Map<string, { business: number[]; calendar: number[]; notYet: number }>();
    const time = (label: string) => {
      const t = times.get(label) ?? { business: [], calendar: [], notYet: 0 };
      times.set(label, t);
      return t;
    };
    const measure = (b: CustomerBook, what: string, at: number) => {
      if (b.cardAt === undefined || !b.team) return;
      const t = time(`${b.handoffKind}: time to ${what}`);
      t.business.push(mustTeam(b.team).clock.between(b.cardAt, at) / HOUR);
      t.calendar.push((at - b.cardAt) / HOUR);
    };
    const mustTeam = (k: string): Team => {
      const t = teams.get(k);
      if (!t) throw new Error(`the oracle knows no team ${k}`);
      return t;
    };

    function open(b: CustomerBook, kind: Window['kind'], team: string, start: number): void {
      const sla = slaOf(team, kind);
      const d = sla[kind];
      if (!d) {
        b.window = undefined;
        return;
      }
      const clock = mustTeam(team).clock;
      const deadline = clock.deadline(start, d);
      b.window = {
        kind,
        team,
        start,
        deadline,
        escalateAt: clock.fraction(start, deadline, sla.escalate),
        ownerReminded: false,
        leadEscalated: false,
        declined: false,
        declinedAt: 0,
        everDeclined: false,
      };
    }

    /** Ends the window at `at` (contact, a new handoff, erasure, the end of the run) and judges it. */
    function close(b: CustomerBook, at: number, contacted: boolean): void {
      const w = b.window;
      b.window = undefined;
      if (!w) return;
      if (contacted ? at <= w.deadline : at <= w.deadline || w.deadline >= end) return;
      episodes++;
      past.add(b.id);
      // Only while the customer still waited, and the run could still see it, counts against Baton.
      const ownerNotReminded = !w.ownerReminded && byWhen(w.deadline) < Math.min(at, end);
      const leadNotEscalated = !w.leadEscalated && byWhen(w.escalateAt) < Math.min(at, end);
      if (ownerNotReminded || leadNotEscalated)
        lapses.push({
          customer: b.id,
          name: b.name,
          window: w.kind,
          team: w.team,
          start: new Date(w.start).toISOString(),
          deadline: new Date(w.deadline).toISOString(),
          escalateAt: new Date(w.escalateAt).toISOString(),
          ownerNotReminded,
          leadNotEscalated,
          afterDecline: w.everDeclined,
        });
    }

    function act(e: SimEvent): void {
      if (e.type === 'purchased') {
        const b: CustomerBook = {
          id: e.customer,
          name: e.name,
          window: undefined,
          responsible: new Set(),
          owner: undefined,
          sender: undefined,
          team: undefined,
          cardAt: undefined,
          handoffKind: undefined,
          started: new Map(),
          cards: new Map(),
          accepted: false,
          contacted: false,
          withSender: false,
        };
        books.set(e.customer, b);
        byCustomerName.set(e.name, b);
        return;
      }
      const b = books.get(e.customer);
      if (!b) return;
      switch (e.type) {
        case 'started': {
          if (b.team && b.cardAt !== undefined) {
            if (!b.accepted && !b.contacted) time(`${b.handoffKind}: time to accept`).notYet++;
            if (!b.contacted) time(`${b.handoffKind}: time to first contact`).notYet++;
          }
          close(b, e.at, false);
          const from = b.team ?? 'sales';
          b.handoffKind = `${from} → ${e.team}`;
          b.started.set(e.team, (b.started.get(e.team) ?? 0) + 1);
          b.team = e.team;
          b.sender = e.sender;
          b.owner = undefined;
          b.accepted = false;
          b.contacted = false;
          b.withSender = false;
          b.cardAt = undefined;
          // Until the card says whom Baton asked, anyone in the team may be the one.
          b.responsible = new Set([`team:${e.team}`]);
          open(b, 'firstContact', e.team, e.at);
          return;
        }
        case 'accepted':
          if (!b.accepted) measure(b, 'accept', e.at);
          b.accepted = true;
          b.owner = e.person;
          b.responsible = new Set([e.person]);
          return;
        case 'reassigned':
          b.owner = e.person;
          b.responsible = new Set([e.person]);
          return;
        case 'declined':
          if (b.window) {
            b.window.declined = true;
            b.window.declinedAt = e.at;
            b.window.everDeclined = true;
          }
          // Back to the sender: the person who sent it, or for a shop purchase the customer's rep.
          b.withSender = true;
          b.responsible = senderSide(b);
          return;
        case 'resent':
          b.withSender = false;
          if (b.window) b.window.declined = false;
          b.cardAt = undefined;
          b.responsible = new Set([`team:${b.team}`]);
          return;
        case 'contacted':
          if (!b.contacted) measure(b, 'first contact', e.at);
          b.contacted = true;
          if (!b.owner) b.owner = e.person;
          close(b, e.at, true);
          if (b.team) open(b, 'cadence', b.team, e.at);
          // Reached while the handoff sat declined: the customer stays with the sender's side.
          if (b.withSender && b.window) b.window.everDeclined = true;
          b.responsible = b.withSender ? senderSide(b) : new Set([b.owner ?? e.person]);
          return;
        case 'erased':
          close(b, Math.min(e.at, end), false);
          books.delete(b.id);
          byCustomerName.delete(b.name);
          return;
      }
    }

    const senderSide = (b: CustomerBook) => new Set([b.sender ?? 'team:sales', 'team:sales']);
    const isResponsible = (b: CustomerBook, person: string) => {
      if (b.responsible.has(person)) return true;
      const team = config.people[person]?.team;
      return team !== undefined && b.responsible.has(`team:${team}`) && config.teams[team]?.lead !== person;
    };

    function read(m: Received): void {
      const readings = readMessage(m.text);
      if (m.channel !== undefined) {
        // A card in the receiving team's channel: it reached them, and it says whom Baton asked.
        const team = channelTeam.get(m.channel);
        for (const name of readings.keys()) {
          const b = byCustomerName.get(name);
          if (!b || b.team !== team || m.kind === 'reply') continue;
          if (m.kind === 'post' && team) b.cards.set(team, (b.cards.get(team) ?? 0) + 1);
          if (m.kind === 'post' && b.cardAt === undefined) b.cardAt = m.at;
          const asked = askedOnCard(m.text, name);
          const person = asked ? byName.get(asked) : undefined;
          if (person && !b.accepted && !b.window?.declined) {
            b.responsible = new Set([person]);
            cardsNamingAsked++;
          }
        }
        return;
      }
      const person = byUser.get(m.userId ?? '');
      if (!person) return;
      for (const [name, what] of readings) {
        const b = byCustomerName.get(name);
        if (what.has('contact') || what.has('accept')) nudges++;
        if (what.has('escalation')) escalations++;
        const w = b?.window;
        if (!b || !w || m.at < w.start - opts.tickMs) continue;
        if (m.at <= byWhen(w.deadline) && isResponsible(b, person)) {
          // A reminder to contact them; after a decline, anything naming them to the sender's side
          // except the news of the decline itself (it arrives with the next pass).
          const reminder = w.declined && !what.has('escalation') && m.at > w.declinedAt + 2 * opts.tickMs;
          if (what.has('contact') || reminder) w.ownerReminded = true;
        }
        const leads = new Set([mustTeam(w.team).lead, ...(w.everDeclined ? [mustTeam('sales').lead] : [])]);
        if (what.has('escalation') && leads.has(person) && m.at <= byWhen(w.escalateAt))
          w.leadEscalated = true;
      }
    }

    for (const x of timeline) {
      if (x.e) act(x.e);
      else if (x.m) read(x.m);
    }
    const cardProblems: string[] = [];
    for (const b of books.values()) {
      // One card per handoff in the receiving team's channel: none lost, none doubled by a
      // duplicate webhook, a retry after a 5xx or a restart.
      for (const [team, n] of b.started) {
        const cards = b.cards.get(team) ?? 0;
        if (cards !== n)
          cardProblems.push(`${b.id} (${b.name}): ${n} handoffs to ${team}, ${cards} cards in its channel`);
      }
      if (b.cardAt !== undefined) {
        if (!b.accepted && !b.contacted) time(`${b.handoffKind}: time to accept`).notYet++;
        if (!b.contacted) time(`${b.handoffKind}: time to first contact`).notYet++;
      }
      close(b, end, false);
    }
    const silent = [...new Set(lapses.map((l) => l.customer))].sort();
    return {
      customers: events.filter((e) => e.type === 'purchased').length,
      pastSla: past.size,
      episodes,
      lapses,
      silent,
      nudges,
      escalations,
      cardsNamingAsked,
      cardProblems,
      times: [...times].sort(([a], [b]) => a.localeCompare(b)).map(([label, t]) => ({ label, ...t })),
    };
  }
}

export type Oracle = ReturnType<typeof createOracle>;
