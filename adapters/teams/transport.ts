import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, TurnContext } from 'botbuilder';
import type { Logger } from '../../src/log.js';
import type { Route } from '../../src/server/adapter.js';
import { readBody, sendJson } from '../../src/server/http.js';
import { admitLocal, admitTenant, type Refusal } from './admission.js';
import type { BatonCloudAdapter } from './bot.js';

/** Teams activities are small; a card submit with long notes stays far below this. */
const BODY_LIMIT = 1024 * 1024;

/** jsonwebtoken's own errors reach here unwrapped when a known key's signature or a claim is wrong. */
const TOKEN_ERRORS = new Set([
  'AuthenticationError',
  'JsonWebTokenError',
  'NotBeforeError',
  'TokenExpiredError',
]);

function isAuthError(err: unknown): boolean {
  const e = err as { name?: string; constructor?: { name?: string }; statusCode?: number } | undefined;
  return (
    TOKEN_ERRORS.has(e?.constructor?.name ?? '') || TOKEN_ERRORS.has(e?.name ?? '') || e?.statusCode === 401
  );
}

/**
 * `POST /api/messages`: the body is read and checked here, the token by
 * botbuilder. A missing or bad token is a 401 before any work (and offline:
 * botbuilder only fetches Microsoft's keys for a well-formed token from a
 * known issuer); a body that is not an activity is a 400 and a log line.
 */
export function messagesRoute(deps: {
  adapter: BatonCloudAdapter;
  log: Logger;
  logic: (ctx: TurnContext) => Promise<void>;
  /**
   * With an app id: the tenants served, asked at each request (a team's
   * `tenant` can be added while Baton runs). Without one (local mode): undefined, loopback only.
   */
  tenants: (() => ReadonlySet<string>) | undefined;
  /** The sender's address; tests stand in for a remote peer here. */
  peerOf?: (req: IncomingMessage) => string | undefined;
}): Route {
  const { adapter, log, tenants } = deps;
  const peerOf = deps.peerOf ?? ((req: IncomingMessage) => req.socket.remoteAddress);
  const refuse = (res: ServerResponse, a: Activity, r: Refusal) => {
    log.warn({ type: a.type, reason: r.reason }, 'Teams request refused');
    sendJson(res, r.status, { error: 'forbidden' });
  };
  return {
    method: 'POST',
    path: '/api/messages',
    async handle(req: IncomingMessage, res: ServerResponse) {
      let activity: Activity;
      try {
        const raw = await readBody(req, BODY_LIMIT);
        const parsed: unknown = JSON.parse(raw.toString('utf8'));
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        activity = parsed as Activity;
        if (typeof activity.type !== 'string' || !activity.type) throw new Error('no activity type');
      } catch (err) {
        const tooLarge = (err as { code?: string }).code === 'TOO_LARGE';
        log.warn({ reason: (err as Error).message }, 'Teams request is not an activity');
        if (tooLarge) {
          // The rest of an oversized body is not worth reading: answer, then close the connection.
          res.setHeader('connection', 'close');
          res.once('finish', () => req.destroy());
        }
        if (!res.headersSent)
          sendJson(res, tooLarge ? 413 : 400, { error: tooLarge ? 'too large' : 'not an activity' });
        return;
      }
      if (!tenants) {
        const refused = admitLocal(peerOf(req), req.headers, activity);
        if (refused) return refuse(res, activity, refused);
      }
      const auth = req.headers.authorization ?? '';
      try {
        const turn = await adapter.runTurn(auth, activity, deps.logic, () =>
          tenants ? admitTenant(tenants(), activity) : undefined,
        );
        if ('refused' in turn) return refuse(res, activity, turn.refused);
        const invoke = turn.invoke;
        if (invoke?.body !== undefined) sendJson(res, invoke.status ?? 200, invoke.body);
        else {
          res.writeHead(invoke?.status ?? 200);
          res.end();
        }
      } catch (err) {
        if (isAuthError(err)) {
          log.warn({ type: activity.type }, 'Teams request refused: no valid Bot Framework token');
          sendJson(res, 401, { error: 'unauthorized' });
          return;
        }
        log.error({ err, type: activity.type }, 'Teams turn failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      }
    },
  };
}
