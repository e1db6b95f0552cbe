/**
 * One result of `baton check`, made where the problem is known: config and
 * playbook problems carry their file and field, a request that failed its
 * URL and cause. `message` is the line as people read it after the level,
 * so the text output is the same whether a line came structured or as text.
 */
export interface CheckLine {
  level: CheckLevel;
  /** What was checked: config, playbooks, store, outbox, a platform's or source's name, ... */
  area: string;
  message: string;
  file?: string;
  /** A dotted path into the file, e.g. `teams.delivery.lead`. */
  field?: string;
  /** What to do about it, when there is something to do. */
  fix?: string;
  /** The address a failed request went to. */
  url?: string;
  /** Why the request failed: `connection refused (ECONNREFUSED 127.0.0.1:9)`, `invalid_auth`, ... */
  cause?: string;
}

export type CheckLevel = 'ok' | 'warn' | 'error' | 'skip';

const PREFIX: Record<CheckLevel, string> = { ok: 'ok  ', warn: 'warn', error: 'FAIL', skip: 'skip' };

/** The line as `baton check` prints it for people. */
export function checkText(line: CheckLine): string {
  return `${PREFIX[line.level]} ${line.message}`;
}

/**
 * A line an adapter still hands over as text (`ok   webhooks: ...`). Its area
 * is its first word when a colon follows it (`webhooks:`), else `area`. Text
 * without a level is a warning: a script should look at what it cannot read.
 */
export function parseCheckText(text: string, area: string): CheckLine {
  const m = /^(ok {2}|FAIL|warn|skip) ([\s\S]*)$/.exec(text);
  const level = m ? levelOf(m[1] ?? '') : 'warn';
  const message = m ? (m[2] ?? '') : text;
  const named = /^([a-z][a-z0-9-]*):/.exec(message.trimStart());
  return { level, area: named?.[1] ?? area, message };
}

function levelOf(prefix: string): CheckLevel {
  if (prefix === 'FAIL') return 'error';
  if (prefix === 'warn' || prefix === 'skip') return prefix;
  return 'ok';
}
