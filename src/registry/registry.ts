import { z } from 'zod';
import { coreEnvSchema, envInvalid } from '../config/env.js';
import { CORE_ENTRY_KEYS } from '../config/schema.js';
import { BatonError } from '../errors.js';
import type {
  ChatPlatform,
  Described,
  EnvOf,
  EnvShape,
  RecordWriterInfo,
  TranslationProviderInfo,
  WebhookSourceInfo,
} from './descriptors.js';

/** What the composition root registered: the chat platforms and the webhook sources, in order. */
export interface Registry<W extends WebhookSourceInfo = WebhookSourceInfo> {
  readonly platforms: readonly ChatPlatform[];
  readonly sources: readonly W[];
  /** Translation providers, first choice first. */
  readonly translators?: readonly TranslationProviderInfo[];
  /** Systems of record Baton writes handoff changes back to. */
  readonly recordWriters?: readonly RecordWriterInfo[];
}

/**
 * Checks names once, so two adapters cannot claim the same config key,
 * source name, route or variable, nor an adapter one of the core's.
 */
export function createRegistry<W extends WebhookSourceInfo>(r: {
  platforms: readonly ChatPlatform[];
  sources: readonly W[];
  translators?: readonly TranslationProviderInfo[];
  recordWriters?: readonly RecordWriterInfo[];
}): Registry<W> {
  const seen = new Set<string>();
  for (const p of r.platforms) {
    if (!/^[a-z][a-z0-9]*$/.test(p.name) || CORE_ENTRY_KEYS.has(p.name) || seen.has(p.name))
      throw new BatonError(
        'REGISTRY_INVALID',
        `Platform name "${p.name}" is taken or not a lower-case word: pick another one in its descriptor`,
      );
    seen.add(p.name);
  }
  const names = new Set<string>();
  const routes = new Set<string>();
  for (const s of r.sources) {
    if (names.has(s.name))
      throw new BatonError('REGISTRY_INVALID', `Two webhook sources are named "${s.name}": rename one`);
    names.add(s.name);
    if (routes.has(s.route))
      throw new BatonError(
        'REGISTRY_INVALID',
        `Two webhook sources share ${s.route}: give each its own route`,
      );
    routes.add(s.route);
  }
  const providers = new Set<string>();
  for (const p of r.translators ?? []) {
    if (providers.has(p.name))
      throw new BatonError('REGISTRY_INVALID', `Two translation providers are named "${p.name}": rename one`);
    providers.add(p.name);
  }
  // A writer's name is a delivery platform too: it may not be a chat platform's.
  for (const w of r.recordWriters ?? []) {
    if (!/^[a-z][a-z0-9]*$/.test(w.name) || CORE_ENTRY_KEYS.has(w.name) || seen.has(w.name))
      throw new BatonError(
        'REGISTRY_INVALID',
        `Record writer name "${w.name}" is taken or not a lower-case word: pick another one in its descriptor`,
      );
    seen.add(w.name);
  }
  const vars = new Map<string, string>(Object.keys(coreEnvSchema.shape).map((k) => [k, 'the core']));
  for (const d of described(r)) {
    for (const k of Object.keys(d.env)) {
      const other = vars.get(k);
      if (other !== undefined)
        throw new BatonError('REGISTRY_INVALID', `${k} is read by both ${other} and ${d.name}: rename one`);
      vars.set(k, d.name);
    }
  }
  return {
    platforms: r.platforms,
    sources: r.sources,
    translators: r.translators ?? [],
    recordWriters: r.recordWriters ?? [],
  };
}

export const described = (
  r: Pick<Registry, 'platforms' | 'sources' | 'translators' | 'recordWriters'>,
): Described[] => [...r.platforms, ...r.sources, ...(r.translators ?? []), ...(r.recordWriters ?? [])];

/** Every variable the registered adapters read, as one zod shape. */
export function adapterEnvShape(r: Registry): EnvShape {
  return Object.assign({}, ...described(r).map((d) => d.env));
}

export function secretEnvOf(r: Registry): string[] {
  return described(r).flatMap((d) => [...d.secretEnv]);
}

export function redactedHeadersOf(r: Registry): string[] {
  return described(r).flatMap((d) => [...d.redactHeaders]);
}

/**
 * An adapter's own variables, read with its own schema from the environment
 * the core validated at start.
 */
export function envOf<S extends EnvShape>(
  d: { env: S },
  env: { vars: Readonly<Record<string, unknown>> },
): EnvOf<S> {
  const r = z.object(d.env).safeParse(env.vars);
  if (!r.success) throw envInvalid(r.error);
  return r.data as EnvOf<S>;
}

/** No platform's credentials are set: Baton runs on the embedded default, to be tried locally. */
export function isEmbedded(
  platforms: readonly ChatPlatform[],
  env: { vars: Readonly<Record<string, unknown>> },
): boolean {
  return !platforms.some((p) => p.connected(envOf(p, env)));
}

/**
 * The platforms a start with this environment connects to: those whose
 * credentials are set; with none, the embedded default.
 */
export function connectedPlatforms(
  platforms: readonly ChatPlatform[],
  env: { vars: Readonly<Record<string, unknown>> },
): ChatPlatform[] {
  const on = platforms.filter((p) => p.connected(envOf(p, env)));
  return on.length > 0 ? on : platforms.filter((p) => p.embeddedDefault);
}

/** The translation provider this environment switches on: the first registered whose credentials are set. */
export function translationProvider(
  r: Pick<Registry, 'translators'>,
  env: { vars: Readonly<Record<string, unknown>> },
): TranslationProviderInfo | undefined {
  return (r.translators ?? []).find((p) => p.connected(envOf(p, env)));
}

/** The systems of record this environment writes back to. */
export function connectedRecordWriters(
  r: Pick<Registry, 'recordWriters'>,
  env: { vars: Readonly<Record<string, unknown>> },
): RecordWriterInfo[] {
  return (r.recordWriters ?? []).filter((w) => w.connected(envOf(w, env)));
}
