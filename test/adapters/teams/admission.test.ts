import { describe, expect, it } from 'vitest';
import { admitTenant, isLoopbackHost, isLoopbackUrl } from '../../../adapters/teams/admission.js';

describe('Teams admission: what counts as this machine, and which tenants are served', () => {
  it('loopback peers and connector URLs', () => {
    for (const h of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1', '[::1]', 'localhost', 'LOCALHOST'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of [
      '0.0.0.0',
      '10.0.0.1',
      '203.0.113.9',
      '::',
      '::ffff:10.0.0.1',
      'evil.localhost',
      '',
      undefined,
    ])
      expect(isLoopbackHost(h), String(h)).toBe(false);
    expect(isLoopbackUrl('http://localhost:56150/_connector')).toBe(true);
    expect(isLoopbackUrl('http://127.0.0.1:3978/')).toBe(true);
    for (const u of [
      'https://smba.trafficmanager.net/amer/',
      'http://127.0.0.1@evil.example/',
      'http://127.0.0.1.evil.example/',
      'file:///etc/passwd',
      'not a url',
      undefined,
    ])
      expect(isLoopbackUrl(u), String(u)).toBe(false);
  });

  it('a tenant is served when allowed, and an activity naming two tenants never is', () => {
    const allowed = new Set(['t1']);
    const from = (channel?: string, conversation?: string) => ({
      channelData: channel ? { tenant: { id: channel } } : {},
      conversation: {
        id: 'c',
        isGroup: false,
        conversationType: 'personal',
        name: '',
        ...(conversation ? { tenantId: conversation } : {}),
      },
    });
    expect(admitTenant(allowed, from('t1', 't1'))).toBeUndefined();
    expect(admitTenant(allowed, from(undefined, 't1'))).toBeUndefined();
    expect(admitTenant(allowed, from('t2', 't2'))?.status).toBe(403);
    expect(admitTenant(allowed, from('t1', 't2'))?.status).toBe(403);
    expect(admitTenant(allowed, from())?.status).toBe(403);
    expect(admitTenant(new Set(), from('t1'))?.reason).toMatch(/TEAMS_ALLOWED_TENANTS/);
  });
});
