import type { Directory } from '../../src/config/directory.js';

/**
 * What Slack sends for a command with "escape channels, users and links" on:
 * `#delivery` arrives as `<#C0DELIVERY|delivery>`. The command words want a
 * team: the team that works in that channel, else the channel's name. A
 * person (`<@U0TOM|tom>`) before the note becomes `@U0TOM`, the core's way
 * of naming a person, found by their Slack id; mentions in the note stay
 * mentions, so Slack still shows them as names.
 */
export function commandText(dir: Directory, text: string): string {
  const channels = text.replace(
    /<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g,
    (_whole, id: string, name: string | undefined) => {
      const team = Object.keys(dir.config.teams).find((key) => dir.teamChannel(key, 'slack') === id);
      return team ?? name ?? id;
    },
  );
  const noteAt = channels.indexOf(':');
  const head = noteAt >= 0 ? channels.slice(0, noteAt) : channels;
  const people = head.replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (_whole, id: string) => `@${id}`);
  return people + (noteAt >= 0 ? channels.slice(noteAt) : '');
}
