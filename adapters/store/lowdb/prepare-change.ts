import type { AuditEntry, HistoryEntry, Touchpoint } from '../../../src/domain/types.js';
import type { ChangeSet } from '../../../src/store/store.js';
import type { HistoryLine } from './history-lines.js';
import { jsonCopy } from './json-copy.js';

/** One change, serialised once for where it goes: the journal, memory and the history files. */
export interface PreparedChange {
  /** What the hot state applies: records copied from the caller's objects, ids as they are. */
  copy: ChangeSet;
  /**
   * The whole change as JSON, in pieces that joined make the journal line's change: the journal
   * encodes them one after another, so the text is never joined (a tick's 600 KB, copied twice).
   */
  json: string[];
  /** Audit entries and touchpoints as history-file lines; closed handoffs come from applying. */
  lines: HistoryLine[];
}

/**
 * The records that stay in memory are copies of what the journal holds
 * (`jsonCopy`: JSON's rules, without parsing the text back), so memory
 * holds exactly what the journal does and no caller can change it later.
 * Audit entries and touchpoints never stay in memory: their JSON goes into
 * the journal line and the history lines as it is, rather than being parsed
 * back and serialised again. Id lists are strings and need no copy; keeping
 * the very strings the store handed out also keeps its map look-ups cheap.
 */
export function prepareChange(change: ChangeSet): PreparedChange {
  const { audit, touchpoints, followUpsSent, eraseHistoryOf, ...records } = change;
  const recordsJson = JSON.stringify(records);
  const copy = jsonCopy(records) as ChangeSet;
  const lines: HistoryLine[] = [];
  const json: string[] = [];
  // Further members go after the records' last one, or straight after the brace when there are none.
  // Pushed as pieces rather than joined: a joined string is copied again when it is encoded.
  let more = false;
  const member = (name: string) => {
    if (!more) json.push(recordsJson === '{}' ? '{' : recordsJson.slice(0, -1));
    json.push(recordsJson === '{}' && !more ? `"${name}":` : `,"${name}":`);
    more = true;
  };
  if (followUpsSent) {
    copy.followUpsSent = [...followUpsSent];
    member('followUpsSent');
    json.push(JSON.stringify(followUpsSent));
  }
  if (eraseHistoryOf) {
    copy.eraseHistoryOf = [...eraseHistoryOf];
    member('eraseHistoryOf');
    json.push(JSON.stringify(eraseHistoryOf));
  }
  // In the order applying a journal line produces them, so a replay writes the same lines.
  if (touchpoints) {
    member('touchpoints');
    historyJson(touchpoints, 'touchpoint', lines, json);
  }
  if (audit) {
    member('audit');
    historyJson(audit, 'audit', lines, json);
  }
  json.push(more ? '}' : recordsJson);
  return { copy, json, lines };
}

function historyJson(
  entries: ReadonlyArray<AuditEntry | Touchpoint>,
  kind: Exclude<HistoryEntry['kind'], 'handoff'>,
  lines: HistoryLine[],
  json: string[],
): void {
  let open = '[';
  for (const e of entries) {
    const entryJson = JSON.stringify(e);
    json.push(open, entryJson);
    open = ',';
    lines.push({ customerId: e.customerId ?? '', kind, at: e.at, entryJson });
  }
  json.push(open === '[' ? '[]' : ']');
}
