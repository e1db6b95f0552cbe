import { Gauge } from 'prom-client';
import type { Metrics } from './metrics.js';

/** `baton_config_refused`: 1 while the config files on disk were refused and Baton runs on the last good config. */
export function configRefusedGauge(metrics: Metrics, refused: () => boolean): void {
  new Gauge({
    name: 'baton_config_refused',
    help: 'Whether the config files on disk were refused (1): Baton runs on the last good config; /readyz says why',
    registers: [metrics.registry],
    collect() {
      this.set(refused() ? 1 : 0);
    },
  });
}
