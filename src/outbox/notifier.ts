import type { Card, Notice, View } from '../cards/model.js';
import type { CardRef, Delivery, Platform } from '../domain/types.js';

/** A delivery made ready for a platform: what to show, to whom, in which language. */
export type Rendered =
  | { kind: 'card'; card: Card }
  | { kind: 'notice'; notice: Notice }
  /** A read-only answer sent on its own (the weekly report, a private link). */
  | { kind: 'view'; view: View }
  /** `subject`: a title, for a system that files the text under one (a task on a record). */
  | { kind: 'text'; text: string; locale: string; subject?: string };

export interface DispatchItem {
  delivery: Delivery;
  rendered: Rendered;
  /** For updates and thread notes: the card being updated or answered under. */
  cardRef?: CardRef;
}

export type SendOutcome =
  | { ok: true; ref?: { conversationId: string; messageId: string; serviceUrl?: string } }
  | {
      ok: false;
      error: string;
      /** The platform asked us to wait this long (`Retry-After`, a 429). */
      retryAfterMs?: number;
      /** Retrying cannot help (channel not found, bot removed): the delivery fails now. */
      permanent?: boolean;
      /** The request may have reached the platform (a timeout): check before posting again. */
      unknownOutcome?: boolean;
      /**
       * Nothing was tried: Baton cannot reach the conversation yet (not installed in the team, a
       * person who never opened it) and will once someone does. It waits however long that takes,
       * counted and named as retried, instead of failing after `MAX_ATTEMPTS` (a card lost on a
       * slow roll-out).
       */
      notYet?: boolean;
    };

/**
 * What a platform adapter implements to carry Baton's messages. The core
 * decides what to send and when; the adapter only knows how.
 */
export interface Notifier {
  readonly platform: Platform;
  send(item: DispatchItem): Promise<SendOutcome>;
  /**
   * After an unknown outcome: was this delivery posted after all? Returns the
   * message when the platform lets us find it, so a retry never posts twice.
   */
  reconcile?(item: DispatchItem): Promise<{ conversationId: string; messageId: string } | undefined>;
  /** Pacing keys of a delivery, e.g. its channel, with the platform's rate for each. */
  pacing?(item: DispatchItem): Array<{ key: string; perSecond: number }>;
}
