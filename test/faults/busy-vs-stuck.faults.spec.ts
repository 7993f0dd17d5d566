import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ProbeSimulator, type ProbeRecord, type ResolvedProbe } from 'nestjs-health/testing';
import { FixtureProcess } from '../support/fixture-process.js';
import { freePort } from '../support/throwaway-port.js';
import { startLoad } from './support/load.js';
import { Measurements } from './support/measurements.js';
import { percentile } from './support/polling.js';

const MANIFEST = readFileSync(new URL('../../sample-app/k8s/worker-deployment.yaml', import.meta.url), 'utf8');
const BUILT = fileURLToPath(new URL('../../dist/esm/index.js', import.meta.url));
// as in the fleet test: every probe timing of the manifest, and the app's own timings, at a tenth of their length
const TIME_SCALE = 0.1;
const scaled = (ms: number) => ms * TIME_SCALE;
// the probe server's defaults (stallMs 10 s, readyStallMs 1 s) and a 3 s CPU-bound request, scaled alike
const STALL_MS = scaled(10_000);
const READY_STALL_MS = scaled(1_000);
const BLOCK_MS = scaled(3_000);
// two clients sending CPU-bound requests back to back keep the event loop busy, as a saturated replica's is
const LOAD_CLIENTS = 2;

type Variant = 'thread' | 'mounted' | 'main-thread';
const VARIANT_ENV: Record<Variant, Record<string, string>> = {
  thread: { THREAD: '1', STALL_MS: String(STALL_MS), READY_STALL_MS: String(READY_STALL_MS) },
  mounted: { MOUNTED: '1' },
  'main-thread': {},
};

const measured = new Measurements(`busy vs stuck: sample-app/k8s/worker-deployment.yaml's probes at ${TIME_SCALE}x, ${BLOCK_MS} ms blocks`);
const fixtures: FixtureProcess[] = [];
const simulators: ProbeSimulator[] = [];

beforeAll(() => {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} does not exist: run npm run build first (npm run test:faults does)`);
});

afterEach(async () => {
  await Promise.allSettled(simulators.splice(0).map((simulator) => simulator.stop()));
  await Promise.all(fixtures.splice(0).map((fixture) => fixture.kill()));
});

afterAll(() => measured.print());

interface RunningFixture {
  readonly fixture: FixtureProcess;
  readonly appUrl: string;
  readonly simulator: ProbeSimulator;
  readonly liveness: ResolvedProbe;
}

/** The probe-server fixture on Fastify, probed by the kubelet's rules from the manifest until it is ready. */
async function startProbed(variant: Variant): Promise<RunningFixture> {
  const healthPort = await freePort();
  const fixture = new FixtureProcess('probe-server-app.ts', { KIND: 'fastify', HEALTH_FROM: 'dist', COMMANDS: '1', HEALTH_PORT: String(healthPort), ...VARIANT_ENV[variant] });
  fixtures.push(fixture);
  const appUrl = `http://127.0.0.1:${(await fixture.event('listening')).port as number}`;
  const simulator = await ProbeSimulator.fromManifest(MANIFEST, { baseUrl: variant === 'mounted' ? appUrl : `http://127.0.0.1:${healthPort}`, timeScale: TIME_SCALE });
  simulators.push(simulator.start());
  await simulator.waitFor('ready', { after: 0, timeoutMs: 20_000 });
  const liveness = simulator.probes.find((probe) => probe.kind === 'liveness');
  if (!liveness) throw new Error('sample-app/k8s/worker-deployment.yaml has no livenessProbe');
  return { fixture, appUrl, simulator, liveness };
}

const between = (records: readonly ProbeRecord[], probe: ProbeRecord['probe'], from: number, to: number) =>
  records.filter((record) => record.probe === probe && record.at >= from && record.at <= to);
const round = (ms: number) => Math.round(ms);

interface BusyReport {
  readonly restarts: number;
  readonly liveness: ProbeRecord[];
  readonly readiness: ProbeRecord[];
  readonly unreadyDuringLoad: number;
  /** readiness probes in the two periods after the load (every block had ended by then) */
  readonly readinessAfter: ProbeRecord[];
  readonly readyAtEnd: boolean;
  readonly requestsServed: number;
}

/** Keeps the app's event loop busy with 3 s (scaled) CPU-bound requests for two liveness windows, then two readiness periods of rest. */
async function throughCpuLoad({ appUrl, simulator, liveness }: RunningFixture): Promise<BusyReport> {
  const mark = simulator.events.length;
  const loadStart = Date.now();
  const load = startLoad(`${appUrl}/cpu?ms=${BLOCK_MS}`, LOAD_CLIENTS, 0);
  await sleep(2 * liveness.failureThreshold * liveness.periodMs);
  await load.stop();
  const loadEnd = Date.now();
  const during = simulator.events.slice(mark);
  const readiness = simulator.probes.find((probe) => probe.kind === 'readiness');
  await sleep(2 * (readiness?.periodMs ?? 0) + 100);
  return {
    restarts: during.filter((event) => event.type === 'restart').length,
    liveness: between(simulator.attempts, 'liveness', loadStart, loadEnd),
    readiness: between(simulator.attempts, 'readiness', loadStart, loadEnd),
    unreadyDuringLoad: during.filter((event) => event.type === 'unready').length,
    readinessAfter: between(simulator.attempts, 'readiness', loadEnd, Date.now()),
    readyAtEnd: simulator.ready,
    requestsServed: load.results.filter((result) => result.status === 200).length,
  };
}

