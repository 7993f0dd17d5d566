import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { signalTree, trackGroup } from './throwaway-registry.js';

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A process in its own process group, killed with its whole group when the test process exits. */
export interface ThrowawayProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** stdout and stderr, line by line, as they arrive */
  readonly output: string[];
  readonly exited: Promise<ExitInfo>;
  readonly hasExited: boolean;
  /** resolves with the first output line matching, rejects on exit or after timeoutMs */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** sends a signal to the process and every process it started (its group and any child in a session of its own) */
  signal(signal: NodeJS.Signals): boolean;
  /** SIGKILLs the group (continuing it first) and waits for the exit */
  kill(): Promise<ExitInfo>;
}

export function spawnThrowaway(command: string, args: readonly string[], options: SpawnOptions = {}): ThrowawayProcess {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  const untrack = trackGroup(pid);
  // a test that forgets to stop it must not keep the runner alive: the exit hook kills it then
  child.unref();
  const output: string[] = [];
  const lineWaiters = new Set<(line: string) => void>();
  let exitInfo: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      untrack();
      resolve(exitInfo);
    });
  });
  // the whole output must be read, or a chatty child blocks on a full pipe
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.setEncoding('utf8');
    (stream as { unref?: () => void } | null)?.unref?.();
    stream?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        for (const waiter of lineWaiters) waiter(line);
      }
    });
  }

  const handle: ThrowawayProcess = {
    child,
    pid,
    output,
    exited,
    get hasExited() {
      return exitInfo !== undefined;
    },
    waitForLine(pattern, timeoutMs) {
      const seen = output.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const done = (error?: Error, line?: string) => {
          clearTimeout(timer);
          lineWaiters.delete(onLine);
          if (error) reject(error);
          else resolve(line ?? '');
        };
        const onLine = (line: string) => {
          if (pattern.test(line)) done(undefined, line);
        };
        lineWaiters.add(onLine);
        const timer = setTimeout(
          () => done(new Error(`${command}: no line matching ${pattern} within ${timeoutMs} ms; output:\n${output.slice(-30).join('\n')}`)),
          timeoutMs,
        );
        void exited.then((info) =>
          done(new Error(`${command} exited (${info.code ?? info.signal}) before printing ${pattern}; output:\n${output.slice(-30).join('\n')}`)),
        );
      });
    },
    signal: (signal) => (exitInfo ? false : signalTree(pid, signal)),
    async kill() {
      if (!exitInfo) {
        signalTree(pid, 'SIGCONT');
        signalTree(pid, 'SIGKILL');
      }
      return exited;
    },
  };
  return handle;
}

/** Waits for the process to exit after a signal, escalating to SIGKILL after graceMs. */
export async function stopGracefully(process: ThrowawayProcess, signal: NodeJS.Signals, graceMs: number): Promise<ExitInfo> {
  if (process.hasExited) return process.exited;
  process.signal('SIGCONT');
  process.signal(signal);
  const outcome = await Promise.race([process.exited, sleep(graceMs, undefined, { ref: false })]);
  return outcome ?? process.kill();
}
