import http from 'node:http';
import https from 'node:https';

// Kept-alive sockets to hooks.slack.com: an answer per command is the commonest call Baton makes.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * POSTs one JSON answer to a command's response_url and resolves with Slack's status.
 * Node's http client rather than fetch: fetch's web streams, headers and abort signals were
 * a tenth of the CPU an answer took, for a call whose answer body nobody reads.
 */
export function postResponse(url: string, body: unknown, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const mod = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
    if (!mod) {
      reject(new Error(`response_url ${target.protocol} is not http(s)`));
      return;
    }
    const payload = Buffer.from(JSON.stringify(body));
    const req = mod.request(
      target,
      {
        method: 'POST',
        agent: agents[target.protocol as 'http:' | 'https:'],
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`response_url gave no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}
