import type { IncomingMessage } from 'node:http';

/**
 * Reads a body up to `limit` bytes. Past it, the rest is read and thrown away
 * (up to `drainLimit`) so the sender gets a clean 413 instead of a reset
 * connection; a sender that goes on beyond that is cut off.
 */
export function readLimited(
  req: IncomingMessage,
  limit: number,
  drainLimit = limit * 8,
): Promise<{ body: Buffer; tooLarge: false } | { tooLarge: true }> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > drainLimit) {
      req.resume();
      resolve({ tooLarge: true });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > drainLimit && !settled) {
        settled = true;
        resolve({ tooLarge: true });
        req.destroy();
      }
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(size > limit ? { tooLarge: true } : { body: Buffer.concat(chunks), tooLarge: false });
    });
    req.on('error', (err) => {
      if (settled) return;
      settled = true;
      reject(err);
    });
  });
}
