import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Env } from '../config/env.js';
import type { Logger } from '../log.js';
import type { Notifier } from '../outbox/notifier.js';
import type { Registry } from '../registry/registry.js';
import type { Services } from '../services/index.js';
import type { CheckLine } from './check-line.js';
import type { Metrics } from './metrics.js';

export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  /** Exact path, or a prefix ending in `/*`. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
}

/** What each folder under adapters/ hands to the server. */
export interface PlatformAdapter {
  readonly name: string;
  readonly routes: Route[];
  readonly notifier?: Notifier;
  start?(): Promise<void>;
  stop?(): Promise<void>;
  /** For /readyz: false with a reason while the platform cannot be reached (and, if known, where and why). */
  ready?(): { ok: boolean; detail: string } & Pick<CheckLine, 'url' | 'cause' | 'fix'>;
  /** Work the scheduler loop runs each tick (e.g. processing accepted webhooks). */
  onTick?(): Promise<void>;
  /** Lines for `baton check` (who cannot be reached yet, ...): structured, or as text (`ok   <area>: ...`). */
  check?(): Promise<Array<CheckLine | string>>;
}

export interface AdapterContext {
  env: Env;
  services: Services;
  log: Logger;
  metrics: Metrics;
  /** The chat platforms and webhook sources the composition root registered. */
  registry: Registry;
  /** No platform's credentials are set: Baton runs on its embedded default, to try it locally. */
  embedded: boolean;
}
