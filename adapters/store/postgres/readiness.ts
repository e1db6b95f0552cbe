/**
 * `/readyz` asks often (a load balancer, every few seconds, per replica): the
 * answer is a cheap probe with a short timeout, remembered for a moment, and
 * callers arriving while a probe runs share it. It never throws: an
 * unreachable database is `false`, and the next probe after the cache runs
 * out sees it come back, without a restart.
 */
export function cachedProbe(
  probe: () => Promise<unknown>,
  opts: {
    ttlMs?: number;
    timeoutMs?: number;
    now?: () => number;
    onChange?: (ready: boolean, err?: unknown) => void;
  } = {},
): () => Promise<boolean> {
  const ttlMs = opts.ttlMs ?? 1_500;
  const timeoutMs = opts.timeoutMs ?? 1_000;
  const now = opts.now ?? Date.now;
  let last: { at: number; ready: boolean } | undefined;
  let inflight: Promise<boolean> | undefined;

  const run = async (): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    let ready: boolean;
    let failure: unknown;
    try {
      await Promise.race([
        probe(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      ready = true;
    } catch (err) {
      ready = false;
      failure = err;
    } finally {
      clearTimeout(timer);
    }
    // Only changes are news, and a first probe only when it fails.
    if (last ? last.ready !== ready : !ready) opts.onChange?.(ready, failure);
    last = { at: now(), ready };
    return ready;
  };

  return () => {
    if (last && now() - last.at < ttlMs) return Promise.resolve(last.ready);
    if (!inflight) {
      inflight = run().finally(() => {
        inflight = undefined;
      });
    }
    return inflight;
  };
}
