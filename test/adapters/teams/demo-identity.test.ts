import { afterEach, describe, expect, it } from 'vitest';
import { demoIdentity } from '../../../adapters/teams/demo-identity.js';
import { teamsPlatform } from '../../../adapters/teams/platform.js';
import { batonRegistry } from '../../../app/registry.js';
import { parseEnv } from '../../../src/config/env.js';
import { envOf, isEmbedded } from '../../../src/registry/registry.js';
import { cardOf, handOver, IDS, pressOn, startTeams, type TeamsTest } from './helpers.js';

describe('Teams: the Playground user may act as someone else, in the demo only', () => {
  let tt: TeamsTest | undefined;
  afterEach(async () => tt?.stop());

  const lastReplyTo = (t: TeamsTest, person: string) =>
    JSON.stringify(
      t.connector
        .sent('reply', undefined)
        .filter((c) => c.conversationId === `a:1to1-29:${person}`)
        .at(-1)?.body ?? {},
    );

  it('lets Dana hand over and then, as Tom, accept', async () => {
    tt = await startTeams({ env: { BATON_PLAYGROUND: 'on' } });
    await tt.install(['tom', 'priya', 'dana']);
    await tt.seedCustomer();
    const post = await handOver(tt);
    const inChannel = { channel: IDS.delivery, replyToId: post.id ?? '' };
    await tt.dm('dana', 'as tom');
    expect(lastReplyTo(tt, 'dana')).toContain('In this demo you are now Tom Becker (Delivery)');
    await pressOn(tt, 'dana', cardOf(post), 'accept', {}, inChannel);
    expect((await tt.t.store.listHandoffs({ to: 'delivery' }))[0]).toMatchObject({
      state: 'accepted',
      owner: 'tom',
    });
    await tt.dm('dana', 'as nobody-here');
    expect(lastReplyTo(tt, 'dana')).toContain('There is nobody called');
  });

  it('does not exist when Baton does not run the Playground', async () => {
    // Control for the test above: the same words and press, without the Playground.
    tt = await startTeams();
    await tt.install(['tom', 'priya', 'dana']);
    await tt.seedCustomer();
    const post = await handOver(tt);
    await tt.dm('dana', 'as tom');
    expect(lastReplyTo(tt, 'dana')).not.toContain('In this demo');
    await pressOn(
      tt,
      'dana',
      cardOf(post),
      'accept',
      {},
      { channel: IDS.delivery, replyToId: post.id ?? '' },
    );
    expect((await tt.t.store.listHandoffs({ to: 'delivery' }))[0]?.state).toBe('open');
    // With Teams credentials, requests are authenticated: never, whatever BATON_PLAYGROUND says.
    expect(demoFor({ MicrosoftAppId: 'app', BATON_PLAYGROUND: 'on' })).toBeUndefined();
    expect(demoFor({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).toBeUndefined();
    expect(demoFor({})).toBeDefined();
  });
});

/** The demo switch as the Teams adapter gets it from a start with these variables. */
function demoFor(vars: Record<string, string>) {
  const env = parseEnv(vars, batonRegistry);
  return demoIdentity(envOf(teamsPlatform, env), isEmbedded(batonRegistry.platforms, env));
}
