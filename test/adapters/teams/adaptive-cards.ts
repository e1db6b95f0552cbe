import { createRequire } from 'node:module';

// The package's ESM entry needs a DOM; its UMD bundle parses in Node.
const require = createRequire(import.meta.url);
const AC = require('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown, ctx: unknown): void; toJSON(ctx?: unknown): unknown };
  SerializationContext: new () => {
    targetVersion: unknown;
    eventCount: number;
    getEventAt(i: number): { message: string; phase: number; event: number };
  };
  Versions: Record<string, unknown>;
};

/** Differences between what was sent and what the parser kept: anything it dropped or changed. */
function lost(sent: unknown, kept: unknown, at: string, out: string[]): void {
  if (Array.isArray(sent)) {
    if (!Array.isArray(kept)) return void out.push(`${at}: array became ${JSON.stringify(kept)}`);
    if (kept.length !== sent.length) out.push(`${at}: ${sent.length} items became ${kept.length}`);
    sent.forEach((v, i) => {
      lost(v, kept[i], `${at}[${i}]`, out);
    });
    return;
  }
  if (sent && typeof sent === 'object') {
    if (!kept || typeof kept !== 'object')
      return void out.push(`${at}: object became ${JSON.stringify(kept)}`);
    for (const [k, v] of Object.entries(sent)) {
      if (k === '$schema') continue;
      const w = (kept as Record<string, unknown>)[k];
      // The parser writes an input's default choice back as a string either way.
      if (w === undefined && v !== undefined)
        out.push(`${at}.${k}: dropped (${JSON.stringify(v).slice(0, 80)})`);
      else lost(v, w, `${at}.${k}`, out);
    }
    return;
  }
  if (sent !== kept) out.push(`${at}: ${JSON.stringify(sent)} became ${JSON.stringify(kept)}`);
}

/**
 * Problems the Adaptive Cards parser finds in a card, for version 1.5: its
 * own errors and warnings (unknown types, bad enum values, duplicate ids,
 * inputs without ids), and, through a parse and toJSON round trip, anything
 * it did not keep (a typo'd property, a value of the wrong type).
 */
export function cardProblems(card: unknown): string[] {
  const ctx = new AC.SerializationContext();
  ctx.targetVersion = AC.Versions.v1_5;
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, ctx);
  const out: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) out.push(`parser: ${ctx.getEventAt(i).message}`);
  lost(card, parsed.toJSON(ctx), '$', out);
  return out;
}
