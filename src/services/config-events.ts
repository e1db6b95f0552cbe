import { createHash } from 'node:crypto';
import path from 'node:path';
import type { ConfigChange } from '../config/config-diff.js';
import type { Directory } from '../config/directory.js';
import type { FileProblem } from '../config/zod-issues.js';
import type { AuditEntry, Delivery } from '../domain/types.js';
import { t } from '../i18n/translate.js';
import type { ChangeSet } from '../store/store.js';
import type { AuditAction } from './audit.js';
import { type DeliveryContext, directMessage } from './deliveries.js';

/** Per replica, the config it runs: so `baton check` and /readyz can say when replicas differ. */
export const REPLICA_NS = 'config-replicas';
/** One key per applied change (`<from>-><to>`): the first replica to apply it writes the audit entry. */
const CHANGE_NS = 'config-changes';

/** A change to the files that did not load: Baton keeps the config it runs on. */
export interface Refusal {
  /** The fingerprint of the files refused. */
  fingerprint: string;
  at: string;
  problems: FileProblem[];
  /** The problems in one line, for /readyz and the log. */
  reason: string;
}

/** What a replica stores about itself under `REPLICA_NS`. */
export interface ReplicaConfig {
  fingerprint: string;
  appliedAt: string;
  /** Refreshed every few minutes while the replica runs: an old one is a replica gone. */
  seenAt: string;
  refused?: { fingerprint: string; at: string; reason: string };
}

export function replicaRecord(replica: string, value: ReplicaConfig | null): ChangeSet {
  return { kv: [{ ns: REPLICA_NS, key: replica, value }] };
}

/**
 * `config.changed`, written once however many replicas apply the change:
 * the entry rides on a key of its own that only the first commit may insert
 * (the others get a `kv` conflict and record only themselves).
 */
export function changeAudit(
  ids: (prefix: string) => string,
  at: string,
  from: string,
  to: string,
  change: ConfigChange,
): ChangeSet {
  const entry: AuditEntry = {
    id: ids('aud'),
    at,
    // Who edited a file is not known to Baton.
    actor: 'system',
    action: 'config.changed' satisfies AuditAction,
    subject: { type: 'config', id: to },
    details: { from, to, ...change },
  };
  return { audit: [entry], kvInsert: [{ ns: CHANGE_NS, key: `${from}->${to}`, value: at }] };
}

/**
 * A direct message to each admin of the config Baton runs on, keyed by the
 * problem and the config it replaced: every replica that meets the same
 * broken file queues the same keys, so each admin hears of it once (the
 * outbox enqueues a key once), and it waits in the outbox, counted, when it
 * cannot go out. The same problem after a config change since is news again.
 */
export function refusalNotices(
  dctx: DeliveryContext,
  dir: Directory,
  refusal: Refusal,
  running: string,
): Delivery[] {
  const key = `config-refused:${problemKey(refusal.problems)}:${running}`;
  return [...dir.config.admins].flatMap((admin) =>
    directMessage(dctx, `${key}:${admin}`, admin, {
      type: 'text',
      text: t(dir.personLocale(admin), 'config.refused', {
        fingerprint: running,
        problems: refusal.problems.map((p) => `• ${p.text}${p.fix ? ` (${p.fix})` : ''}`).join('\n'),
      }),
    }),
  );
}

/** The same problems read from another folder (another replica's volume) make the same key. */
function problemKey(problems: readonly FileProblem[]): string {
  const lines = problems.map((p) => {
    const file = p.file ? path.basename(p.file) : '';
    const text = p.file ? p.text.split(p.file).join(file) : p.text;
    return `${file}\0${p.field ?? ''}\0${text}`;
  });
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex').slice(0, 16);
}
