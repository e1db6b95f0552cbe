import { describe, expect, it } from 'vitest';
import { customerKeys, Lanes } from '../../../adapters/webhooks/lanes.js';

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Lanes', () => {
  it('runs a task after the earlier ones sharing a key, others meanwhile, never more than the limit', async () => {
    const lanes = new Lanes(2);
    const started: string[] = [];
    const gates = { a: gate(), b: gate(), c: gate(), d: gate() };
    const task = (name: keyof typeof gates) => async () => {
      started.push(name);
      await gates[name].opened;
    };
    const all = [
      lanes.run(['customer-1'], task('a')),
      lanes.run(['customer-1', 'mail'], task('b')),
      lanes.run(['customer-2'], task('c')),
      lanes.run(['customer-3'], task('d')),
    ];
    await tick();
    // b waits for a (same customer); c runs; d waits for a slot.
    expect(started).toEqual(['a', 'c']);
    gates.a.open();
    await tick();
    // a's slot goes to d, queued for one before b could be.
    expect(started).toEqual(['a', 'c', 'd']);
    gates.c.open();
    await tick();
    expect(started).toEqual(['a', 'c', 'd', 'b']);
    gates.b.open();
    gates.d.open();
    await Promise.all(all);
  });
});

describe('customerKeys', () => {
  it('names every way an event can match a customer: external ids, domain, emails and their domains', () => {
    expect(
      customerKeys({
        externalIds: { crm: '42' },
        domain: 'Acme.example',
        contacts: [{ name: 'Min-jun', email: 'MJ@acme.example' }, { name: 'No mail' }],
      }).sort(),
    ).toEqual(['at:acme.example', 'at:acme.example', 'id:crm:42', 'mail:mj@acme.example'].sort());
  });
});
