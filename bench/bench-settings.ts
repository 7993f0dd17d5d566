/** How long and how much: the full run the README table comes from, and the CI smoke run. */
export interface BenchSettings {
  readonly mode: 'full' | 'smoke';
  readonly connections: number;
  readonly rounds: number;
  readonly roundSeconds: number;
  readonly warmupSeconds: number;
  readonly stormRequests: number;
  /** separate ttl windows to storm; each must cost exactly one run */
  readonly stormWindows: number;
  readonly discovery: { readonly providers: number; readonly decorated: number; readonly rounds: number };
  /** probes sent before each memory reading of the soak, cumulative */
  readonly soakCheckpoints: readonly number[];
  /** liveness probed every `everyMs` while the app's main loop is blocked `blocks` times for `blockMs` */
  readonly blockedLoop: { readonly blockMs: number; readonly blocks: number; readonly everyMs: number };
  /** write V8 CPU profiles of the throughput servers to this folder */
  readonly cpuProfileDir?: string;
  readonly output: string;
}

const FULL: BenchSettings = {
  mode: 'full',
  connections: 10,
  rounds: 5,
  roundSeconds: 4,
  warmupSeconds: 2,
  stormRequests: 1000,
  stormWindows: 2,
  discovery: { providers: 2000, decorated: 200, rounds: 7 },
  soakCheckpoints: [10_000, 100_000, 200_000],
  blockedLoop: { blockMs: 3000, blocks: 3, everyMs: 20 },
  output: 'bench/results/latest.json',
};

const SMOKE: BenchSettings = {
  mode: 'smoke',
  connections: 10,
  rounds: 3,
  roundSeconds: 0.25,
  warmupSeconds: 0.1,
  stormRequests: 100,
  stormWindows: 1,
  discovery: { providers: 200, decorated: 20, rounds: 1 },
  soakCheckpoints: [500, 2_000],
  blockedLoop: { blockMs: 400, blocks: 1, everyMs: 20 },
  output: 'bench/results/smoke.tmp.json',
};

const USAGE = 'usage: bench/run.ts [--smoke] [--rounds N] [--seconds S] [--cpu-prof DIR] [--out FILE]';

/** `--smoke` picks the tiny run; `--rounds`, `--seconds`, `--cpu-prof DIR` and `--out FILE` override. */
export function settingsFromArgs(args: readonly string[]): BenchSettings {
  let settings: BenchSettings = args.includes('--smoke') ? SMOKE : FULL;
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    switch (args[i]) {
      case '--smoke':
        break;
      case '--rounds':
        settings = { ...settings, rounds: positive(args[i], value) };
        i++;
        break;
      case '--seconds':
        settings = { ...settings, roundSeconds: positive(args[i], value) };
        i++;
        break;
      case '--cpu-prof':
        settings = { ...settings, cpuProfileDir: required(args[i], value) };
        i++;
        break;
      case '--out':
        settings = { ...settings, output: required(args[i], value) };
        i++;
        break;
      default:
        throw new Error(`bench: unknown argument "${args[i]}"; ${USAGE}`);
    }
  }
  return settings;
}

function required(flag: string, value: string | undefined): string {
  if (value === undefined || value.startsWith('--')) throw new Error(`bench: ${flag} needs a value; ${USAGE}`);
  return value;
}

function positive(flag: string, value: string | undefined): number {
  const number = Number(required(flag, value));
  if (!(number > 0)) throw new Error(`bench: ${flag} needs a positive number, got ${value}; ${USAGE}`);
  return number;
}
