import { createHash } from 'node:crypto';
import type { Store } from '../store/store.js';

/** The store's namespace for translations: shared by every replica, so a text is paid for once. */
export const TRANSLATION_NS = 'translation';

/** Translations this process read or made lately, so a busy card does not read the store each click. */
const MEMORY_MAX = 1_000;

/**
 * Translations by text and target language. What is kept is the masked
 * markup the provider saw and returned (no e-mail address or phone number),
 * under a key that starts with the customer's id so an erasure can find
 * them. Written after the provider answered, never inside another commit.
 */
export function createTranslationCache(store: Store) {
  const memory = new Map<string, string>();

  const keyOf = (customerId: string, markup: string, target: string): string =>
    `${customerId}:${createHash('sha256').update(`${target}\u0000${markup}`).digest('base64url').slice(0, 32)}`;

  function remember(key: string, text: string): void {
    memory.delete(key);
    memory.set(key, text);
    if (memory.size > MEMORY_MAX) {
      const oldest = memory.keys().next().value;
      if (oldest !== undefined) memory.delete(oldest);
    }
  }

  return {
    keyOf,
    async get(key: string): Promise<string | undefined> {
      const hit = memory.get(key);
      if (hit !== undefined) return hit;
      const stored = await store.getKv(TRANSLATION_NS, key);
      const text =
        stored && typeof stored === 'object' && typeof (stored as { text?: unknown }).text === 'string'
          ? (stored as { text: string }).text
          : undefined;
      if (text !== undefined) remember(key, text);
      return text;
    },
    /** Keeps new translations; a failed write only costs a later provider call, so it is reported, not thrown. */
    async put(entries: ReadonlyArray<{ key: string; text: string }>, at: string): Promise<boolean> {
      for (const e of entries) remember(e.key, e.text);
      if (entries.length === 0) return true;
      const r = await store.commit({
        kv: entries.map((e) => ({ ns: TRANSLATION_NS, key: e.key, value: { text: e.text, at } })),
      });
      return r.ok;
    },
  };
}

export type TranslationCache = ReturnType<typeof createTranslationCache>;

/** Deletions of every kept translation about one customer, for an erasure's commit. */
export async function translationsOf(
  store: Store,
  customerId: string,
): Promise<Array<{ ns: string; key: string; value: null }>> {
  const prefix = `${customerId}:`;
  return (await store.listKv(TRANSLATION_NS))
    .filter((e) => e.key.startsWith(prefix))
    .map((e) => ({ ns: TRANSLATION_NS, key: e.key, value: null }));
}

/**
 * Deletions of kept translations written before `before` (ISO): a text
 * translated a month ago is rarely asked again, and the namespace would
 * otherwise grow with every text ever translated. A later click asks the
 * provider again.
 */
export async function staleTranslations(
  store: Store,
  before: string,
): Promise<Array<{ ns: string; key: string; value: null }>> {
  return (await store.listKv(TRANSLATION_NS))
    .filter((e) => {
      const at = (e.value as { at?: unknown } | null)?.at;
      return typeof at !== 'string' || at < before;
    })
    .map((e) => ({ ns: TRANSLATION_NS, key: e.key, value: null }));
}
