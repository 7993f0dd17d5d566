import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { FixtureProcess } from '../support/fixture-process.js';
import { exchange } from '../support/child-app.js';
import { freePort } from '../support/throwaway-port.js';
import { Measurements } from '../faults/support/measurements.js';
import { percentile } from '../faults/support/polling.js';

// thread mode runs from the ESM build, as users get it: the worker's program is the string dist/ holds
const BUILT = fileURLToPath(new URL('../../dist/esm/index.js', import.meta.url));
const TOKEN = 'thread-mode-token-2b7e';
const measured = new Measurements('thread mode (worker thread answers while the main loop is blocked)');

interface Sample {
  readonly sentAt: number;
  readonly status: number;
  readonly ms: number;
  readonly body: string;
}

const children: FixtureProcess[] = [];
beforeAll(() => {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} does not exist: run npm run build first (npm run test:faults does)`);
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
});
afterAll(() => measured.print());

async function startThreaded(env: Record<string, string>): Promise<{ child: FixtureProcess; url: string }> {
  const port = await freePort();
  const child = new FixtureProcess('probe-server-app.ts', { KIND: 'context', THREAD: '1', HEALTH_FROM: 'dist', COMMANDS: '1', HEALTH_PORT: String(port), ...env });
  children.push(child);
  await child.event('listening');
  return { child, url: `http://127.0.0.1:${port}` };
}

