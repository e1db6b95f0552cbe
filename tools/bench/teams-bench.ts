import { benchSetup, OWNERS, ownerTeamsId, startBatonCli } from './baton-cli.js';
import { fakeConnector } from './fake-platforms.js';
import {
  client,
  closedLoop,
  cpuMs,
  fmt,
  forkServer,
  goal,
  median,
  rounds,
  runWhenMain,
  scaled,
} from './support.js';
import { TEAMS_ECHO } from './teams-echo.js';

const CONCURRENCY = 20;
/** A round stops sending after this long, so a slow bot bounds the run's time. */
const ROUND_S = 15;
/**
 * The askers' organisations. Each asker writes from one tenant and one 1:1 chat, as in Teams, where
 * a person and a bot share one 1:1 conversation: an asker turning up in another chat or tenant on
 * every turn (as when turns went round 300 chats in 100 tenants with 40 askers) made Baton record
 * a moved conversation and tenant, two durable commits a turn, which real traffic never asks for.
 */
const TENANTS = 20;

/** A 1:1 message from owner k in their chat (tenant k mod TENANTS), as Teams posts it to /api/messages. */
function activity(serviceUrl: string, i: number, text: string) {
  const owner = i % OWNERS;
  const tenant = `bench-tenant-${owner % TENANTS}`;
  const conversation = `a:bench-chat-${owner}`;
  const body = JSON.stringify({
    type: 'message',
    id: `bench-${i}-${Date.now()}`,
    text,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: ownerTeamsId(owner), name: `Owner ${owner}` },
    recipient: { id: '28:bench-bot', name: 'Baton' },
    conversation: { id: conversation, conversationType: 'personal', tenantId: tenant },
    channelData: { tenant: { id: tenant } },
  });
  return { owner, conversation, body, headers: { 'content-type': 'application/json' } };
}

/**
 * Teams message turns: Baton (`baton start` on the bench data) answering `mine` from owners of
 * handoffs against a botbuilder echo bot, both in their own process replying to one fake
 * connector; turns spread over the OWNERS askers' 1:1 chats in TENANTS tenants. A turn counts when the bot said
 * 200 and its reply reached the connector: for Baton, a queue naming one of the asker's
 * customers (a busy or error reply is a failure). Goal: at least 0.7x the echo bot.
 */
export async function benchTeams(opts: {
  log: (line: string) => void;
  handoffs?: number;
  perRound?: number;
}): Promise<Record<string, number>> {
  const { log } = opts;
  const handoffs = opts.handoffs ?? scaled(50_000, 300);
  const history = handoffs * 10;
  const perRound = opts.perRound ?? scaled(600, 40);
  const connector = await fakeConnector();
  const setup = await benchSetup({ handoffs, history });
  const servers: Array<{ stop(): Promise<void> }> = [];
  const http = client(CONCURRENCY);
  try {
    const baton = await startBatonCli(setup);
    servers.push(baton);
    // Measured once its start-up housekeeping is over (see settled).
    await baton.settled();
    const echo = await forkServer('teams-echo', { TEAMS_ECHO_CHILD: '1' });
    servers.push(echo);
    let seq = 0;
    const turn = (url: string, judge: 'baton' | 'echo') => async (_: number) => {
      const a = activity(connector.url, seq++, judge === 'baton' ? 'mine' : 'hello');
      const reply = connector.reply(a.conversation, 30_000);
      const res = await http.post(`${url}/api/messages`, a);
      if (res.status < 200 || res.status > 299) return false;
      const text = await reply;
      if (!text) return false;
      if (judge === 'echo') return text.includes(TEAMS_ECHO);
      return [...text.matchAll(/Customer (\d{6}) GmbH/g)].some((m) => Number(m[1]) % OWNERS === a.owner);
    };
    await closedLoop(Math.min(100, perRound), CONCURRENCY, turn(echo.url, 'echo'));
    await closedLoop(Math.min(100, perRound), CONCURRENCY, turn(baton.url, 'baton'));
    const tp = { echo: [] as number[], baton: [] as number[] };
    const p99 = { echo: [] as number[], baton: [] as number[] };
    let failed = 0;
    const cpu = { echo: [] as number[], baton: [] as number[] };
    for (let r = 0; r < rounds(); r++) {
      const e0 = await cpuMs(echo.pid);
      const e = await closedLoop(perRound, CONCURRENCY, turn(echo.url, 'echo'), ROUND_S);
      const b0 = await cpuMs(baton.pid);
      cpu.echo.push(((await cpuMs(echo.pid)) - e0) / Math.max(1, e.ok));
      const b = await closedLoop(perRound, CONCURRENCY, turn(baton.url, 'baton'), ROUND_S);
      cpu.baton.push(((await cpuMs(baton.pid)) - b0) / Math.max(1, b.ok));
      tp.echo.push(e.perSecond);
      tp.baton.push(b.perSecond);
      p99.echo.push(e.p99);
      p99.baton.push(b.p99);
      failed += b.failed + e.failed;
    }
    const workload =
      `${perRound} turns (or ${ROUND_S} s) x ${rounds()} rounds, ${CONCURRENCY} concurrent, ` +
      `${OWNERS} askers' 1:1 chats in ${TENANTS} tenants, ` +
      `${handoffs} handoffs + ${history} history`;
    const ratio = median(tp.baton) / median(tp.echo);
    log(
      `teams turns/s (200 + reply as asked), ${workload}: baton 'mine' ${fmt(median(tp.baton))} ` +
        `(p99 ${fmt(median(p99.baton))} ms), echo bot ${fmt(median(tp.echo))} (p99 ${fmt(median(p99.echo))} ms); ` +
        `${failed} turns failed (error, busy or no reply); CPU per turn: baton ${fmt(median(cpu.baton))} ms, ` +
        `echo bot ${fmt(median(cpu.echo))} ms`,
    );
    goal(log, `teams turns/s vs echo bot, ${workload}`, ratio, '>=', 0.7, 'x');
    return {
      teams_baton_turns_per_s: median(tp.baton),
      teams_echo_turns_per_s: median(tp.echo),
      teams_ratio: ratio,
      teams_baton_p99_ms: median(p99.baton),
      teams_failed: failed,
      teams_baton_cpu_ms_per_turn: median(cpu.baton),
      teams_echo_cpu_ms_per_turn: median(cpu.echo),
    };
  } finally {
    http.close();
    for (const s of servers) await s.stop();
    await connector.close();
    await setup.cleanup();
  }
}

runWhenMain(import.meta.url, 'teams', (log) => benchTeams({ log }));
