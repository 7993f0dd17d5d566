import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchSettings } from './bench-settings.js';
import type { ServerScenario } from './lib/child-protocol.js';
import { startServerProcess } from './lib/child-process.js';
import { percentileOfSorted, round } from './lib/stats.js';

interface BlockedTarget {
  readonly id: string;
  readonly label: string;
  readonly scenario: ServerScenario;
}

/** Liveness while the app's main loop is blocked: where the probe is served decides whether it is answered. */
export const BLOCKED_TARGETS: readonly BlockedTarget[] = [
  { id: 'i1', label: 'probe server, thread mode', scenario: 'ours-probe-thread' },
  { id: 'i2', label: 'probe server, main thread', scenario: 'ours-probe-server' },
  { id: 'i3', label: 'mounted route (the app\'s Fastify server)', scenario: 'ours-cached' },
];

/** The kubelet's default probe timeout. */
const KUBELET_TIMEOUT_MS = 1000;
/** Thread mode's heartbeat ticks with the default readyStallMs: a block is seen once two have been missed. */
const TWO_TICKS_MS = 100;

export interface BlockedRow {
  readonly id: string;
  readonly label: string;
  readonly probes: number;
  readonly answered: number;
  /** answered within the kubelet's default 1 s timeout */
  readonly withinKubeletTimeout: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** p99 of the probes sent once the block is two heartbeat ticks old */
  readonly p99AfterTwoTicksMs: number;
}

export interface BlockedResult {
  readonly blockMs: number;
  readonly blocks: number;
  readonly everyMs: number;
  readonly rows: readonly BlockedRow[];
}

interface Probe {
  readonly sentAt: number;
  readonly ms: number;
  readonly ok: boolean;
}

/** GET on a fresh connection, as the kubelet sends its probes; any status counts as answered (liveness is 200 here). */
function probe(url: string): Promise<Probe> {
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const outgoing = httpRequest(url, { agent: false, timeout: 10_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve({ sentAt, ms: performance.now() - sentAt, ok: response.statusCode === 200 }));
    });
    outgoing.on('timeout', () => outgoing.destroy());
    outgoing.on('error', () => resolve({ sentAt, ms: performance.now() - sentAt, ok: false }));
    outgoing.end();
  });
}

export async function runBlockedLoop(settings: BenchSettings, log: (line: string) => void): Promise<BlockedResult> {
  const { blockMs, blocks, everyMs } = settings.blockedLoop;
  const rows: BlockedRow[] = [];
  for (const target of BLOCKED_TARGETS) {
    const server = await startServerProcess(target.scenario);
    try {
      const url = `${server.origin}/health/live`;
      await probe(url);
      const during: Probe[] = [];
      for (let block = 0; block < blocks; block++) {
        log(`blocked loop: ${target.label}, block ${block + 1}/${blocks} of ${blockMs} ms`);
        await server.request('block', blockMs);
        const blockStart = performance.now();
        const inFlight: Promise<Probe>[] = [];
        while (performance.now() < blockStart + blockMs) {
          inFlight.push(probe(url));
          await sleep(everyMs);
        }
        const answers = await Promise.all(inFlight);
        during.push(...answers.map((answer) => ({ ...answer, sentAt: answer.sentAt - blockStart })));
        await sleep(500);
      }
      const answered = during.filter((each) => each.ok);
      const sorted = Float64Array.from(answered.map((each) => each.ms)).sort();
      const late = Float64Array.from(answered.filter((each) => each.sentAt >= TWO_TICKS_MS).map((each) => each.ms)).sort();
      rows.push({
        id: target.id,
        label: target.label,
        probes: during.length,
        answered: answered.length,
        withinKubeletTimeout: answered.filter((each) => each.ms < KUBELET_TIMEOUT_MS).length,
        p50Ms: round(percentileOfSorted(sorted, 50), 1),
        p99Ms: round(percentileOfSorted(sorted, 99), 1),
        maxMs: round(sorted[sorted.length - 1] ?? Number.NaN, 1),
        p99AfterTwoTicksMs: round(percentileOfSorted(late, 99), 1),
      });
    } finally {
      await server.stop();
    }
  }
  return { blockMs, blocks, everyMs, rows };
}
