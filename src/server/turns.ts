/**
 * Turns of the event loop for work that would otherwise run back to back: waiters are let go
 * for a millisecond of each pass of the loop, with the sockets read between passes, so
 * acknowledgements never wait behind a batch. A person's command goes before background work
 * (accepted webhook events): those are durable and can wait a moment; the person is waiting now.
 *
 * Immediates queued together all run before the loop next reads its sockets, which is why the
 * waiters are let go from these queues, within a time budget, instead of each queueing its own;
 * one waiter per pass instead capped the work at the passes a second.
 */
import { performance } from 'node:perf_hooks';

export type TurnKind = 'person' | 'background';

/** How long one pass lets waiters run before the sockets are read again (4 ms gave an ack p99 of 43 ms at 200 commands/s, 1 ms 6.5 ms; answers kept their rate). */
const PASS_MS = 1;
const waiting: Record<TurnKind, Array<() => void>> = { person: [], background: [] };
let scheduled = false;

const anyWaiting = () => waiting.person.length > 0 || waiting.background.length > 0;

function pass(): void {
  scheduled = false;
  const started = performance.now();
  const next = (): void => {
    const go = waiting.person.shift() ?? waiting.background.shift();
    go?.();
    if (!anyWaiting()) return;
    // After the one let go has run up to its first wait (its continuation is queued first).
    if (performance.now() - started < PASS_MS) queueMicrotask(next);
    else schedule();
  };
  next();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(pass);
}

/** Resolves at the start of a pass of the event loop that is this caller's alone (until it awaits). */
export function takeTurn(kind: TurnKind): Promise<void> {
  return new Promise((resolve) => {
    waiting[kind].push(resolve);
    schedule();
  });
}
