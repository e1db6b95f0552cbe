/** One "being sent" mark: the delivery and when its post began (`Delivery.sendingSince`). */
export interface SendingMark {
  id: string;
  sendingSince: string;
}

/**
 * Group commit for "being sent" marks. Every post is preceded by one, and a
 * pass starts the first post of up to a hundred conversations at once: a
 * transaction each would queue on the database pool (seen: PostgreSQL
 * replicas timing out on connections under load). Marks asked for while one
 * commit is in flight go together in the next; each caller learns whether
 * its own mark is durable (`commit` returns the ids it wrote).
 */
export function sendingMarks(commit: (marks: SendingMark[]) => Promise<ReadonlySet<string>>) {
  let queue: Array<{ mark: SendingMark; done: (ok: boolean) => void }> = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queue.length > 0) {
        const batch = queue;
        queue = [];
        const written = await commit(batch.map((b) => b.mark)).catch(() => new Set<string>());
        for (const b of batch) b.done(written.has(b.mark.id));
      }
    } finally {
      running = false;
    }
  }

  return (mark: SendingMark): Promise<boolean> =>
    new Promise<boolean>((done) => {
      queue.push({ mark, done });
      // The first mark waits for the rest of this turn, so a pass's first wave shares one commit.
      if (!running) {
        running = true;
        setImmediate(() => void drain());
      }
    });
}
