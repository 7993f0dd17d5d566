import { Agent, get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchSettings } from './bench-settings.js';
import { startServerProcess, type BenchServerProcess } from './lib/child-process.js';
import { round } from './lib/stats.js';
import { STORM_CHECK_MS, STORM_TTL_MS } from './servers/check-settings.js';

export interface StormBurst {
  readonly requests: number;
  readonly ok: number;
  readonly executions: number;
  readonly wallMs: number;
}

export interface StormResult {
  readonly requests: number;
  readonly checkMs: number;
  readonly ttlMs: number;
  /** ours: one burst per ttl window */
  readonly windows: readonly StormBurst[];
  readonly terminusPerRequest: StormBurst;
  readonly terminusCacheFor: StormBurst;
}

/** `count` requests at once, each on its own connection (no keep-alive, no socket limit). */
async function burst(url: string, count: number): Promise<{ ok: number; wallMs: number }> {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<number>((resolve) => {
          get(url, { agent }, (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode ?? 0));
          }).on('error', () => resolve(0));
        }),
    ),
  );
  agent.destroy();
  return { ok: statuses.filter((status) => status === 200).length, wallMs: round(performance.now() - started, 1) };
}

async function executions(server: BenchServerProcess, counter: string): Promise<number> {
  const counters = await server.request<Record<string, number>>('counters');
  return counters[counter] ?? Number.NaN;
}

async function measuredBurst(server: BenchServerProcess, path: string, counter: string, count: number): Promise<StormBurst> {
  const before = await executions(server, counter);
  const { ok, wallMs } = await burst(`${server.origin}${path}`, count);
  return { requests: count, ok, executions: (await executions(server, counter)) - before, wallMs };
}

/** 1,000 concurrent ready probes against a 100 ms check with ttl: how many times does the check run? */
export async function runStorm(settings: BenchSettings, log: (line: string) => void): Promise<StormResult> {
  const [ours, terminus] = await Promise.all([startServerProcess('ours-storm'), startServerProcess('terminus-storm')]);
  try {
    const windows: StormBurst[] = [];
    for (let w = 0; w < settings.stormWindows; w++) {
      // the previous window's result must have expired, so this burst starts a new one
      if (w > 0) await sleep(STORM_TTL_MS + STORM_CHECK_MS + 200);
      log(`storm: ${settings.stormRequests} concurrent /health/ready, ttl window ${w + 1}/${settings.stormWindows}`);
      windows.push(await measuredBurst(ours, '/health/ready', 'executions', settings.stormRequests));
    }
    log(`storm: the same against terminus, per request and with cacheFor`);
    const terminusPerRequest = await measuredBurst(terminus, '/terminus/storm', 'perRequest', settings.stormRequests);
    const terminusCacheFor = await measuredBurst(terminus, '/terminus/storm-cached', 'cached', settings.stormRequests);
    return {
      requests: settings.stormRequests,
      checkMs: STORM_CHECK_MS,
      ttlMs: STORM_TTL_MS,
      windows,
      terminusPerRequest,
      terminusCacheFor,
    };
  } finally {
    await Promise.all([ours.stop(), terminus.stop()]);
  }
}