function figures(report: BusyReport, liveness: ResolvedProbe): Record<string, number | string> {
  const durations = report.liveness.map((attempt) => attempt.durationMs);
  return {
    restarts: report.restarts,
    liveness_probes: report.liveness.length,
    liveness_failed: report.liveness.filter((attempt) => !attempt.success).length,
    liveness_p50_ms: round(percentile(durations, 50)),
    liveness_max_ms: round(Math.max(...durations)),
    liveness_timeout_ms: liveness.timeoutMs,
    readiness_503: `${report.readiness.filter((attempt) => attempt.status === 503).length}/${report.readiness.length}`,
    unready_events: report.unreadyDuringLoad,
    readiness_200_after_load: `${report.readinessAfter.filter((attempt) => attempt.success).length}/${report.readinessAfter.length}`,
    cpu_requests_served: report.requestsServed,
    load_average: loadavg()[0].toFixed(1),
  };
}

describe('busy: the event loop blocked for 3 s at a time, again and again (CPU-bound requests)', () => {
  it('thread mode: 0 restarts, liveness answered within its timeout every time, readiness 503 during the blocks and back after', async () => {
    const running = await startProbed('thread');
    const report = await throughCpuLoad(running);
    measured.record('busy, probe server in thread mode (the design)', figures(report, running.liveness));

    expect(report.requestsServed).toBeGreaterThan(10);
    expect(report.restarts).toBe(0);
    expect(report.liveness.length).toBeGreaterThanOrEqual(2 * running.liveness.failureThreshold - 1);
    expect(report.liveness.filter((attempt) => !attempt.success)).toEqual([]);
    // shedding: a saturated replica leaves the Service, and comes back once the blocks stop
    expect(report.unreadyDuringLoad).toBeGreaterThanOrEqual(1);
    expect(report.readiness.filter((attempt) => attempt.status === 503).length).toBeGreaterThanOrEqual(2);
    expect(report.readinessAfter.length).toBeGreaterThanOrEqual(1);
    expect(report.readinessAfter.every((attempt) => attempt.success)).toBe(true);
    expect(report.readyAtEnd).toBe(true);
  }, 60_000);

  for (const variant of ['mounted', 'main-thread'] as const) {
    const name = variant === 'mounted' ? 'the routes mounted on the app' : 'the probe server in the main thread';
    it(`counterfactual, ${name}: the same load gets the busy replica restarted by liveness`, async () => {
      const running = await startProbed(variant);
      const report = await throughCpuLoad(running);
      measured.record(`busy, ${name} (counterfactual)`, figures(report, running.liveness));

      expect(report.restarts).toBeGreaterThanOrEqual(1);
      const timedOut = report.liveness.filter((attempt) => !attempt.success);
      expect(timedOut.length).toBeGreaterThanOrEqual(running.liveness.failureThreshold);
      for (const attempt of timedOut) expect(attempt.reason).toMatch(/no answer within the \d+ ms timeout/);
    }, 60_000);
  }
});

describe('stuck: an endless synchronous loop', () => {
  it('fails liveness after stallMs and gets restarted within stallMs + failureThreshold × periodSeconds', async () => {
    const running = await startProbed('thread');
    const { fixture, simulator, liveness } = running;
    const mark = simulator.events.length;
    fixture.send('spin');
    const spinning = await fixture.event('spinning');
    const deadline = STALL_MS + liveness.failureThreshold * liveness.periodMs;
    const restart = await simulator.waitFor('restart', { after: mark, timeoutMs: deadline + 5000 });
    const attempts = between(simulator.attempts, 'liveness', spinning.at, restart.at);
    const firstFailure = attempts.find((attempt) => !attempt.success);
    const restartAfterMs = restart.at - spinning.at;
    measured.record('stuck, thread mode (endless loop)', {
      stall_ms: STALL_MS,
      first_failed_liveness_after_ms: round((firstFailure?.at ?? Number.NaN) - spinning.at),
      restart_after_ms: round(restartAfterMs),
      bound_ms: deadline,
      liveness_max_ms: round(Math.max(...attempts.map((attempt) => attempt.durationMs))),
    });

    expect(restart.probe).toBe('liveness');
    expect(restart.reason).toMatch(/statuscode: 503/);
    // alive until the stall: the heartbeat is at most one tick older than the loop's last turn
    expect(firstFailure!.at - spinning.at).toBeGreaterThanOrEqual(STALL_MS - 50);
    expect(attempts.filter((attempt) => attempt.at - spinning.at < STALL_MS - 50).every((attempt) => attempt.success)).toBe(true);
    // every answer, 200 or 503, came from the worker thread in time: the restart is the kubelet's verdict, not a timeout
    expect(attempts.every((attempt) => attempt.status !== undefined)).toBe(true);
    // the third failure comes at most failureThreshold periods after stallMs; its answer takes milliseconds
    expect(restartAfterMs).toBeGreaterThanOrEqual(STALL_MS + (liveness.failureThreshold - 1) * liveness.periodMs - 50);
    expect(restartAfterMs).toBeLessThanOrEqual(deadline + liveness.timeoutMs + 150);
  }, 60_000);
});
