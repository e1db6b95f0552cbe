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

/**
 * How long one pass may spend on work done at once with the requests it read (answers in their
 * acknowledgements). Each such answer is itself an acknowledgement, so this budget is larger
 * than PASS_MS: at 1 ms, most answers in a closed loop of look-ups went to a second request
 * after all (CPU per answer 0.97 -> 1.13 ms); at 5 ms a pass still reads its sockets again after
 * at most one first build of a queue (3-9 ms) and a few more.
 */
const AT_ONCE_MS = 5;
/** Time this pass of the loop has spent on work done at once, in the turn that read its request (ms). */
let atOnce = 0;
let atOnceReset = false;

/**
 * Whether a request may have its work done at once, in the pass of the loop that read it (an
 * answer in its acknowledgement): while this pass has spent under AT_ONCE_MS on such work. Requests
 * read together are handled back to back; past the budget, the rest take turns as any work
 * does, so a batch of them (a team opening their queues at nine) cannot hold the loop.
 */
export function mayWorkAtOnce(): boolean {
  return atOnce < AT_ONCE_MS;
}

/** Counts `ms` of work done at once against this pass (the budget starts again at the next). */
export function workedAtOnce(ms: number): void {
  atOnce += ms;
  if (atOnceReset) return;
  atOnceReset = true;
  setImmediate(() => {
    atOnce = 0;
    atOnceReset = false;
  });
}
