import { setTimeout as sleep } from 'node:timers/promises';

/** Calls `check` every 50 ms until `accept` holds; resolves with the ms it took and the last result. */
export async function pollUntil<T>(check: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number): Promise<{ ms: number; value: T }> {
  const startedAt = performance.now();
  for (;;) {
    const value = await check();
    if (accept(value)) return { ms: performance.now() - startedAt, value };
    if (performance.now() - startedAt > timeoutMs) throw new Error(`not accepted within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}
