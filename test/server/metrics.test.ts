import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../adapters/store/memory/memory-store.js';
import { createMetrics } from '../../src/server/metrics.js';
import { aDelivery, aHandoff } from '../adapters/store/builders.js';

const line = (text: string, name: string) => text.split('\n').find((l) => l.startsWith(`${name} `));

describe('/metrics gauges of the store', () => {
  it('show the counts as they are at each scrape, every gauge of a scrape the same count', async () => {
    const store = createMemoryStore();
    const { registry } = createMetrics(store, ['slack'], ['slack', 'teams']);
    await store.commit({ deliveries: [aDelivery({ platform: 'teams' }), aDelivery({ platform: 'slack' })] });
    const first = await registry.metrics();
    expect(line(first, 'baton_pending_deliveries')).toBe('baton_pending_deliveries 2');
    expect(line(first, 'baton_waiting_deliveries{platform="teams"}')).toBe(
      'baton_waiting_deliveries{platform="teams"} 1',
    );
    expect(line(first, 'baton_open_handoffs')).toBe('baton_open_handoffs 0');
    // Changed between scrapes: the next one shows it.
    await store.commit({
      deliveries: [aDelivery({ platform: 'teams' })],
      handoffs: [{ value: aHandoff('cus_1', { state: 'open' }), expectedVersion: null }],
    });
    const second = await registry.metrics();
    expect(line(second, 'baton_pending_deliveries')).toBe('baton_pending_deliveries 3');
    expect(line(second, 'baton_waiting_deliveries{platform="teams"}')).toBe(
      'baton_waiting_deliveries{platform="teams"} 2',
    );
    expect(line(second, 'baton_open_handoffs')).toBe('baton_open_handoffs 1');
  });
});
