import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type App,
  type BufferedIncomingMessage,
  defaultBodyLimit,
  HTTPModuleFunctions,
  type HTTPReceiver,
  isRawBodyError,
  type ReceiverEvent,
} from '@slack/bolt';
import type { Logger } from '../../src/log.js';
import { takeTurn } from '../../src/server/turns.js';
import { messageText } from './escape.js';
import { ACTION_PREFIX } from './ids.js';
import type { Reply } from './runtime.js';

/**
 * Buttons whose work needs no modal: nothing in them waits on a trigger_id, which Slack lets live
 * 3 s, so their work may come a few seconds after the acknowledgement.
 */
const LATER_ACTIONS = new Set(['accept', 'complete', 'cancel', 'snooze'].map((a) => `${ACTION_PREFIX}${a}`));

type Body = Record<string, unknown>;

/** Marks a request in Bolt's context as let in at the door: its work was promised, so it is never refused later as busy. */
const ADMITTED = 'batonAdmittedAtDoor';
export const admittedAtDoor = (context: Record<string, unknown>): boolean => context[ADMITTED] === true;

/** Who sent a slash command (`user_id`) or pressed a button (`user.id`). */
function userOf(body: Body): string {
  if (typeof body.user_id === 'string') return body.user_id;
  const user = body.user as { id?: unknown } | undefined;
  return typeof user?.id === 'string' ? user.id : '';
}

/** A request whose work may wait behind its acknowledgement: `/cx`, and a button that opens no modal. */
export function mayWaitBehindAck(body: Body): boolean {
  if (body.command === '/cx') return true;
  if (body.type !== 'block_actions' || !Array.isArray(body.actions) || body.actions.length !== 1)
    return false;
  const action = body.actions[0] as { action_id?: unknown; selected_user?: unknown };
  if (typeof action.action_id !== 'string') return false;
  // Reassign through a card's people picker changes the owner at once; its button opens a modal.
  if (action.action_id === `${ACTION_PREFIX}reassign`) return typeof action.selected_user === 'string';
  return LATER_ACTIONS.has(action.action_id);
}

export interface Door {
  /** Serves one request to /slack/events. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Requests acknowledged at the door whose work has not started. */
  waiting(): number;
  /** Resolves when every request acknowledged at the door has been handed to Bolt. */
  drained(): Promise<void>;
}

/**
 * Slack's door in a flood (requests come faster than their work is done: work waits for a slot). A
 * look-up or a button that opens no modal is acknowledged as soon as its signature checks out,
 * and handed to Bolt after, one a turn of the event loop: acknowledgements keep Slack's 3 s
 * however long the queue, and the work is done when the flood lets up (Slack's own advice for
 * slow work: acknowledge, then answer at the response_url). What a handler would have said in
 * its acknowledgement goes to the response_url instead. Everything else (modals, submissions,
 * events), and everything while the queue is full (its "busy" is the acknowledgement), goes
 * through Bolt's receiver as it does outside a flood.
 */
export function createDoor(opts: {
  app: App;
  receiver: HTTPReceiver;
  signingSecret: string;
  log: Logger;
  /** Work accepted and not yet started, besides the door's own. */
  backlog: () => number;
  maxQueued: number;
  /** Counts one request acknowledged at the door (in /metrics). */
  early: () => void;
  /** Sends what a handler put in an acknowledgement that already went out (`replyTo`, tracked so stop waits for it). */
  answerLate: (userId: string, responseUrl: string | undefined, reply: Reply) => void;
}): Door {
  const later: ReceiverEvent[] = [];
  let draining: Promise<void> | undefined;
  /** Requests handed to Bolt from the door whose handling has not finished (stop waits for them). */
  const handling = new Set<Promise<void>>();

  async function drain(): Promise<void> {
    while (later.length > 0) {
      await takeTurn('person');
      const ev = later.shift();
      if (!ev) break;
      // Not awaited: the work takes its own slot in the work queue; the next waits a turn only.
      const p: Promise<void> = opts.app
        .processEvent(ev)
        .catch((err: unknown) => {
          opts.log.error({ err }, 'Slack request acknowledged at the door failed');
        })
        .finally(() => handling.delete(p));
      handling.add(p);
    }
    draining = undefined;
  }

  /** The acknowledgement already went out: what a handler puts in it is answered the way a later answer is. */
  const lateAck =
    (body: Body) =>
    async (response?: unknown): Promise<void> => {
      if (response === undefined || response === '') return;
      const reply = typeof response === 'string' ? { text: messageText(response) } : (response as Reply);
      const url = typeof body.response_url === 'string' && body.response_url ? body.response_url : undefined;
      opts.answerLate(userOf(body), url, reply);
    };

  async function atTheDoor(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let buffered: BufferedIncomingMessage;
    let body: Body;
    try {
      buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
        { enabled: true, signingSecret: opts.signingSecret, bodyLimit: defaultBodyLimit },
        req,
      );
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered) as Body;
    } catch (err) {
      // Bolt's receiver answers a bad signature, a body too large or a malformed one.
      if (HTTPModuleFunctions.isBufferedIncomingMessage(req)) return opts.receiver.requestListener(req, res);
      if (isRawBodyError(err) && err.statusCode === 413)
        return HTTPModuleFunctions.buildNoBodyResponse(res, 413);
      opts.log.warn({ reason: err instanceof Error ? err.message : String(err) }, 'Slack request refused');
      return HTTPModuleFunctions.buildNoBodyResponse(res, 401);
    }
    if (!mayWaitBehindAck(body) || opts.backlog() + later.length >= opts.maxQueued)
      return opts.receiver.requestListener(buffered, res);
    HTTPModuleFunctions.buildNoBodyResponse(res, 200);
    opts.early();
    later.push({
      body,
      ack: lateAck(body),
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(buffered),
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(buffered),
      customProperties: { [ADMITTED]: true },
    });
    draining ??= drain();
  }

  return {
    handle(req, res) {
      if (opts.backlog() + later.length === 0) {
        opts.receiver.requestListener(req, res);
        return;
      }
      atTheDoor(req, res).catch((err: unknown) => {
        opts.log.error({ err }, 'Slack request failed at the door');
        if (!res.headersSent) HTTPModuleFunctions.buildNoBodyResponse(res, 500);
      });
    },
    waiting: () => later.length,
    drained: async () => {
      while (draining || handling.size > 0) {
        await draining;
        await Promise.allSettled([...handling]);
      }
    },
  };
}
