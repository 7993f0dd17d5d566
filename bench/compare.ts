import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { ServerScenario } from './lib/child-protocol.js';
import { startServerProcess, type BenchServerProcess } from './lib/child-process.js';
import { pinServersAndLoad, unpin } from './lib/cpu-pinning.js';
import { loadTest, type LoadResult } from './lib/load.js';
import { rotated, withServerCpu } from './lib/rounds.js';
import { median } from './lib/stats.js';

/**
 * Before/after in one sitting: rows (b)–(e) of this checkout against rows (c)–(e) served by another checkout's
 * build, every server in its own process, rounds interleaved across all seven rows. A refactor's promise ("rows
 * (c)–(e) within noise or better") is judged on paired ratios — this checkout's row over the other's in the same
 * round — so drift of the machine between rounds falls on both sides.
 *
 *   node bench/dist/compare.js --against ../before [--rounds 9] [--seconds 3]
 *
 * The other checkout must be built (`npm run build && npx tsc -p bench/tsconfig.json` there) and speak the same
 * child protocol (bench/lib/child-protocol.ts) for the scenarios used here.
 */
interface CompareRow {
  readonly id: string;
  readonly label: string;
  readonly scenario: ServerScenario;
  readonly path: string;
  readonly side: 'this' | 'other';
}

const ROWS: readonly CompareRow[] = [
  { id: 'b', label: 'Nest route on Fastify, bare (baseline)', scenario: 'nest-bare', path: '/bare', side: 'this' },
  { id: 'c', label: '/health/live', scenario: 'ours-cached', path: '/health/live', side: 'this' },
  { id: 'd', label: '/health/ready, 3 checks, ttl 1 s', scenario: 'ours-cached', path: '/health/ready', side: 'this' },
  { id: 'e', label: '/health/ready, 50 ms check, interval 1 s', scenario: 'ours-background', path: '/health/ready', side: 'this' },
  { id: "c'", label: '/health/live', scenario: 'ours-cached', path: '/health/live', side: 'other' },
  { id: "d'", label: '/health/ready, 3 checks, ttl 1 s', scenario: 'ours-cached', path: '/health/ready', side: 'other' },
  { id: "e'", label: '/health/ready, 50 ms check, interval 1 s', scenario: 'ours-background', path: '/health/ready', side: 'other' },
];

interface Settings {
  readonly against: string;
  readonly rounds: number;
  readonly seconds: number;
}

const USAGE = 'usage: bench/compare.ts --against DIR [--rounds N] [--seconds S]';

function settingsFrom(args: readonly string[]): Settings {
  let against = '';
  let rounds = 9;
  let seconds = 3;
  for (let i = 0; i < args.length; i += 2) {
    const value = args[i + 1];
    if (args[i] === '--against' && value) against = resolve(value);
    else if (args[i] === '--rounds' && Number(value) > 0) rounds = Number(value);
    else if (args[i] === '--seconds' && Number(value) > 0) seconds = Number(value);
    else throw new Error(`bench compare: bad argument "${args[i]}"; ${USAGE}`);
  }
  if (!against) throw new Error(`bench compare: --against is required; ${USAGE}`);
  return { against, rounds, seconds };
}

type Measured = LoadResult & { readonly serverCpuUsPerRequest: number };

async function measure(server: BenchServerProcess, url: string, connections: number, seconds: number): Promise<Measured> {
  const result = await withServerCpu(server, () => loadTest({ url, connections, durationSeconds: seconds }));
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`bench compare: ${url} gave ${result.non2xx} non-2xx and ${result.errors} errors`);
  return result;
}

async function main(): Promise<void> {
  const settings = settingsFrom(process.argv.slice(2));
  const otherMain = resolve(settings.against, 'bench/dist/servers/server-main.js');
  if (!existsSync(otherMain)) throw new Error(`bench compare: ${otherMain} is missing; build that checkout and its bench first`);
  const keyOf = (row: CompareRow) => `${row.side}:${row.scenario}`;
  const servers = new Map<string, BenchServerProcess>();
  const before = loadavg();
  let pinned = false;
  try {
    for (const row of ROWS) {
      if (servers.has(keyOf(row))) continue;
      servers.set(keyOf(row), await startServerProcess(row.scenario, row.side === 'other' ? { serverMain: otherMain } : {}));
    }
    pinned = pinServersAndLoad([...servers.values()].map((server) => server.pid));
    const run = (row: CompareRow, seconds: number) => {
      const server = servers.get(keyOf(row)) as BenchServerProcess;
      return measure(server, `${server.origin}${row.path}`, 10, seconds);
    };
    for (const row of ROWS) await run(row, 2);
    const results = new Map<string, Measured[]>(ROWS.map((row) => [row.id, []]));
    for (let r = 0; r < settings.rounds; r++) {
      process.stderr.write(`[compare] round ${r + 1}/${settings.rounds}\n`);
      for (const row of rotated(ROWS, r)) results.get(row.id)?.push(await run(row, settings.seconds));
    }
    process.stdout.write(report(settings, results, pinned, before));
  } finally {
    if (pinned) unpin(process.pid);
    await Promise.all([...servers.values()].map((server) => server.stop()));
  }
}

function report(settings: Settings, results: Map<string, Measured[]>, pinned: boolean, before: number[]): string {
  const of = (id: string) => results.get(id) ?? [];
  const baseline = of('b');
  const fmt = (value: number, digits: number) => value.toFixed(digits);
  const lines = [
    `this checkout against ${settings.against}: ${settings.rounds} interleaved rounds × ${settings.seconds} s, 10 connections, ` +
      `${pinned ? 'servers on core 1, load on core 0' : 'not pinned'}, load average ${before.map((v) => v.toFixed(2)).join(' / ')} before, ` +
      `${loadavg().map((v) => v.toFixed(2)).join(' / ')} after; medians over rounds`,
    '',
    '| row | route | req/s this | req/s other | × bare Nest this | × bare Nest other | this ÷ other (paired) | CPU µs/req this | CPU µs/req other | p99 ms this | p99 ms other |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const id of ['c', 'd', 'e']) {
    const mine = of(id);
    const theirs = of(`${id}'`);
    const label = ROWS.find((row) => row.id === id)?.label ?? id;
    const perRound = (rows: Measured[], pick: (m: Measured, i: number) => number) => median(rows.map(pick));
    lines.push(
      `| ${id} | ${label} | ${fmt(perRound(mine, (m) => m.requestsPerSecond), 0)} | ${fmt(perRound(theirs, (m) => m.requestsPerSecond), 0)} | ` +
        `${fmt(perRound(mine, (m, i) => m.requestsPerSecond / baseline[i].requestsPerSecond), 2)} | ` +
        `${fmt(perRound(theirs, (m, i) => m.requestsPerSecond / baseline[i].requestsPerSecond), 2)} | ` +
        `${fmt(perRound(mine, (m, i) => m.requestsPerSecond / theirs[i].requestsPerSecond), 2)} | ` +
        `${fmt(perRound(mine, (m) => m.serverCpuUsPerRequest), 1)} | ${fmt(perRound(theirs, (m) => m.serverCpuUsPerRequest), 1)} | ` +
        `${fmt(perRound(mine, (m) => m.p99Ms), 2)} | ${fmt(perRound(theirs, (m) => m.p99Ms), 2)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
