import type { BlockedResult } from './blocked-loop.js';
import type { DiscoveryResult } from './discovery.js';
import { median, round } from './lib/stats.js';
import type { SoakResult } from './soak.js';
import type { StormResult } from './storm.js';
import type { RowResult, ThroughputResult } from './throughput.js';

export interface TargetVerdict {
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean;
}

function row(throughput: ThroughputResult, id: string): RowResult {
  const found = throughput.rows.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`bench: no throughput row "${id}"`);
  return found;
}

/** Median over rounds of one row's req/s divided by another's in the same round. */
export function pairedRatio(a: RowResult, b: RowResult): number {
  return round(median(a.rounds.map((result, i) => result.requestsPerSecond / b.rounds[i].requestsPerSecond)), 2);
}

/** The targets, judged on this run; never loosened here. */
export function judgeTargets(
  throughput: ThroughputResult,
  storm: StormResult,
  discovery: DiscoveryResult,
  soak: SoakResult,
  blockedLoop: BlockedResult,
): TargetVerdict[] {
  const live = row(throughput, 'c');
  const ready = row(throughput, 'd');
  const readyOtel = row(throughput, 'd2');
  const otelOverReady = pairedRatio(readyOtel, ready);
  const background = row(throughput, 'e');
  const terminusSlow = row(throughput, 'f3');
  const overTerminus = pairedRatio(background, terminusSlow);
  const runs = storm.windows.map((window) => window.executions);
  const grpcFloor = row(throughput, 'g1');
  const grpcReady = row(throughput, 'g2');
  const overFloor = round(grpcReady.p99Ms / grpcFloor.p99Ms, 2);
  const threaded = blockedLoop.rows.find((candidate) => candidate.id === 'i1');
  if (!threaded) throw new Error('bench: no blocked-loop row "i1"');
  return [
    { target: 'live ≥ 0.95 × bare Nest', measured: `${live.ratioToBaseline} ×`, pass: live.ratioToBaseline >= 0.95 },
    { target: 'ready, cached checks ≥ 0.85 × bare Nest', measured: `${ready.ratioToBaseline} ×`, pass: ready.ratioToBaseline >= 0.85 },
    {
      target: 'ready with metrics: { otel: true } and no SDK ≥ 0.9 × ready (paired ratio of d2 to d)',
      measured: `${otelOverReady} × (${readyOtel.serverCpuUsPerRequest} vs ${ready.serverCpuUsPerRequest} µs/req)`,
      pass: otelOverReady >= 0.9,
    },
    { target: 'ready, 50 ms check in interval mode: p99 < 5 ms', measured: `${background.p99Ms} ms`, pass: background.p99Ms < 5 },
    { target: 'ready, 50 ms check in interval mode ≥ 10 × terminus (per request)', measured: `${overTerminus} ×`, pass: overTerminus >= 10 },
    {
      target: `probe storm: exactly 1 run per ttl window (${storm.requests} concurrent)`,
      measured: runs.join(', '),
      pass: runs.every((count) => count === 1),
    },
    {
      target: `discovery: < 50 ms added for ${discovery.providers} providers`,
      measured: `${discovery.addedMs} ms`,
      pass: discovery.addedMs < 50,
    },
    { target: 'soak: heap growth < 5 MB between first and last reading', measured: `${soak.heapGrowthMb} MB`, pass: soak.heapGrowthMb < 5 },
    {
      target: 'gRPC Check "" p99 ≤ 1.5 × the hand-written always-SERVING handler’s (g2 vs g1)',
      measured: `${grpcReady.p99Ms} ms vs ${grpcFloor.p99Ms} ms (${overFloor} ×)`,
      pass: overFloor <= 1.5,
    },
    {
      target: `liveness through a ${blockedLoop.blockMs} ms blocked loop, thread mode: every probe answered within the kubelet's 1 s`,
      measured: `${threaded.withinKubeletTimeout}/${threaded.probes} (max ${threaded.maxMs} ms)`,
      pass: threaded.withinKubeletTimeout === threaded.probes,
    },
    {
      // probes that meet the block's first two heartbeat ticks wait for the heartbeat to turn stale (≤ 100 ms)
      target: `liveness through a ${blockedLoop.blockMs} ms blocked loop, thread mode: p99 < 50 ms`,
      measured: `${threaded.p99Ms} ms (${threaded.p99AfterTwoTicksMs} ms once the block is two ticks old)`,
      pass: threaded.p99Ms < 50,
    },
  ];
}
