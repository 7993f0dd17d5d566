import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LoadResult {
  /** ms since the load started */
  readonly at: number;
  readonly status: number;
  /** `X-Upstream` of the answer (who served it), or `error` */
  readonly source: string;
}

export interface Load {
  readonly results: LoadResult[];
  stop(): Promise<void>;
}

function getOnce(url: string): Promise<{ status: number; source: string }> {
  return new Promise((resolve) => {
    const outgoing = httpRequest(url, { agent: false, timeout: 5000 }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, source: String(response.headers['x-upstream'] ?? 'unknown') }));
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
    outgoing.on('error', () => resolve({ status: 0, source: 'error' }));
    outgoing.end();
  });
}

/** `concurrency` clients each sending GET `url`, pausing `pauseMs` between requests, until stopped. */
export function startLoad(url: string, concurrency: number, pauseMs: number): Load {
  const results: LoadResult[] = [];
  const started = performance.now();
  let running = true;
  const client = async () => {
    while (running) {
      const at = performance.now() - started;
      results.push({ at, ...(await getOnce(url)) });
      await sleep(pauseMs);
    }
  };
  const clients = Promise.all(Array.from({ length: concurrency }, client));
  return {
    results,
    stop: async () => {
      running = false;
      await clients;
    },
  };
}
