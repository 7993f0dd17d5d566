import type { BenchSettings } from './bench-settings.js';
import type { ServerScenario } from './lib/child-protocol.js';
import { startServerProcess, type BenchServerProcess } from './lib/child-process.js';
import { LOAD_CPU, pinServersAndLoad, SERVER_CPU, unpin } from './lib/cpu-pinning.js';
import { rotated, withServerCpu } from './lib/rounds.js';
import { checkOnce, grpcLoadTest } from './lib/grpc-load.js';
import { loadTest, type LoadResult } from './lib/load.js';
import { median, round } from './lib/stats.js';

export interface ThroughputRow {
  readonly id: string;
  readonly label: string;
  readonly scenario: ServerScenario;
  /** the HTTP path, or for a gRPC row what it calls */
  readonly path: string;
  /** a gRPC row: grpc.health.v1 Check of this service name instead of an HTTP GET */
  readonly grpcService?: string;
}

/** The rows of the table; (b) is the baseline every ratio is taken against. */
export const ROWS: readonly ThroughputRow[] = [
  { id: 'a', label: 'Fastify route, bare (same JSON)', scenario: 'fastify-bare', path: '/bare' },
  { id: 'b', label: 'Nest route on Fastify, bare (baseline)', scenario: 'nest-bare', path: '/bare' },
  { id: 'c', label: 'nestjs-health /health/live', scenario: 'ours-cached', path: '/health/live' },
  { id: 'd', label: 'nestjs-health /health/ready, 3 checks, ttl 1 s', scenario: 'ours-cached', path: '/health/ready' },
  { id: 'd2', label: 'd with metrics: { otel: true }, no OpenTelemetry SDK', scenario: 'ours-otel-no-sdk', path: '/health/ready' },
  { id: 'e', label: 'nestjs-health /health/ready, 50 ms check, interval 1 s', scenario: 'ours-background', path: '/health/ready' },
  { id: 'p1', label: 'nestjs-health probe server /health/ready, 3 checks, ttl 1 s', scenario: 'ours-probe-server', path: '/health/ready' },
  { id: 'p2', label: 'nestjs-health probe server, thread mode, /health/ready, same', scenario: 'ours-probe-thread', path: '/health/ready' },
  { id: 'f1', label: 'terminus, 3 checks (twin of d), per request', scenario: 'terminus-three-checks', path: '/terminus/ready' },
  { id: 'f2', label: 'terminus, 3 checks (twin of d), cacheFor 1 s', scenario: 'terminus-three-checks', path: '/terminus/ready-cached' },
  { id: 'f3', label: 'terminus, 50 ms check (twin of e), per request', scenario: 'terminus-slow-check', path: '/terminus/ready' },
  { id: 'f4', label: 'terminus, 50 ms check (twin of e), cacheFor 1 s', scenario: 'terminus-slow-check', path: '/terminus/ready-cached' },
  { id: 'g0', label: 'gRPC Check, bare grpc-js handler, always SERVING', scenario: 'grpc-raw-floor', path: 'Check ""', grpcService: '' },
  { id: 'g1', label: 'gRPC Check, hand-written Nest @GrpcMethod, always SERVING (floor)', scenario: 'grpc-nest-floor', path: 'Check ""', grpcService: '' },
  { id: 'g2', label: 'nestjs-health gRPC Check "", 3 checks, ttl 1 s (twin of d)', scenario: 'grpc-ours', path: 'Check ""', grpcService: '' },
  { id: 'g3', label: 'nestjs-health gRPC Check "liveness" (twin of c)', scenario: 'grpc-ours', path: 'Check "liveness"', grpcService: 'liveness' },
];

export const BASELINE_ROW = 'b';

/** One round of one row: the load generator's view, plus the CPU time the server process spent per request. */
export interface RoundResult extends LoadResult {
  readonly serverCpuUsPerRequest: number;
}

export interface RowResult {
  readonly id: string;
  readonly label: string;
  readonly path: string;
  readonly bodyBytes: number;
  readonly rounds: readonly RoundResult[];
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** less sensitive to a busy machine than req/s: CPU the server used, divided by the requests it answered */
  readonly serverCpuUsPerRequest: number;
  /** median over rounds of (this row's req/s ÷ the baseline's req/s in the same round) */
  readonly ratioToBaseline: number;
}

