import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionSigningKey } from '../../../adapters/dashboard/signing-key.js';
import { createMemoryStore } from '../../../adapters/store/memory/memory-store.js';
import { type TestBaton, tempDir } from '../../support/harness.js';
import { csrfOf, get, linkFor, signIn, startDashboard } from './helpers.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
let running: TestBaton[] = [];
async function start(...args: Parameters<typeof startDashboard>) {
  const t = await startDashboard(...args);
  running.push(t);
  return t;
}
afterEach(async () => {
  for (const t of running) await t.stop();
  running = [];
});

const attrs = (setCookie: string) => setCookie.split(';').map((s) => s.trim());

describe('dashboard sign-in from a one-time link', () => {
  it('turns the link into a session cookie and sends the browser on to /dashboard (303), token gone from the URL', async () => {
    const t = await start();
    const res = await fetch(await linkFor(t, 'priya'), { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^baton_session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+;/);
    expect(attrs(cookie)).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/dashboard', 'Max-Age=28800']),
    );
    // Plain HTTP on loopback: a Secure cookie would never come back.
    expect(attrs(cookie)).not.toContain('Secure');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');

    const page = await get(t, '/dashboard', cookie.split(';')[0]);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('Signed in as Priya Shah');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'",
    );
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cache-control')).toBe('no-store');
    // The sign-in is audited by the service: the person's entry is there.
    expect(
      await t.store.getKv('dashboard-session', (cookie.split('=')[1] ?? '').split('.')[0] ?? ''),
    ).toMatchObject({
      person: 'priya',
    });
  });

  it('marks the cookie Secure when the public URL is https, and believes X-Forwarded-Proto only behind a trusted proxy', async () => {
    const https = await start({ env: { BATON_PUBLIC_URL: 'https://baton.example.com' } });
    const a = await fetch(await linkFor(https, 'priya'), { redirect: 'manual' });
    expect(attrs(a.headers.get('set-cookie') ?? '')).toContain('Secure');

    const untrusted = await start();
    const b = await fetch(await linkFor(untrusted, 'priya'), {
      redirect: 'manual',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(attrs(b.headers.get('set-cookie') ?? '')).not.toContain('Secure');

    const proxied = await start({ env: { BATON_TRUST_PROXY: 'true' } });
    const c = await fetch(await linkFor(proxied, 'priya'), {
      redirect: 'manual',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(attrs(c.headers.get('set-cookie') ?? '')).toContain('Secure');
  });

  it('refuses a forged link (401), an expired one (410) and a used one (410), each saying how to get a new link', async () => {
    const t = await start();
    const forged = await get(t, `/dashboard/login?token=${randomBytes(32).toString('base64url')}`);
    expect(forged.status).toBe(401);
    expect(forged.headers.get('set-cookie')).toBeNull();
    const forgedText = await forged.text();
    expect(forgedText).toContain('This sign-in link is not valid');
    expect(forgedText).toContain('/cx dashboard in Slack');
    expect(forgedText).toContain('dashboard to Baton in Teams');

    const missing = await get(t, '/dashboard/login');
    expect(missing.status).toBe(401);

    const late = await linkFor(t, 'priya');
    t.clock.advance(10 * 60_000 + 1_000);
    const expired = await fetch(late, { redirect: 'manual' });
    expect(expired.status).toBe(410);
    expect(expired.headers.get('set-cookie')).toBeNull();
    expect(await expired.text()).toContain('This sign-in link has expired');

    const once = await linkFor(t, 'priya');
    expect((await fetch(once, { redirect: 'manual' })).status).toBe(303);
    const again = await fetch(once, { redirect: 'manual' });
    expect(again.status).toBe(410);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toContain('This sign-in link was already used');
  });

  it('answers 401 with how to sign in to a request without a cookie, and to a tampered cookie', async () => {
    const t = await start();
    const none = await get(t, '/dashboard/handoffs');
    expect(none.status).toBe(401);
    const text = await none.text();
    expect(text).toContain('Sign in to the Baton dashboard');
    expect(text).toContain('/cx dashboard in Slack');
    expect(none.headers.get('content-security-policy')).toContain("default-src 'none'");

    const cookie = await signIn(t, 'priya');
    expect((await get(t, '/dashboard', cookie)).status).toBe(200);
    const [name, value] = cookie.split('=') as [string, string];
    const [id, sig] = value.split('.') as [string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const bad of [
      `${flip(id)}.${sig}`,
      `${id}.${flip(sig)}`,
      id,
      `${id}.`,
      `${randomBytes(24).toString('base64url')}.${sig}`,
    ]) {
      const r = await get(t, '/dashboard', `${name}=${bad}`);
      expect(r.status, bad).toBe(401);
    }
  });

  it('ends a session 8 hours after sign-in', async () => {
    const t = await start();
    const cookie = await signIn(t, 'priya');
    t.clock.advance(8 * 60 * 60_000 - 60_000);
    expect((await get(t, '/dashboard', cookie)).status).toBe(200);
    t.clock.advance(60_000);
    expect((await get(t, '/dashboard', cookie)).status).toBe(401);
  });

  it('logs out with the form (session gone, cookie cleared) and refuses a log-out without the form token', async () => {
    const t = await start();
    const cookie = await signIn(t, 'tom');
    const page = await (await get(t, '/dashboard', cookie)).text();
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${t.url}/dashboard/logout`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
      });

    const forged = await post('csrf=not-the-token');
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('This form has expired');
    const crossSite = await post(`csrf=${csrfOf(page)}`, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect((await get(t, '/dashboard', cookie)).status).toBe(200);

    const out = await post(`csrf=${encodeURIComponent(csrfOf(page))}`);
    expect(out.status).toBe(200);
    expect(await out.text()).toContain('You are signed out of the Baton dashboard');
    const cleared = out.headers.get('set-cookie') ?? '';
    expect(attrs(cleared)).toEqual(
      expect.arrayContaining(['baton_session=', 'Max-Age=0', 'Path=/dashboard']),
    );
    // The session is gone from the store: the old cookie, replayed, signs nobody in.
    expect((await get(t, '/dashboard', cookie)).status).toBe(401);
  });

  it('signs cookies as HMAC-SHA256 of the session id under BATON_SESSION_SECRET; a session for someone no longer in the config gets 403', async () => {
    const t = await start({ env: { BATON_SESSION_SECRET: SECRET } });
    const cookie = await signIn(t, 'priya');
    const [id, sig] = (cookie.split('=')[1] ?? '').split('.');
    expect(sig).toBe(
      createHmac('sha256', SECRET)
        .update(id ?? '')
        .digest('base64url'),
    );

    // A session left from when "gone" was in baton.config.yaml.
    const ghost = randomBytes(24).toString('base64url');
    await t.store.commit({
      kv: [
        { ns: 'dashboard-session', key: ghost, value: { person: 'gone', expiresAt: '2030-01-01T00:00:00Z' } },
      ],
    });
    const mac = createHmac('sha256', SECRET).update(ghost).digest('base64url');
    const r = await get(t, '/dashboard', `baton_session=${ghost}.${mac}`);
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('no longer in Baton’s configuration');
  });

  it('without a secret, generates one key and keeps it in the store, so a second replica accepts the first one’s cookie', async () => {
    const store = createMemoryStore();
    const a = await start({ store });
    const b = await start({ store });
    const cookie = await signIn(a, 'priya');
    expect((await get(b, '/dashboard', cookie)).status).toBe(200);
    const kept = await store.getKv('dashboard-key', 'session-hmac');
    expect(typeof kept).toBe('string');
    expect(Buffer.from(String(kept), 'base64url')).toHaveLength(32);
  });

  it('keeps sessions and the generated key in the file store across a restart', async () => {
    const tmp = await tempDir();
    try {
      const file = path.join(tmp.dir, 'baton.json');
      const first = await startDashboard({ store: { file } });
      const cookie = await signIn(first, 'priya');
      expect((await get(first, '/dashboard', cookie)).status).toBe(200);
      await first.stop();
      const second = await start({ store: { file } });
      expect((await get(second, '/dashboard', cookie)).status).toBe(200);
    } finally {
      await tmp.cleanup();
    }
  });

  it('makes one key when two replicas ask for it at the same moment', async () => {
    const store = createMemoryStore();
    const keys = await Promise.all([
      sessionSigningKey(undefined, store),
      sessionSigningKey(undefined, store),
    ]);
    expect(keys[0]?.equals(keys[1] ?? Buffer.alloc(0))).toBe(true);
    expect(
      Buffer.from(String(await store.getKv('dashboard-key', 'session-hmac')), 'base64url').equals(
        keys[0] ?? Buffer.alloc(0),
      ),
    ).toBe(true);
  });
});
