import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const alive = new Set<ChildProcess>();
// a crashed or timed-out test must never leave a child running
process.once('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

export interface ChildEvent {
  readonly event: string;
  readonly at: number;
  readonly [field: string]: unknown;
}

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly at: number;
}

/**
 * A fixture app in its own Node process, run from the TypeScript sources through @swc-node/register (which keeps
 * decorator metadata), so the test exercises real signals, a real event loop and the current src/.
 */
export class FixtureProcess {
  readonly events: ChildEvent[] = [];
  stdout = '';
  stderr = '';
  readonly exited: Promise<ChildExit>;
  private readonly child: ChildProcess;

  constructor(fixture: string, env: Record<string, string>) {
    const { NODE_OPTIONS: _jestVmModules, ...inherited } = process.env;
    this.child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', `test/fixtures/${fixture}`], {
      cwd: ROOT,
      env: { ...inherited, NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    alive.add(this.child);
    this.exited = once(this.child, 'exit').then(([code, signal]) => {
      alive.delete(this.child);
      return { code: code as number | null, signal: signal as NodeJS.Signals | null, at: Date.now() };
    });
    let pending = '';
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('@@')) this.events.push(JSON.parse(line.slice(2)) as ChildEvent);
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
  }

  get running(): boolean {
    return alive.has(this.child);
  }

  /** Waits for the fixture's `@@{"event": name}` line. */
  async event(name: string, timeoutMs = 20_000): Promise<ChildEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((event) => event.event === name);
      if (found) return found;
      if (!this.running) throw new Error(`the child exited before "${name}"; stderr:\n${this.stderr}\nstdout:\n${this.stdout}`);
      if (Date.now() > deadline) throw new Error(`no "${name}" from the child within ${timeoutMs} ms; stderr:\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Writes a line to the child's stdin (for fixtures that read commands) and returns the moment it was sent. */
  send(line: string): number {
    const at = Date.now();
    this.child.stdin!.write(`${line}\n`);
    return at;
  }

  /** Sends a signal and returns the moment it was sent. */
  signal(name: NodeJS.Signals): number {
    const at = Date.now();
    this.child.kill(name);
    return at;
  }

  /** Resolves with the exit, or kills the child and fails when it does not exit by itself in time. */
  async exit(timeoutMs: number): Promise<ChildExit> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`the child did not exit by itself within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Makes sure the process is gone (afterEach). */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Lines of the child's stdout that contain `text`. */
  lines(text: string): string[] {
    return this.stdout.split('\n').filter((line) => line.includes(text));
  }
}
