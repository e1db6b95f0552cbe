import type { Directory } from '../../src/config/directory.js';

/**
 * What Slack sends for a command with "escape channels, users and links" on:
 * `#delivery` arrives as `<#C0DELIVERY|delivery>`. The command words want a
 * team: the team that works in that channel, else the channel's name. People
 * (`<@U0TOM|tom>`) are left for the core parser, which knows Slack mentions.
 */
export function commandText(dir: Directory, text: string): string {
  return text.replace(/<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g, (_whole, id: string, name: string | undefined) => {
    const team = Object.entries(dir.config.teams).find(([, t]) => t.slack?.channel === id)?.[0];
    return team ?? name ?? id;
  });
}
