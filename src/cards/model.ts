import { HANDOFF_ACTIONS } from '../domain/lifecycle.js';
import type { HandoffState } from '../domain/types.js';

/**
 * The one platform-neutral card. The core builds it, already translated and
 * with times in the reader's zone; each platform's adapter only renders it
 * in the platform's own card format and must show the same facts.
 */
export interface Card {
  /** What the card is about; buttons act on it. */
  handoffId: string;
  /** Handoff version the card shows; button values carry it so stale clicks are recognised. */
  version: number;
  state: HandoffState;
  locale: string;
  /** Plain-text summary for notifications and screen readers. */
  fallback: string;
  title: string;
  subtitle: string;
  /** The state in words ("Accepted by Lee Park"); `tone` lets renderers colour it. */
  status: { text: string; tone: 'attention' | 'good' | 'warning' | 'neutral' };
  /**
   * The customer's preferred language, shown whenever known. `strong` when it
   * differs from English or from the reader's language: renderers make the
   * notice impossible to miss (a Korean-speaking customer must not be answered
   * in English by surprise).
   */
  language?: { code: string; label: string; notice: string; strong?: boolean };
  facts: CardFact[];
  sections: CardSection[];
  links: CardLink[];
  /** The customer's page in Baton's dashboard: a link button, not a line among the record links. */
  customerLink?: CardLink;
  /** Recent events on this handoff, newest last (contact logged, reassigned, escalated). */
  timeline: string[];
  /**
   * Each escalation step reached, oldest first, one line each (who, when):
   * renderers mark the card with them. Times in them are stamps.
   */
  escalations?: string[];
  /**
   * Nobody who serves the customer's language can take them ("Nobody in
   * Delivery speaks Korean"): renderers show it as a banner at the top, as
   * loud as `escalations`.
   */
  languageGap?: string;
  /**
   * The owner (or assignee) is away today: until when, and who stands in
   * ("Jae-won Kim is away until Dec 24, 2026; Priya Shah stands in").
   */
  standIn?: string;
  actions: CardAction[];
  /**
   * Shows what people wrote in the reader's language. Present only when a
   * translation provider is configured and the card holds free text.
   */
  translate?: TranslateAction;
  /**
   * Moments the card's text names, each written in `text` exactly as it
   * appears in `subtitle`, `status.text`, fact values and `timeline`: a
   * platform that can show a time in each reader's own zone replaces the
   * text with its own token; any other shows the text as it is.
   */
  stamps?: CardStamp[];
}

/** A moment in a card's text: `text` is its wording in the card's own zone, for fallbacks. */
export interface CardStamp {
  /** ISO 8601 instant. */
  at: string;
  /** `dateTime`: day and time; `date`: the day alone. */
  style: 'dateTime' | 'date';
  text: string;
}

/**
 * The Translate button: `value` names what to translate
 * (`handoff:<id>` or `customer:<id>`, see `translateValue`); the answer goes
 * to the person who pressed it alone.
 */
export interface TranslateAction {
  label: string;
  value: string;
}

export function translateValue(subject: { handoffId: string } | { customerId: string }): string {
  return 'handoffId' in subject ? `handoff:${subject.handoffId}` : `customer:${subject.customerId}`;
}

export function parseTranslateValue(
  value: string,
): { handoffId: string; customerId?: undefined } | { customerId: string; handoffId?: undefined } | undefined {
  const m = /^(handoff|customer):([A-Za-z0-9_.@-]{1,100})$/.exec(value);
  if (!m?.[1] || !m[2]) return undefined;
  return m[1] === 'handoff' ? { handoffId: m[2] } : { customerId: m[2] };
}

export interface CardFact {
  label: string;
  value: string;
}

export interface CardSection {
  title: string;
  text: string;
}

export interface CardLink {
  label: string;
  url: string;
}

/** A card offers exactly the lifecycle's actions. */
export const CARD_ACTIONS = HANDOFF_ACTIONS;
export type CardActionId = (typeof CARD_ACTIONS)[number];

export interface CardAction {
  id: CardActionId;
  label: string;
  style?: 'primary' | 'danger';
  /** Opaque to platforms: `<handoffId>:<version>` or `customer:<customerId>:0`; parse with `parseActionValue`. */
  value: string;
  /** Actions that need input first (decline reason, contact note, new owner, snooze length). */
  needsInput?: 'reason' | 'contact' | 'person' | 'snooze';
}

export function actionValue(handoffId: string, version: number): string {
  return `${handoffId}:${version}`;
}

/**
 * For actions on a customer rather than a handoff (logging a cadence contact
 * when no handoff is open). The trailing `:0` keeps the `<subject>:<version>`
 * shape, so a platform that stores values never sees two formats.
 */
export function customerActionValue(customerId: string): string {
  return `customer:${customerId}:0`;
}

/** A handoff action, or a customer-level one: check `customerId !== undefined` to tell them apart. */
export type ParsedActionValue =
  | { handoffId: string; version: number; customerId?: undefined }
  | { customerId: string; handoffId?: undefined; version?: undefined };

export function parseActionValue(value: string): ParsedActionValue | undefined {
  const c = /^customer:([A-Za-z0-9_.@-]{1,100}):0$/.exec(value);
  if (c?.[1]) return { customerId: c[1] };
  const m = /^([A-Za-z0-9_-]{1,100}):(\d{1,9})$/.exec(value);
  if (!m?.[1] || !m[2]) return undefined;
  return { handoffId: m[1], version: Number(m[2]) };
}

/**
 * A reminder, escalation or digest for one person: a short list of due items,
 * each with the buttons to act on it right there.
 */
export interface Notice {
  kind: 'nudge' | 'escalation' | 'digest' | 'proposal' | 'info';
  locale: string;
  fallback: string;
  title: string;
  text?: string;
  items: NoticeItem[];
  /** Moments named in `text` and the items' `detail`/`due`, as on `Card.stamps`. */
  stamps?: CardStamp[];
}

export interface NoticeItem {
  handoffId?: string;
  customerId: string;
  title: string;
  detail: string;
  due?: string;
  overdue: boolean;
  actions: CardAction[];
  /** Shows the handoff's free text in the reader's language (see `Card.translate`). */
  translate?: TranslateAction;
}

/**
 * A read-only answer (`/cx <customer>`, `/cx mine`, `/cx gaps`, help, App
 * Home): a title and blocks both platforms can show.
 */
export interface View {
  locale: string;
  fallback: string;
  title: string;
  subtitle?: string;
  blocks: ViewBlock[];
  /** Shows what people wrote about this customer in the reader's language (see `Card.translate`). */
  translate?: TranslateAction;
}

export type ViewBlock =
  | { kind: 'heading'; text: string }
  /**
   * `markup`: Baton's own words written with `*bold*` and backticks (help),
   * holding no outside text. Any other text may hold names, notes and CRM
   * fields, and renderers show it exactly as written: no links, mentions or
   * formatting from outside.
   */
  | { kind: 'text'; text: string; markup?: true }
  | { kind: 'facts'; facts: CardFact[] }
  | { kind: 'list'; items: ViewListItem[] }
  /** Buttons that open Baton's own pages (the dashboard, a customer's page), never outside URLs. */
  | { kind: 'links'; links: CardLink[] }
  | { kind: 'divider' };

export interface ViewListItem {
  text: string;
  /** Where the item's text links to: the customer's page in the dashboard, where one is named. */
  url?: string;
  detail?: string;
  actions?: CardAction[];
}
