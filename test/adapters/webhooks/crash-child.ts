/**
 * A Baton with the webhooks adapter on a lowdb data file, in its own process,
 * so that a test can kill it with SIGKILL after its 202s. Prints `ready <port>`.
 * The scheduler's timer is a minute away and the clock is manual: nothing it
 * accepts is processed before the kill.
 */
import { startWebhookBaton } from './support.js';

const file = process.argv[2];
if (!file) throw new Error('usage: crash-child.ts <data file>');
const t = await startWebhookBaton({ store: { file } });
process.stdout.write(`ready ${t.port}\n`);
setInterval(() => {}, 60_000);
