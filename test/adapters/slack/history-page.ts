/**
 * `conversations.history` / `conversations.replies` as Slack answers them,
 * for the fakes: messages between `oldest` and `latest` (both exclusive
 * unless `inclusive`), newest first for history and oldest first for
 * replies, at most `limit` (default 100) a page with `has_more` and a
 * `next_cursor`, and `metadata` only when `include_all_metadata` is set.
 */
export function historyPage<M extends { ts: string; metadata?: unknown }>(
  kept: readonly M[],
  args: Record<string, unknown>,
  order: 'newest-first' | 'oldest-first',
): { ok: true; messages: M[]; has_more: boolean; response_metadata: { next_cursor: string } } {
  const inclusive = truthy(args.inclusive);
  const oldest = args.oldest === undefined ? undefined : micros(String(args.oldest));
  const latest = args.latest === undefined ? undefined : micros(String(args.latest));
  const inWindow = kept.filter((m) => {
    const at = micros(m.ts);
    if (oldest !== undefined && (inclusive ? at < oldest : at <= oldest)) return false;
    if (latest !== undefined && (inclusive ? at > latest : at >= latest)) return false;
    return true;
  });
  const sorted = [...inWindow].sort((a, b) => (micros(a.ts) < micros(b.ts) ? -1 : 1));
  if (order === 'newest-first') sorted.reverse();
  const limit = Math.max(1, Math.min(Number(args.limit ?? 100) || 100, 1_000));
  const start = typeof args.cursor === 'string' && args.cursor ? Number(args.cursor.replace(/^off:/, '')) : 0;
  const page = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  const withMeta = truthy(args.include_all_metadata);
  return {
    ok: true,
    messages: page.map((m) => (withMeta ? m : withoutMetadata(m))),
    has_more: more,
    response_metadata: { next_cursor: more ? `off:${start + limit}` : '' },
  };
}

/** A Slack timestamp as Slack makes it: seconds with six decimals, unique and increasing in a workspace. */
export function slackTs(nowMs: number, previous: string | undefined): string {
  let at = BigInt(Math.floor(nowMs)) * 1_000n;
  if (previous !== undefined && at <= micros(previous)) at = micros(previous) + 1n;
  const s = at.toString().padStart(7, '0');
  return `${s.slice(0, -6)}.${s.slice(-6)}`;
}

function micros(ts: string): bigint {
  const [sec = '0', frac = ''] = ts.split('.');
  return BigInt(sec || '0') * 1_000_000n + BigInt(`${frac}000000`.slice(0, 6));
}

function truthy(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}

function withoutMetadata<M extends { metadata?: unknown }>(m: M): M {
  const { metadata: _m, ...rest } = m;
  return rest as M;
}
