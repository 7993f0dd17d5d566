import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildApp, Exchange } from '../../support/child-app.js';

export interface Sample {
  /** ms since the sampling started */
  readonly at: number;
  readonly status: number;
  readonly durationMs: number;
  readonly body: Record<string, any> | undefined;
}

function parse(answer: Exchange): Record<string, any> | undefined {
  try {
    return answer.json();
  } catch {
    return undefined;
  }
}

/** GETs `path` every `everyMs` for `forMs`, one request at a time, recording each answer and how long it took. */
export async function sample(app: ChildApp, path: string, everyMs: number, forMs: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  const started = performance.now();
  while (performance.now() - started < forMs) {
    const at = performance.now() - started;
    const answer = await app.request(path, { timeoutMs: 5000 });
    samples.push({ at, status: answer.status, durationMs: answer.durationMs, body: parse(answer) });
    await sleep(Math.max(0, everyMs - answer.durationMs));
  }
  return samples;
}

/**
 * Polls `path` until `accept` holds for an answer; resolves with the ms it took (from the call) and that answer.
 * Rejects after `timeoutMs` with the last answer, so a failure says what the app was saying.
 */
export async function until(
  app: ChildApp,
  path: string,
  accept: (answer: { status: number; body: Record<string, any> | undefined }) => boolean,
  timeoutMs: number,
  everyMs = 25,
): Promise<{ afterMs: number; status: number; body: Record<string, any> | undefined }> {
  const started = performance.now();
  let last: string;
  for (;;) {
    const answer = await app.request(path, { timeoutMs: 5000 }).catch((error: Error) => error);
    if (!(answer instanceof Error)) {
      const view = { status: answer.status, body: parse(answer) };
      if (accept(view)) return { afterMs: performance.now() - started, ...view };
      last = `${answer.status} ${answer.text}`;
    } else last = answer.message;
    if (performance.now() - started > timeoutMs) throw new Error(`${path}: condition not met within ${timeoutMs} ms; last answer: ${last}`);
    await sleep(everyMs);
  }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
