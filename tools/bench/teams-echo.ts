// The Teams bench's yardstick, in a process of its own like Baton (forked by teams-bench.ts):
// botbuilder's CloudAdapter on node:http with the documented small shim, echoing each message
// to the same fake connector Baton replies to.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { listen } from './support.js';

export const TEAMS_ECHO = 'bench echo';

async function serve(): Promise<number> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const shim = {
        socket: req.socket,
        status: (code: number) => {
          res.statusCode = code;
        },
        header: (k: string, v: unknown) => res.setHeader(k, String(v)),
        send: (body: unknown) => {
          res.setHeader('content-type', 'application/json');
          res.write(typeof body === 'string' ? body : JSON.stringify(body));
        },
        end: () => res.end(),
      };
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      void adapter.process(
        { body, headers: req.headers, method: req.method } as never,
        shim as never,
        async (ctx) => {
          if (ctx.activity.type === 'message') await ctx.sendActivity(`${TEAMS_ECHO}: ${ctx.activity.text}`);
        },
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  return Number(new URL(await listen(server)).port);
}

if (process.env.TEAMS_ECHO_CHILD && process.send) {
  serve().then(
    (port) => process.send?.({ port }),
    (err: unknown) => {
      process.stderr.write(`teams echo bot failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
  process.once('disconnect', () => process.exit(0));
}
