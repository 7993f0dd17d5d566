import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../test/support/throwaway-port.js';
import { spawnThrowaway, stopGracefully, type ExitInfo, type ThrowawayProcess } from '../../../test/support/throwaway-process.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The worker's entry point as CI has it before the sample is built (run through @swc-node/register), and built. */
export const WORKER_ENTRY = {
  source: fileURLToPath(new URL('../../src/worker/main.ts', import.meta.url)),
  dist: fileURLToPath(new URL('../../dist/worker/main.js', import.meta.url)),
};
// what would change the worker's behaviour if it leaked from the test's own environment
const NOT_INHERITED = ['NODE_OPTIONS', 'KUBERNETES_SERVICE_HOST', 'DATABASE_URL', 'REDIS_URL', 'HEALTH_TOKEN', 'HEALTH_PORT', 'DRAIN_MS', 'JEST_WORKER_ID'];

/** The sample's worker running as a real child process, its probe server on `probeUrl`. */
export interface SampleWorker {
  readonly probeUrl: string;
  readonly healthPort: number;
  readonly process: ThrowawayProcess;
  /** log lines (stdout and stderr) so far */
  readonly output: string[];
  /** SIGTERM, then waits for the exit (SIGKILL after graceMs) */
  terminate(graceMs?: number): Promise<ExitInfo>;
  kill(): Promise<ExitInfo>;
}

export interface SampleWorkerOptions {
  env: Record<string, string>;
  /** `source` (default): src/ through @swc-node/register, no build needed; `dist`: the built worker */
  from?: keyof typeof WORKER_ENTRY;
  /** the probe server's port; default a free one */
  healthPort?: number;
  startTimeoutMs?: number;
}

/** Starts the worker and waits for its `worker consuming` line (printed once it is booted and consuming). */
export async function startSampleWorker(options: SampleWorkerOptions): Promise<SampleWorker> {
  const from = options.from ?? 'source';
  const entry = WORKER_ENTRY[from];
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: run npm run build:sample first (npm run test:faults does)`);
  const healthPort = options.healthPort ?? (await freePort());
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !NOT_INHERITED.includes(name)));
  const env = { ...inherited, NO_COLOR: '1', ...options.env, HEALTH_PORT: String(healthPort) };
  const args = from === 'source' ? ['--import', '@swc-node/register/esm-register', entry] : [entry];
  const child = spawnThrowaway(process.execPath, args, { cwd: ROOT, env });
  try {
    await child.waitForLine(/^worker consuming /, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await child.kill();
    throw error;
  }
  return {
    probeUrl: `http://127.0.0.1:${healthPort}`,
    healthPort,
    process: child,
    output: child.output,
    terminate: (graceMs = 15_000) => stopGracefully(child, 'SIGTERM', graceMs),
    kill: () => child.kill(),
  };
}
