import type { ExportSource } from '../export/stream.js';
import type { PageContext, PageResult } from './page.js';

/** A list's download (`?format=csv|jsonl`): the rows to stream, or the same refusal the page gives. */
export type Exporter = (
  ctx: PageContext,
) => Promise<{ kind: 'export'; source: ExportSource } | Extract<PageResult, { kind: 'status' }>>;
