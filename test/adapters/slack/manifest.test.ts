import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO } from '../../support/harness.js';
import { EVENT_SCOPES, METHOD_SCOPES } from './scopes.js';

interface Manifest {
  display_information: { name: string; description: string; long_description: string };
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    bot_user: { display_name: string };
    slash_commands: Array<{
      command: string;
      url: string;
      description: string;
      usage_hint: string;
      should_escape: boolean;
    }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(readFileSync(`${REPO}manifest/slack.yaml`, 'utf8')) as Manifest;

describe('manifest/slack.yaml', () => {
  it('points every request URL at Baton’s one Slack endpoint', () => {
    const urls = [
      ...manifest.features.slash_commands.map((c) => c.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const url of urls) expect(url).toBe('https://baton.example.com/slack/events');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('declares both commands with usage hints, and escapes mentions for /handoff', () => {
    const byName = Object.fromEntries(manifest.features.slash_commands.map((c) => [c.command, c]));
    expect(Object.keys(byName).sort()).toEqual(['/cx', '/handoff']);
    expect(byName['/handoff']?.usage_hint).toBe('<customer> to <team|@person> [: note]');
    expect(byName['/handoff']?.should_escape).toBe(true);
    expect(byName['/cx']?.usage_hint).toContain('mine');
  });

  it('subscribes to the events Baton handles and turns the Home tab on', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'member_joined_channel',
      'message.channels',
      'message.groups',
    ]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('asks for exactly the scopes the adapter’s calls and events need', () => {
    const needed = new Set([
      'commands',
      ...Object.values(METHOD_SCOPES).flat(),
      ...Object.values(EVENT_SCOPES).flat(),
    ]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });

  it('stays within Slack’s manifest field lengths', () => {
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.long_description.length).toBeGreaterThanOrEqual(175);
    expect(manifest.display_information.long_description.length).toBeLessThanOrEqual(4000);
    expect(manifest.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
    for (const c of manifest.features.slash_commands) {
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(c.usage_hint.length).toBeLessThanOrEqual(1000);
    }
  });
});