export interface ThroughputResult {
  readonly connections: number;
  readonly rounds: number;
  readonly roundSeconds: number;
  readonly warmupSeconds: number;
  /** whether the servers ran on one core and the load generator on another (lib/cpu-pinning.ts) */
  readonly pinned: boolean;
  readonly rows: readonly RowResult[];
}


/** The size of one answer (HTTP body, or gRPC response message), which must be a success before the run. */
async function answerBytes(row: ThroughputRow, origin: string): Promise<number> {
  if (row.grpcService !== undefined) {
    const answer = await checkOnce(new URL(origin).host, row.grpcService);
    if (answer.status !== 'SERVING') throw new Error(`bench: row ${row.id} answered ${answer.status} before the run`);
    return answer.bytes;
  }
  const url = `${origin}${row.path}`;
  const response = await fetch(url);
  const body = await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`bench: ${url} answered ${response.status} before the run: ${Buffer.from(body).toString()}`);
  return body.byteLength;
}

/** Every row against its own server process, rounds interleaved across rows; medians per row. */
export async function runThroughput(settings: BenchSettings, log: (line: string) => void): Promise<ThroughputResult> {
  const scenarios = [...new Set(ROWS.map((row) => row.scenario))];
  const nodeFlags = settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] : [];
  const servers = new Map<ServerScenario, BenchServerProcess>();
  let pinned = false;
  try {
    for (const server of await Promise.all(scenarios.map((scenario) => startServerProcess(scenario, { nodeFlags })))) {
      servers.set(server.scenario, server);
    }
    // forked unpinned, then each to its core (see cpu-pinning.ts)
    pinned = pinServersAndLoad([...servers.values()].map((server) => server.pid));
    log(pinned ? `throughput: servers pinned to core ${SERVER_CPU}, the load generator to core ${LOAD_CPU}` : 'throughput: not pinned (taskset or a second core missing)');
    const origin = (row: ThroughputRow) => servers.get(row.scenario)?.origin ?? '';
    const run = (row: ThroughputRow, durationSeconds: number) =>
      row.grpcService === undefined
        ? loadTest({ url: `${origin(row)}${row.path}`, connections: settings.connections, durationSeconds })
        : grpcLoadTest({ address: new URL(origin(row)).host, service: row.grpcService, connections: settings.connections, durationSeconds });
    const bytes = new Map<string, number>();
    for (const row of ROWS) bytes.set(row.id, await answerBytes(row, origin(row)));

    log(`throughput: warming up ${ROWS.length} rows for ${settings.warmupSeconds} s each`);
    for (const row of ROWS) await run(row, settings.warmupSeconds);
    const results = new Map<string, RoundResult[]>(ROWS.map((row) => [row.id, []]));
    for (let r = 0; r < settings.rounds; r++) {
      log(`throughput: round ${r + 1}/${settings.rounds}`);
      for (const row of rotated(ROWS, r)) {
        const server = servers.get(row.scenario) as BenchServerProcess;
        const result = await withServerCpu(server, () => run(row, settings.roundSeconds));
        results.get(row.id)?.push({ ...result, serverCpuUsPerRequest: round(result.serverCpuUsPerRequest, 2) });
      }
    }
    const baseline = results.get(BASELINE_ROW) ?? [];
    const rows = ROWS.map((row): RowResult => {
      const rounds = results.get(row.id) ?? [];
      return {
        id: row.id,
        label: row.label,
        path: row.path,
        bodyBytes: bytes.get(row.id) ?? 0,
        rounds,
        requestsPerSecond: round(median(rounds.map((result) => result.requestsPerSecond)), 0),
        p50Ms: round(median(rounds.map((result) => result.p50Ms)), 2),
        p99Ms: round(median(rounds.map((result) => result.p99Ms)), 2),
        serverCpuUsPerRequest: round(median(rounds.map((result) => result.serverCpuUsPerRequest)), 1),
        ratioToBaseline: round(median(rounds.map((result, i) => result.requestsPerSecond / baseline[i].requestsPerSecond)), 3),
      };
    });
    return {
      connections: settings.connections,
      rounds: settings.rounds,
      roundSeconds: settings.roundSeconds,
      warmupSeconds: settings.warmupSeconds,
      pinned,
      rows,
    };
  } finally {
    // the other parts fork their own servers and measure the machine unpinned
    if (pinned) unpin(process.pid);
    await Promise.all([...servers.values()].map((server) => server.stop()));
  }
}
