import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { spawnThrowaway, stopGracefully, type ExitInfo, type ThrowawayProcess } from './throwaway-process.js';

export const SAMPLE_APP_MAIN = fileURLToPath(new URL('../../sample-app/dist/main.js', import.meta.url));

/** One HTTP exchange with a child app, timed. */
export interface Exchange {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly durationMs: number;
  json<T = Record<string, any>>(): T;
}

/** The sample app (or any Node entry point) running as a real child process on a free port. */
export interface ChildApp {
  readonly url: string;
  readonly port: number;
  readonly process: ThrowawayProcess;
  /** log lines (stdout and stderr) printed so far */
  readonly output: string[];
  /** GET (or `method`) on a fresh connection; rejects on network errors, never on a status */
  request(path: string, options?: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number }): Promise<Exchange>;
  /** SIGTERM, then waits for the exit (SIGKILL after graceMs) */
  terminate(graceMs?: number): Promise<ExitInfo>;
  kill(): Promise<ExitInfo>;
}

export interface ChildAppOptions {
  env?: Record<string, string | undefined>;
  /** fixed port (e.g. to come back on the same one); default: PORT=0, read from the listening line */
  port?: number;
  entry?: string;
  /** Node options before the entry, e.g. `['--import', '@swc-node/register/esm-register']` for a TS fixture */
  nodeArgs?: string[];
  startTimeoutMs?: number;
}

/** The environment a child starts from: this process's, minus what would change the app's behaviour. */
function baseEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  // Jest's own settings and a Kubernetes-looking host would leak into the app's behaviour
  for (const name of ['NODE_OPTIONS', 'KUBERNETES_SERVICE_HOST', 'DATABASE_URL', 'REDIS_URL', 'HEALTH_TOKEN', 'DRAIN_MS', 'JEST_WORKER_ID']) {
    delete env[name];
  }
  return env;
}

export function exchange(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<Exchange> {
  const { method = 'GET', headers = {}, body, timeoutMs = 10_000 } = options;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, agent: false });
    const timer = setTimeout(() => outgoing.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)), timeoutMs);
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          text,
          durationMs: performance.now() - started,
          json: <T>() => JSON.parse(text) as T,
        });
      });
    });
    outgoing.end(body);
  });
}

export async function startChildApp(options: ChildAppOptions = {}): Promise<ChildApp> {
  const entry = options.entry ?? SAMPLE_APP_MAIN;
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: run npm run build && npm run build:sample first (npm run test:faults does)`);
  const env = { ...baseEnv(), HOST: '127.0.0.1', PORT: String(options.port ?? 0), NO_COLOR: '1', ...options.env };
  const child = spawnThrowaway(process.execPath, [...(options.nodeArgs ?? []), entry], { env: env as NodeJS.ProcessEnv });
  let line: string;
  try {
    line = await child.waitForLine(/listening on http:\/\/[^:]+:\d+/, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await child.kill();
    throw error;
  }
  const port = Number(/:(\d+)\s*$/.exec(line)?.[1]);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    process: child,
    output: child.output,
    request: (path, init) => exchange(`${url}${path}`, init),
    terminate: (graceMs = 15_000) => stopGracefully(child, 'SIGTERM', graceMs),
    kill: () => child.kill(),
  };
}

/** Stops every app still running; for afterEach/afterAll, so a failed test leaves nothing behind. */
export async function stopAll(apps: ChildApp[]): Promise<void> {
  await Promise.all(apps.splice(0).map((app) => app.kill()));
}
