import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/log.js';
import { aCustomer, DELIVERY_CONTEXT, seedCustomers } from '../../support/seed.js';
import { answerLinks, type PulseTest, parseMail, startPulseTest } from './support.js';

const DAY = 86_400_000;

/** Every line logged, with its fields, to read what an operator would. */
function capturingLogger(lines: Array<{ level: string; msg: string; obj: object }>): Logger {
  const at =
    (level: string) =>
    (obj: object, msg = '') =>
      lines.push({ level, msg, obj });
  const log: Logger = {
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
    child: () => log,
  };
  return log;
}

describe('the pulse mail with no SMTP configured, and unsubscribing', () => {
  let s: PulseTest;
  const lines: Array<{ level: string; msg: string; obj: object }> = [];
  beforeEach(async () => {
    lines.length = 0;
    s = await startPulseTest({ log: capturingLogger(lines) });
    // Two companies whose key contact is the same person (a consultant), English-speaking.
    await seedCustomers(
      s.t.store,
      aCustomer('cus_a', 'Alpha Ltd', 'sales', {
        language: 'en',
        contacts: [{ name: 'Kim', email: 'kim@consult.example' }],
      }),
      aCustomer('cus_b', 'Beta Ltd', 'sales', {
        language: 'en',
        contacts: [{ name: 'Kim', email: 'Kim@Consult.example' }],
      }),
    );
  });
  afterEach(async () => s.stop());

  async function contacted(customer: string): Promise<string> {
    const svc = s.t.baton.services;
    const started = await svc.startHandoff({
      actor: 'sam',
      customer: { id: customer },
      to: { team: 'delivery' },
      context: DELIVERY_CONTEXT,
      source: { kind: 'person' },
    });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const id = started.value.handoff.id;
    const r = await svc.logHandoffContact({ handoffId: id, actor: 'tom', channel: 'email' });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return id;
  }

  it('writes the mail as an .eml file beside the data file and logs where; after an unsubscribe the next pulse is not sent', async () => {
    await contacted('cus_a');
    await s.pass(DAY);
    const dir = path.join(s.dataDir, 'mail');
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    const file = path.join(dir, files[0] ?? '');
    expect(lines.map((l) => l.msg)).toContainEqual(`no SMTP_URL set: mail written to ${file}`);
    const mail = parseMail(await readFile(file, 'utf8'));
    expect(mail.headers.get('to')).toBe('kim@consult.example');
    expect(mail.subject).toBe('Has someone been in touch with you?');
    expect(mail.text).toContain('Yes, but I still need help');
    const token = /\/pulse\/([^?]+)\?/.exec(answerLinks(mail.text).helped ?? '')?.[1] ?? '';

    // The one-click unsubscribe a mail client sends (RFC 8058).
    const out = await fetch(`${s.t.url}/pulse/${token}/unsubscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(out.status).toBe(200);
    expect(await out.text()).toContain('We will send you no more questions like this one.');

    // Beta's handoff reaches the same address (written otherwise): nothing is sent, and the timeline says why.
    await contacted('cus_b');
    await s.pass(DAY);
    expect(await readdir(dir)).toHaveLength(1);
    const view = await s.t.baton.services.customerView('Beta Ltd');
    if (!view.ok) throw new Error('no view');
    const actions = view.value.timeline.flatMap((e) => (e.kind === 'audit' ? [e.entry] : []));
    expect(actions.map((a) => [a.action, a.details?.reason])).toContainEqual([
      'pulse.skipped',
      'unsubscribed',
    ]);
    const alpha = await s.t.baton.services.customerView('Alpha Ltd');
    if (!alpha.ok) throw new Error('no view');
    expect(alpha.value.timeline.flatMap((e) => (e.kind === 'audit' ? [e.entry.action] : []))).toContain(
      'pulse.unsubscribed',
    );
  });

  it('keeps the one pulse planned at the first contact through a second contact: one mail goes out', async () => {
    const id = await contacted('cus_a');
    const again = await s.t.baton.services.logHandoffContact({
      handoffId: id,
      actor: 'tom',
      channel: 'call',
    });
    expect(again.ok).toBe(true);
    const pulses = (await s.t.store.listFollowUps({ handoffId: id })).filter((f) => f.window === 'pulse');
    expect(pulses.map((f) => [f.status, f.dueAt])).toEqual([
      ['pending', new Date(s.t.clock.now().getTime() + DAY).toISOString()],
    ]);
    await s.pass(DAY);
    expect(await readdir(path.join(s.dataDir, 'mail'))).toHaveLength(1);
  });

  it('closes the question once the customer is erased: the link answers 410 and records nothing', async () => {
    const id = await contacted('cus_a');
    await s.pass(DAY);
    const [file] = await readdir(path.join(s.dataDir, 'mail'));
    const mail = parseMail(await readFile(path.join(s.dataDir, 'mail', file ?? ''), 'utf8'));
    const link = answerLinks(mail.text)['not-yet'] ?? '';
    const erased = await s.t.baton.services.forgetCustomer({
      customerId: 'cus_a',
      actor: 'dana',
      confirmed: true,
    });
    expect(erased.ok).toBe(true);
    // The written mail held Kim's name and address: it is gone with the customer.
    expect(await readdir(path.join(s.dataDir, 'mail'))).toEqual([]);
    const page = await fetch(`${s.t.url}${link}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This question is closed');
    const post = await fetch(`${s.t.url}${link.split('?')[0]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=not-yet',
    });
    expect(post.status).toBe(410);
    expect((await s.t.store.getHandoff(id))?.pulse).toBeUndefined();
  });
});
