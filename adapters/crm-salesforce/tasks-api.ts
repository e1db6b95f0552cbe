import { Connection } from 'jsforce';
import type { SendOutcome } from '../../src/outbox/notifier.js';

export const SALESFORCE_API_VERSION = '62.0';

/**
 * The longest Baton waits for Salesforce on one call: well inside half an
 * outbox lease, so a slow org never holds a write past its claim.
 */
export const SALESFORCE_TIMEOUT_MS = 30_000;

export interface TasksApiOptions {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
}

type Failure = Extract<SendOutcome, { ok: false }>;

/** Errors that say this write can never succeed as it is: the record is gone or the id is wrong. */
const PERMANENT = new Set([
  'ENTITY_IS_DELETED',
  'INVALID_CROSS_REFERENCE_KEY',
  'MALFORMED_ID',
  'INVALID_ID_FIELD',
  'INVALID_FIELD',
  'REQUIRED_FIELD_MISSING',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'INVALID_TYPE',
]);

/**
 * Salesforce through jsforce: a token from the client credentials flow
 * (fetched on first use, fetched again when Salesforce answers
 * INVALID_SESSION_ID), Task creation and the SOQL look-up of a task.
 */
export function tasksApi(opts: TasksApiOptions) {
  const loginUrl = opts.loginUrl.replace(/\/+$/, '');
  const conn = new Connection({
    loginUrl,
    version: SALESFORCE_API_VERSION,
    oauth2: { loginUrl, clientId: opts.clientId, clientSecret: opts.clientSecret },
    // Client credentials have no refresh token: an expired session gets a new token the same way.
    refreshFn: (c, callback) => {
      c.oauth2.requestToken({ grant_type: 'client_credentials' }).then(
        (res) => {
          if (res.instance_url) c.instanceUrl = res.instance_url;
          callback(null, res.access_token, res);
        },
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    },
  });

  async function session(): Promise<void> {
    if (conn.accessToken) return;
    await conn.authorize({ grant_type: 'client_credentials' });
  }

  /** How a failed call ends: wait, give up, or look before trying again. */
  function failure(err: unknown, what: string): Failure {
    const code = (err as { errorCode?: unknown }).errorCode;
    const name = typeof code === 'string' ? code : (err as { name?: string }).name;
    const message = err instanceof Error ? err.message : String(err);
    const error = `Salesforce ${what} on ${conn.instanceUrl || loginUrl}: ${name ? `${name}: ` : ''}${message}`;
    if (name === 'REQUEST_LIMIT_EXCEEDED') return { ok: false, error, retryAfterMs: 60_000 };
    if (name && PERMANENT.has(name)) return { ok: false, error, permanent: true };
    if (
      /invalid_client|invalid_grant|unsupported_grant_type|INVALID_SESSION_ID|refresh session/i.test(
        `${name} ${message}`,
      )
    )
      return {
        ok: false,
        error: `${error} (check SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET and that the connected app allows the client credentials flow with a run-as user)`,
      };
    // A 5xx, a timeout or a dropped connection: the task may exist.
    return { ok: false, error, unknownOutcome: true };
  }

  return {
    url: loginUrl,
    async createTask(task: {
      whatId: string;
      subject: string;
      description: string;
      activityDate: string;
    }): Promise<SendOutcome> {
      try {
        await session();
      } catch (err) {
        // No token, no write: nothing reached the record.
        const f = failure(err, 'sign-in');
        return { ...f, unknownOutcome: false };
      }
      try {
        const r = await withTimeout(
          conn.sobject('Task').create({
            WhatId: task.whatId,
            Subject: task.subject.slice(0, 255),
            Description: task.description,
            Status: 'Completed',
            ActivityDate: task.activityDate,
          }),
          'Task create',
        );
        if (r.success) return { ok: true, ref: { conversationId: task.whatId, messageId: r.id } };
        const first = r.errors[0] as { errorCode?: string; message?: string } | undefined;
        return failure(
          Object.assign(new Error(first?.message ?? 'not created'), { errorCode: first?.errorCode }),
          'Task create',
        );
      } catch (err) {
        return failure(err, 'Task create');
      }
    },
    /** A task on the record, created since `since`, whose description holds `marker`. */
    async findTask(input: { whatId: string; marker: string; since: string }): Promise<string | undefined> {
      await session();
      // Description is a long text area, which SOQL cannot filter on: the few tasks of the record since are read.
      const soql = `SELECT Id, Description FROM Task WHERE WhatId = '${soqlId(input.whatId)}' AND CreatedDate >= ${soqlDateTime(input.since)} ORDER BY CreatedDate DESC LIMIT 200`;
      const r = await withTimeout(
        Promise.resolve(conn.query<{ Id: string; Description?: string | null }>(soql)),
        'Task look-up',
      );
      return r.records.find((t) => t.Description?.includes(input.marker))?.Id;
    },
    /** Signs in and reads the org's limits: the credentials work and the API answers. */
    async probe(): Promise<string | undefined> {
      try {
        await session();
        await conn.request(`/services/data/v${SALESFORCE_API_VERSION}/limits`);
        return undefined;
      } catch (err) {
        return failure(err, 'sign-in or limits').error;
      }
    },
  };
}

/** jsforce sets no timeout of its own that a caller can lower: an answer that is late counts as none. */
async function withTimeout<T>(p: PromiseLike<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer from Salesforce within ${SALESFORCE_TIMEOUT_MS / 1000} s`)),
      SALESFORCE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Salesforce ids are 15 or 18 letters and digits; anything else never reaches a query. */
function soqlId(id: string): string {
  if (!/^[A-Za-z0-9]{15,18}$/.test(id)) throw new Error(`not a Salesforce id: ${JSON.stringify(id)}`);
  return id;
}

/** A SOQL dateTime literal, a minute early for clock skew between Baton and Salesforce. */
function soqlDateTime(iso: string): string {
  return new Date(Date.parse(iso) - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