/** Probes `path` every `everyMs` on a fresh connection each time, as the kubelet does, without waiting for the previous answer. */
async function probeEvery(url: string, everyMs: number, until: () => boolean, headers: Record<string, string> = {}): Promise<Sample[]> {
  const samples: Sample[] = [];
  const inFlight: Promise<unknown>[] = [];
  while (!until()) {
    const sentAt = Date.now();
    inFlight.push(
      exchange(url, { timeoutMs: 5000, headers }).then(
        (answer) => samples.push({ sentAt, status: answer.status, ms: answer.durationMs, body: answer.text }),
        () => samples.push({ sentAt, status: 0, ms: 5000, body: '' }),
      ),
    );
    await sleep(everyMs);
  }
  await Promise.all(inFlight);
  return samples.sort((a, b) => a.sentAt - b.sentAt);
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const latencies = (samples: Sample[]) => ({ p50_ms: round(percentile(samples.map((s) => s.ms), 50)), p99_ms: round(percentile(samples.map((s) => s.ms), 99)), max_ms: round(Math.max(...samples.map((s) => s.ms))), probes: samples.length });

describe('thread mode, from the ESM build', () => {
  it('answers liveness 200 within milliseconds while the main loop is blocked for 3 s, and readiness 503 during the block only', async () => {
    const { child, url } = await startThreaded({});
    expect((await exchange(`${url}/health/ready`)).status).toBe(200);
    let done = false;
    const live = probeEvery(`${url}/health/live`, 50, () => done);
    const ready = probeEvery(`${url}/health/ready`, 50, () => done);
    const verbose = probeEvery(`${url}/health/ready?verbose`, 500, () => done);
    await sleep(500);
    child.send('block 3000');
    const blocking = await child.event('blocking');
    const unblocked = await child.event('unblocked', 10_000);
    await sleep(1000);
    done = true;
    const [liveSamples, readySamples, verboseSamples] = await Promise.all([live, ready, verbose]);

    const during = (samples: Sample[]) => samples.filter((s) => s.sentAt >= blocking.at && s.sentAt + s.ms <= unblocked.at);
    const liveBlocked = during(liveSamples);
    measured.record('liveness while a 3 s block runs (every 50 ms, fresh connections)', latencies(liveBlocked));
    expect(liveBlocked.length).toBeGreaterThan(30);
    // every probe answered 200; the slowest are those that met the block's first two heartbeat ticks (≤ ~100 ms)
    expect(liveSamples.filter((s) => s.status !== 200)).toEqual([]);
    expect(Math.max(...liveBlocked.map((s) => s.ms))).toBeLessThan(400);
    expect(percentile(liveBlocked.map((s) => s.ms), 50)).toBeLessThan(50);

    // readiness: 503 not_ready with the stall once readyStallMs (1 s) passed, 200 again once the block is over
    const readyBlocked = during(readySamples);
    measured.record('readiness while a 3 s block runs', latencies(readyBlocked));
    const refused = readyBlocked.filter((s) => s.status === 503);
    expect(refused.length).toBeGreaterThan(10);
    for (const sample of refused) expect(JSON.parse(sample.body)).toMatchObject({ status: 'not_ready', checks: { main_thread: { healthy: false, error: expect.stringMatching(/^event loop stalled for \d+ ms$/) } } });
    expect(readyBlocked.filter((s) => s.sentAt - blocking.at < 800).every((s) => s.status === 200)).toBe(true);
    const after = readySamples.filter((s) => s.sentAt > unblocked.at + 200);
    expect(after.length).toBeGreaterThan(5);
    expect(after.every((s) => s.status === 200)).toBe(true);
    // the worker formats what it answers alone as the main thread would
    expect(during(verboseSamples).some((s) => s.status === 503 && /^\[-\]main_thread failed: event loop stalled for \d+ ms$/m.test(s.body))).toBe(true);
  }, 60_000);

  it('fails liveness after stallMs of an endless loop, and deep after the largest check timeout + answerWithinMs', async () => {
    const stallMs = 2000;
    const { child, url } = await startThreaded({ STALL_MS: String(stallMs), READY_STALL_MS: '300', HEALTH_TOKEN: TOKEN });
    child.send('spin');
    const spinning = await child.event('spinning');
    const deep = exchange(`${url}/health/deep`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const unauthorised = await exchange(`${url}/health/deep`);
    const live = await probeEvery(`${url}/health/live`, 50, () => Date.now() > spinning.at + stallMs + 1500);

    const firstFailure = live.find((s) => s.status === 503);
    expect(firstFailure).toBeDefined();
    const failedAfterMs = firstFailure!.sentAt + firstFailure!.ms - spinning.at;
    measured.record('liveness in an endless loop', { stall_ms: stallMs, first_503_after_ms: Math.round(failedAfterMs), ...latencies(live) });
    // the stall counts from the last heartbeat, which came up to one tick (50 ms) before the loop started spinning
    expect(failedAfterMs).toBeGreaterThanOrEqual(stallMs - 50);
    expect(failedAfterMs).toBeLessThan(stallMs + 400);
    expect(live.filter((s) => s.sentAt + s.ms < spinning.at + stallMs - 50).every((s) => s.status === 200)).toBe(true);
    expect(live.filter((s) => s.sentAt > firstFailure!.sentAt).every((s) => s.status === 503)).toBe(true);
    expect(JSON.parse(firstFailure!.body)).toMatchObject({ status: 'not_alive', checks: { main_thread: { healthy: false, error: expect.stringMatching(/^event loop stalled for \d+ ms$/) } } });
    expect(Math.max(...live.map((s) => s.ms))).toBeLessThan(400);

    // deep waits for the largest check timeout (500 ms) + answerWithinMs (200 ms), then says why; the token still applies
    const deepAnswer = await deep;
    measured.record('deep in an endless loop', { answered_after_ms: Math.round(deepAnswer.durationMs) });
    expect(deepAnswer.status).toBe(503);
    expect(deepAnswer.json()).toMatchObject({ status: 'not_ready', checks: { main_thread: { error: expect.stringMatching(/^event loop stalled for \d+ ms$/) } } });
    expect(deepAnswer.durationMs).toBeGreaterThanOrEqual(690);
    expect(deepAnswer.durationMs).toBeLessThan(1500);
    expect(unauthorised.status).toBe(401);
  }, 60_000);

  it('never keeps the process alive, and ends the worker cleanly when the app closes', async () => {
    for (const env of [{ IDLE: '1' }, { CLOSE: '1' }] as Record<string, string>[]) {
      const port = await freePort();
      const child = new FixtureProcess('probe-server-app.ts', { KIND: 'context', THREAD: '1', HEALTH_FROM: 'dist', HEALTH_PORT: String(port), ...env });
      children.push(child);
      const exit = await child.exit(15_000);
      expect({ env, exit: { code: exit.code, signal: exit.signal } }).toEqual({ env, exit: { code: 0, signal: null } });
      expect(child.events.map((event) => event.event)).toEqual(env.CLOSE ? ['listening', 'pool-closed', 'shutdown-done', 'closed', 'exit'] : ['listening', 'exit']);
    }
  }, 60_000);

  it('costs less than 20 MB of RSS and 100 ms of boot for its worker (measured against the same app without thread mode)', async () => {
    type Figures = { bootMs: number; bootCpuMs: number; rssMb: number };
    const figures = new Map<string, Figures[]>();
    // a worker connects to its broker at init (CONNECT_MS): the worker thread boots alongside, as in a real app
    for (let round = 0; round < 3; round++) {
      for (const connectMs of [0, 150]) {
        for (const mode of ['thread', 'plain'] as const) {
          const port = await freePort();
          const env = { KIND: 'context', HEALTH_FROM: 'dist', COMMANDS: '1', HEALTH_PORT: String(port), CONNECT_MS: String(connectMs) };
          const child = new FixtureProcess('probe-server-app.ts', mode === 'thread' ? { ...env, THREAD: '1' } : env);
          children.push(child);
          const listening = await child.event('listening');
          // a few probes first, so both have served requests
          for (let i = 0; i < 20; i++) await exchange(`http://127.0.0.1:${port}/health/ready`);
          await sleep(300);
          child.send('memory');
          const memory = await child.event('memory');
          const key = `${mode} ${connectMs}`;
          figures.set(key, [...(figures.get(key) ?? []), { bootMs: listening.bootMs as number, bootCpuMs: listening.bootCpuMs as number, rssMb: (memory.rssBytes as number) / 1024 / 1024 }]);
          await child.kill();
        }
      }
    }
    const median = (key: string, figure: keyof Figures) => percentile(figures.get(key)!.map((each) => each[figure]), 50);
    const added = (connectMs: number, figure: keyof Figures) => median(`thread ${connectMs}`, figure) - median(`plain ${connectMs}`, figure);
    measured.record('worker thread cost (medians of 3 boots each, application context)', {
      added_rss_mb: round(added(0, 'rssMb')),
      added_boot_ms_app_connecting_150ms: round(added(150, 'bootMs')),
      added_boot_ms_app_doing_nothing: round(added(0, 'bootMs')),
      added_boot_cpu_ms: round(added(0, 'bootCpuMs')),
      load_average: loadavg()[0].toFixed(1),
    });
    expect(added(0, 'rssMb')).toBeLessThan(20);
    expect(added(150, 'bootMs')).toBeLessThan(100);
  }, 240_000);
});
