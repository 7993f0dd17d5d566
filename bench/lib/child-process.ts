import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ChildRequest, ServerScenario } from './child-protocol.js';

const REPLY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

const running = new Set<ChildProcess>();
// never leave a server behind, whatever way the bench ends
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ChildOptions {
  /** extra node flags, e.g. --expose-gc or --cpu-prof */
  readonly nodeFlags?: readonly string[];
  /** another checkout's compiled `bench/dist/servers/server-main.js` (bench/compare.ts), instead of ours */
  readonly serverMain?: string;
}

function forkTs(entry: string, args: readonly string[], options: ChildOptions): ChildProcess {
  const path = entry.startsWith('/') ? entry : fileURLToPath(new URL(entry, import.meta.url));
  const child = fork(path, [...args], {
    execArgv: [...(options.nodeFlags ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Resolves with the first message the predicate accepts; rejects if the child fails or exits first. */
function awaitMessage<T>(child: ChildProcess, what: string, accept: (message: ChildMessage) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`bench: no ${what} from child ${child.pid} within ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS);
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'failed') return finish(new Error(`bench: child ${child.pid} failed: ${message.error}`));
      const value = accept(message);
      if (value !== undefined) finish(undefined, value);
    };
    const onExit = (code: number | null) => finish(new Error(`bench: child ${child.pid} exited (${code}) before its ${what}`));
    function finish(error: Error | undefined, value?: T) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value as T);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export interface BenchServerProcess {
  readonly scenario: ServerScenario;
  readonly origin: string;
  readonly pid: number;
  /** `ms` for a `block` request */
  request<T>(type: ChildRequest['type'], ms?: number): Promise<T>;
  stop(): Promise<void>;
}

let nextRequestId = 1;

/** Starts one server scenario in its own process and waits until it listens on loopback. */
export async function startServerProcess(scenario: ServerScenario, options: ChildOptions = {}): Promise<BenchServerProcess> {
  const child = forkTs(options.serverMain ?? '../servers/server-main.js', [scenario], options);
  const port = await awaitMessage(child, 'port', (message) => (message.type === 'listening' ? message.port : undefined));
  const request = <T>(type: ChildRequest['type'], ms = 0): Promise<T> => {
    const id = nextRequestId++;
    const reply = awaitMessage(child, `${type} reply`, (message) =>
      message.type === 'reply' && message.id === id ? { data: message.data as T } : undefined,
    );
    child.send((type === 'block' ? { id, type, ms } : { id, type }) satisfies ChildRequest);
    return reply.then(({ data }) => data);
  };
  return {
    scenario,
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    request,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const grace = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await request('stop').catch(() => child.kill('SIGKILL'));
      await exited;
      clearTimeout(grace);
    },
  };
}

/** Runs a one-shot job in its own process and returns the result it reports; the job leaves when we disconnect. */
export async function runJobProcess<T>(entry: string, args: readonly string[], options: ChildOptions = {}): Promise<T> {
  const child = forkTs(entry, args, options);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const result = await awaitMessage(child, 'result', (message) => (message.type === 'result' ? { data: message.data as T } : undefined));
  child.disconnect();
  await exited;
  return result.data;
}
