import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { settingsFromArgs, type BenchSettings } from './bench-settings.js';
import { runBlockedLoop, type BlockedResult } from './blocked-loop.js';
import { runDiscovery, type DiscoveryResult } from './discovery.js';
import { markdownReport } from './report.js';
import { smokeProblems } from './smoke-check.js';
import { runSoak, type SoakResult } from './soak.js';
import { runStorm, type StormResult } from './storm.js';
import { judgeTargets, type TargetVerdict } from './targets.js';
import { runThroughput, type ThroughputResult } from './throughput.js';
import { round } from './lib/stats.js';

export interface BenchReport {
  readonly meta: {
    readonly mode: BenchSettings['mode'];
    readonly date: string;
    readonly command: string;
    readonly commit?: string;
    readonly node: string;
    readonly cpuModel: string;
    readonly cpus: number;
    readonly memoryGb: number;
    readonly loadAverage: { readonly before: number[]; readonly after: number[] };
    readonly seconds: number;
  };
  readonly throughput: ThroughputResult;
  readonly storm: StormResult;
  readonly discovery: DiscoveryResult;
  readonly soak: SoakResult;
  readonly blockedLoop: BlockedResult;
  readonly targets: readonly TargetVerdict[];
}

const benchStarted = performance.now();

function log(line: string): void {
  process.stderr.write(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(1)} s] ${line}\n`);
}

function currentCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

const loadAverage = () => loadavg().map((value) => round(value, 2));

async function main(): Promise<void> {
  const settings = settingsFromArgs(process.argv.slice(2));
  const started = performance.now();
  const before = loadAverage();
  const throughput = await runThroughput(settings, log);
  const storm = await runStorm(settings, log);
  const discovery = await runDiscovery(settings, log);
  const soak = await runSoak(settings, log);
  const blockedLoop = await runBlockedLoop(settings, log);
  const report: BenchReport = {
    meta: {
      mode: settings.mode,
      date: new Date().toISOString(),
      command: process.env.npm_lifecycle_event ? `npm run ${process.env.npm_lifecycle_event}` : process.argv.slice(1).join(' '),
      commit: currentCommit(),
      node: process.version,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
      cpus: cpus().length,
      memoryGb: round(totalmem() / 1024 ** 3, 1),
      loadAverage: { before, after: loadAverage() },
      seconds: round((performance.now() - started) / 1000, 1),
    },
    throughput,
    storm,
    discovery,
    soak,
    blockedLoop,
    targets: judgeTargets(throughput, storm, discovery, soak, blockedLoop),
  };
  mkdirSync(dirname(settings.output), { recursive: true });
  writeFileSync(settings.output, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${markdownReport(report)}\n\nWritten to ${settings.output} in ${report.meta.seconds} s.\n`);
  if (settings.mode === 'smoke') {
    const problems = smokeProblems(report);
    if (problems.length) throw new Error(`bench smoke run produced no usable numbers:\n- ${problems.join('\n- ')}`);
    process.stdout.write('Smoke run complete: every part produced numbers (targets are not judged on a smoke run).\n');
  }
}

main().then(
  // servers are stopped by now; exit so a stray handle cannot keep the bench alive
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
