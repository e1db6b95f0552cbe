import type { BusinessClock, Duration } from './calendar.js';

/** What the simulation did, as it did it: the oracle's only other input besides the messages. */
export type SimEvent =
  | { type: 'purchased'; customer: string; name: string; at: number }
  | { type: 'started'; customer: string; team: string; sender: string | undefined; at: number }
  | { type: 'accepted'; customer: string; person: string; at: number }
  | { type: 'reassigned'; customer: string; person: string; at: number }
  | { type: 'declined'; customer: string; person: string; at: number }
  | { type: 'resent'; customer: string; person: string; at: number }
  | { type: 'contacted'; customer: string; person: string; at: number }
  | { type: 'erased'; customer: string; at: number };

export interface Team {
  key: string;
  lead: string;
  clock: BusinessClock;
}

export interface Sla {
  firstContact?: Duration;
  cadence?: Duration;
  escalate: number;
}

/** One window in which a customer is owed a contact. */
export interface Window {
  kind: 'firstContact' | 'cadence';
  team: string;
  start: number;
  deadline: number;
  escalateAt: number;
  ownerReminded: boolean;
  leadEscalated: boolean;
  /** Declined and not yet sent again: the sender is the one to remind. */
  declined: boolean;
  declinedAt: number;
  everDeclined: boolean;
}

export interface CustomerBook {
  id: string;
  name: string;
  window: Window | undefined;
  /** Who is to act now: the person asked, the owner, or after a decline the sender's side. */
  responsible: Set<string>;
  /** The person asked or the owner, kept through a decline. */
  owner: string | undefined;
  sender: string | undefined;
  team: string | undefined;
  /** When the current handoff's card first reached its channel. */
  cardAt: number | undefined;
  handoffKind: string | undefined;
  /** Handoffs started into each team, and cards posted in that team's channel. */
  started: Map<string, number>;
  cards: Map<string, number>;
  accepted: boolean;
  contacted: boolean;
  /** Declined and not sent again: the customer is back with the sender's side. */
  withSender: boolean;
}

export interface Lapse {
  customer: string;
  name: string;
  window: Window['kind'];
  team: string;
  start: string;
  deadline: string;
  escalateAt: string;
  ownerNotReminded: boolean;
  leadNotEscalated: boolean;
  afterDecline: boolean;
}

export interface OracleVerdict {
  customers: number;
  pastSla: number;
  episodes: number;
  lapses: Lapse[];
  silent: string[];
  nudges: number;
  escalations: number;
  /** Cards in a channel from which the oracle learnt whom Baton asked to accept. */
  cardsNamingAsked: number;
  /** Customers whose cards in a channel did not match their handoffs one to one. */
  cardProblems: string[];
  /** Per handoff kind and measure: hours from the card reaching the channel. */
  times: Array<{ label: string; business: number[]; calendar: number[]; notYet: number }>;
}
