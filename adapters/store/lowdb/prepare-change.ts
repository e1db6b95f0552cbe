import type { AuditEntry, HistoryEntry, Touchpoint } from '../../../src/domain/types.js';
import type { ChangeSet } from '../../../src/store/store.js';
import type { HistoryLine } from './history-files.js';

/** One change, serialised once for where it goes: the journal, memory and the history files. */
export interface PreparedChange {
  /** What the hot state applies: records copied from the caller's objects, ids as they are. */
  copy: ChangeSet;
  /** The whole change as JSON, for the journal line. */
  json: string;
  /** Audit entries and touchpoints as history-file lines; closed handoffs come from applying. */
  lines: HistoryLine[];
}

/**
 * The records that stay in memory are copied through their JSON, so memory
 * holds exactly what the journal does and no caller can change it later.
 * Audit entries and touchpoints never stay in memory: their JSON goes into
 * the journal line and the history lines as it is, rather than being parsed
 * back and serialised again. Id lists are strings and need no copy; keeping
 * the very strings the store handed out also keeps its map look-ups cheap.
 */
export function prepareChange(change: ChangeSet): PreparedChange {
  const { audit, touchpoints, followUpsSent, eraseHistoryOf, ...records } = change;
  const recordsJson = JSON.stringify(records);
  const copy = JSON.parse(recordsJson) as ChangeSet;
  const lines: HistoryLine[] = [];
  const extra: string[] = [];
  if (followUpsSent) {
    copy.followUpsSent = [...followUpsSent];
    extra.push(`"followUpsSent":${JSON.stringify(followUpsSent)}`);
  }
  if (eraseHistoryOf) {
    copy.eraseHistoryOf = [...eraseHistoryOf];
    extra.push(`"eraseHistoryOf":${JSON.stringify(eraseHistoryOf)}`);
  }
  // In the order applying a journal line produces them, so a replay writes the same lines.
  if (touchpoints) extra.push(`"touchpoints":${historyJson(touchpoints, 'touchpoint', lines)}`);
  if (audit) extra.push(`"audit":${historyJson(audit, 'audit', lines)}`);
  let json = recordsJson;
  if (extra.length > 0)
    json = recordsJson === '{}' ? `{${extra.join(',')}}` : `${recordsJson.slice(0, -1)},${extra.join(',')}}`;
  return { copy, json, lines };
}

function historyJson(
  entries: ReadonlyArray<AuditEntry | Touchpoint>,
  kind: Exclude<HistoryEntry['kind'], 'handoff'>,
  lines: HistoryLine[],
): string {
  const parts: string[] = [];
  for (const e of entries) {
    const entryJson = JSON.stringify(e);
    parts.push(entryJson);
    lines.push({ customerId: e.customerId ?? '', kind, at: e.at, entryJson });
  }
  return `[${parts.join(',')}]`;
}
