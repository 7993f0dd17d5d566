import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Simulated dependencies, shared by our checks and terminus's so both sides do exactly the same work.
 * Each honours the abort signal, as a real driver call given one would.
 */
export const DATABASE_PING_MS = 1;
export const SLOW_DATABASE_MS = 50;

/** A pooled database round trip of about 1 ms that reports pool figures. */
export async function pingDatabase(signal?: AbortSignal): Promise<{ pool_size: number; pool_available: number }> {
  await sleep(DATABASE_PING_MS, undefined, { signal });
  return { pool_size: 10, pool_available: 8 };
}

/** A cache PING answered within the same turn of the event loop, like a pipelined Redis reply. */
export async function pingCache(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/** An in-process queue whose depth is read synchronously. */
export function queueDepth(): { depth: number } {
  return { depth: 0 };
}

/** The 50 ms query of rows (e) and its terminus twin. */
export async function slowQuery(signal?: AbortSignal): Promise<{ pool_size: number; pool_available: number }> {
  await sleep(SLOW_DATABASE_MS, undefined, { signal });
  return { pool_size: 10, pool_available: 8 };
}
