import { HealthModule } from 'nestjs-health';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { type HttpAnswer, PLATFORMS, request, startApp } from '../support/nest11-app';

const DRAIN_MS = 1500;
// compiled by tsc (CommonJS) in the temporary app, as a Nest 11 user's build would be
const DRAIN_APP = join(__dirname, '..', 'build', 'fixtures', 'drain-app.js');

interface AppEvent {
  event: string;
  at: number;
  port?: number;
}

interface ChildApp {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  seen(event: string): AppEvent | undefined;
  waitFor(event: string, timeoutMs: number): Promise<AppEvent>;
}

function startChild(platform: string): ChildApp {
  const child = spawn(process.execPath, [DRAIN_APP], {
    env: { ...process.env, PLATFORM: platform, DRAIN_MS: String(DRAIN_MS), NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const events: AppEvent[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => events.push(JSON.parse(line) as AppEvent));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const seen = (event: string) => events.find((candidate) => candidate.event === event);
  return {
    child,
    exited,
    seen,
    async waitFor(event, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!seen(event)) {
        if (Date.now() > deadline) throw new Error(`drain app: no "${event}" within ${timeoutMs} ms; saw ${JSON.stringify(events)}`);
        if (child.exitCode !== null) throw new Error(`drain app exited early; saw ${JSON.stringify(events)}`);
        await sleep(20);
      }
      return seen(event)!;
    },
  };
}

interface Sample {
  sentAt: number;
  doneAt: number;
  ready: HttpAnswer;
  live: HttpAnswer;
  work: HttpAnswer;
}

let running: ChildApp | undefined;
afterEach(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  running = undefined;
});

describe.each(PLATFORMS)('SIGTERM drain on Nest 11 with %s, CommonJS', (platform) => {
  it('turns readiness 503 at once, serves requests for drainMs, and only then runs onModuleDestroy', async () => {
    running = startChild(platform);
    const app = running;
    const { port } = await app.waitFor('listening', 20_000);
    const base = `http://127.0.0.1:${port}`;
    expect((await request(`${base}/health/ready`)).status).toBe(200);

    const sigtermAt = Date.now();
    app.child.kill('SIGTERM');
    // the signal reaches the child's event loop asynchronously: wait for the flip, then every sample must agree
    let flipped: HttpAnswer;
    do flipped = await request(`${base}/health/ready`);
    while (flipped.status === 200 && Date.now() - sigtermAt < 1000);
    expect(flipped.status).toBe(503);
    expect(flipped.json()).toMatchObject({ status: 'shutting_down' });

    const samples: Sample[] = [];
    while (!app.seen('pool-closed') && Date.now() - sigtermAt < DRAIN_MS + 10_000) {
      const sentAt = Date.now();
      try {
        const [ready, live, work] = await Promise.all(
          ['/health/ready', '/health/live', '/work'].map((path) => request(`${base}${path}`)),
        );
        samples.push({ sentAt, doneAt: Date.now(), ready, live, work });
      } catch {
        break; // the server closed after the drain: what matters is what was answered before
      }
      await sleep(50);
    }
    const poolClosed = await app.waitFor('pool-closed', 10_000);

    expect(poolClosed.at - sigtermAt).toBeGreaterThanOrEqual(DRAIN_MS - 20);
    const duringDrain = samples.filter((sample) => sample.doneAt < poolClosed.at);
    expect(duringDrain.length).toBeGreaterThanOrEqual(5);
    for (const sample of duringDrain) {
      expect(sample.ready.status).toBe(503);
      expect(sample.ready.json()).toMatchObject({ status: 'shutting_down' });
      expect(sample.live.status).toBe(200);
      expect(sample.work.status).toBe(200);
      expect(sample.work.json()).toEqual({ served: true });
      // keep-alive clients are asked to move off while the load balancer catches up
      expect(sample.work.headers.get('connection')).toBe('close');
    }

    const exit = await app.exited;
    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
  });

  it('does not hold a programmatic app.close()', async () => {
    const app = await startApp(platform, { imports: [HealthModule.forRoot({ shutdown: { drainMs: 5000 } })] });
    const startedAt = Date.now();
    await app.close();
    expect(Date.now() - startedAt).toBeLessThan(2500);
  });
});
