import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { figuresOf } from '../../../src/analytics/figures.js';
import { get, signIn } from '../dashboard/helpers.js';
import { handoffVia, messageIn, textOf } from '../slack/helpers.js';
import { aCustomer, seedCustomers } from '../slack/setup.js';
import { visibleText } from '../slack/slack-client.js';
import { answerLinks, type PulseTest, parseMail, startPulseTest, startSmtp } from './support.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('the pulse mail through a real SMTP server: the customer says nobody has been in touch', () => {
  let s: PulseTest;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeEach(async () => {
    smtp = await startSmtp();
    s = await startPulseTest({ env: { SMTP_URL: smtp.url } });
    // Acme wants to be served in Korean; Min-jun Kim <mj@acme.example> is the key contact.
    await seedCustomers(s.t.store, [aCustomer()]);
  });
  afterEach(async () => {
    await s.stop();
    await smtp.close();
    expect(s.fake.violations).toEqual([]);
  });

  /** Handed over by Dana, accepted and first contacted by Tom, all through signed Slack requests. */
  async function contacted() {
    await handoffVia(s, 'U0DANA', 'Acme Corp to delivery');
    await s.pass();
    const card = messageIn(s, 'C0DELIVERY', 'Acme Corp');
    await s.slack.click(card, 'baton:accept', 'U0TOM');
    await s.pass();
    const clicked = await s.slack.click(card, 'baton:contact', 'U0TOM');
    const modal = await s.slack.openedModal(clicked.trigger);
    await s.slack.submit(modal, 'U0TOM', { channel: 'call', note: 'Kickoff call booked' });
    await s.pass();
    return card;
  }

  it('mails the question in Korean a day after first contact; "not yet" reopens the customer and tells Tom and Priya', async () => {
    const card = await contacted();
    await s.pass(DAY - 60_000);
    expect(smtp.mails).toHaveLength(0);
    await s.pass(60_000);
    expect(smtp.mails).toHaveLength(1);
    const raw = smtp.mails[0];
    if (!raw) throw new Error('no mail');
    expect(raw.to).toEqual(['mj@acme.example']);
    const mail = parseMail(raw.raw);
    expect(mail.subject).toBe('담당자에게서 연락을 받으셨나요?');
    expect(mail.headers.get('from')).toContain('support@acme-vendor.example');
    expect(mail.text).toContain('요청하신 건과 관련해 저희 담당자에게서 연락을 받으셨나요?');
    expect(mail.text).toContain('네, 도움이 되었습니다');
    expect(mail.text).toContain('아직 연락을 받지 못했습니다');
    expect(mail.html).toContain('아직 연락을 받지 못했습니다');
    const links = answerLinks(mail.text);
    expect(Object.keys(links).sort()).toEqual(['helped', 'need-help', 'not-yet']);
    const token = /\/pulse\/([^?]+)\?/.exec(links['not-yet'] ?? '')?.[1] ?? '';
    expect(mail.headers.get('list-unsubscribe')).toBe(
      `<https://baton.example.com/pulse/${token}/unsubscribe>`,
    );
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // Opening the link (a person, or a mail scanner) records nothing: it asks to confirm.
    const page = await fetch(`${s.t.url}${links['not-yet']}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const shown = await page.text();
    expect(shown).toContain('선택하신 답변: 아직 연락을 받지 못했습니다');
    expect(shown).toContain('<form method="post"');
    for (const personal of ['Acme', 'Min-jun', 'mj@', 'Tom', 'Priya']) expect(shown).not.toContain(personal);
    await s.pass();
    expect(s.fake.channel('DU0PRIYA').map((m) => m.text)).not.toContainEqual(
      expect.stringContaining('customer'),
    );
    expect(
      (await s.t.store.getHandoff((await s.t.store.listHandoffs({ customerId: 'cus_acme' }))[0]?.id ?? ''))
        ?.pulse,
    ).toBeUndefined();

    const answered = await fetch(`${s.t.url}/pulse/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=not-yet',
    });
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain('감사합니다. 담당 팀에 알렸으니 곧 연락드리겠습니다.');
    await s.pass();

    // The owner and the receiving team's lead are told at once, in their own words.
    for (const dm of ['DU0TOM', 'DU0PRIYA']) {
      const said = s.fake.channel(dm).map((m) => textOf(m));
      expect(said).toContainEqual(expect.stringContaining('The customer said nobody has been in touch yet.'));
      expect(said).toContainEqual(expect.stringContaining('reach out to them today'));
    }
    // The card says it, in its status and in its thread.
    expect(textOf(card)).toMatch(
      /First contact logged by Tom Becker .*\. The customer said nobody has been in touch yet\./,
    );
    expect(s.fake.channel('C0DELIVERY', card.ts).at(-1)?.text).toBe(
      'The customer said nobody has been in touch yet.',
    );
    // The customer is owed a contact now.
    const customer = await s.t.store.getCustomer('cus_acme');
    expect(customer?.contactDueAt).toBe(s.t.clock.now().toISOString());

    // The customer view shows the answer and the timeline says it.
    const { responseId } = await s.slack.command('/cx', 'Acme Corp', 'U0TOM');
    const view = visibleText((await s.slack.answer(responseId)).blocks);
    expect(view).toMatch(/The customer answered on .*: Not in touch yet/);
    expect(view).toContain('The customer said nobody has been in touch yet.');
    expect(view).toContain('Baton asked the customer by e-mail whether someone has been in touch.');

    // The analytics count it: answered, and not a confirmed contact.
    const f = figuresOf(await s.t.store.journeyFacts({}), s.t.clock.now());
    expect({ answered: f.pulseAnswered, confirmed: f.pulseConfirmed, rate: f.pulseRate }).toEqual({
      answered: 1,
      confirmed: 0,
      rate: 0,
    });

    // Changing the answer to "it helped" is recorded (and counted) but tells nobody again.
    const before = s.fake.channel('DU0TOM').length;
    const helped = await fetch(`${s.t.url}/pulse/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=helped',
    });
    expect(await helped.text()).toContain('감사합니다. 답변을 잘 받았습니다.');
    await s.pass();
    expect(s.fake.channel('DU0TOM')).toHaveLength(before);
    expect(figuresOf(await s.t.store.journeyFacts({}), s.t.clock.now()).pulseRate).toBe(1);

    // The dashboard shows it: a headline figure on the overview, the answer on the customer's page.
    const cookie = await signIn(s.t, 'priya');
    const overview = await (await get(s.t, '/dashboard', cookie)).text();
    expect(overview).toMatch(
      /<tr data-figure="pulseRate"[^>]*><th scope="row">Customer-confirmed contact<\/th><td class="num">100%<\/td>/,
    );
    const customerPage = await (await get(s.t, '/dashboard/customers/cus_acme', cookie)).text();
    expect(customerPage).toContain('<td>In touch, it helped</td>');
  });

  it("refuses a forged link (403) and an expired one (410), in the reader's language, and records nothing", async () => {
    await contacted();
    await s.pass(DAY);
    const links = answerLinks(parseMail(smtp.mails[0]?.raw ?? '').text);
    const good = links['not-yet'] ?? '';
    const [payload, rest] = good.replace('/pulse/', '').split('.');
    const sig = rest?.split('?')[0] ?? '';
    const forged = `/pulse/${payload}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}?a=not-yet`;
    const asKorean = { headers: { 'accept-language': 'ko-KR,ko;q=0.9' } };
    const refused = await fetch(`${s.t.url}${forged}`, asKorean);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('유효하지 않은 링크입니다');
    const post = await fetch(`${s.t.url}${forged.split('?')[0]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=not-yet',
    });
    expect(post.status).toBe(403);
    // Another handoff's id under this signature is a forgery too.
    const other = Buffer.from(
      Buffer.from(payload ?? '', 'base64url')
        .toString('utf8')
        .replace(/^[^~]+/, 'hnd_other'),
    ).toString('base64url');
    expect((await fetch(`${s.t.url}/pulse/${other}.${sig}?a=helped`)).status).toBe(403);

    s.t.clock.advance(31 * DAY);
    const late = await fetch(`${s.t.url}${good}`);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('링크가 만료되었습니다');
    const latePost = await fetch(`${s.t.url}${good.split('?')[0]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=not-yet',
    });
    expect(latePost.status).toBe(410);
    const h = (await s.t.store.listHandoffs({ customerId: 'cus_acme' }))[0];
    expect(h?.pulse).toBeUndefined();
    expect((await s.t.store.getCustomer('cus_acme'))?.contactDueAt).not.toBe(s.t.clock.now().toISOString());
  });
});
