import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProbeSimulator, type ProbeEvent } from 'nestjs-health/testing';
import { startChildApp, stopAll, type ChildApp } from '../support/child-app.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../support/throwaway-redis.js';
import { startLoad } from './support/load.js';
import { Measurements } from './support/measurements.js';
import { startReadyProxy, type ReadyProxy } from './support/ready-proxy.js';

const MANIFEST = readFileSync(new URL('../../sample-app/k8s/deployment.yaml', import.meta.url), 'utf8');
// every probe timing of the manifest, and the app's own check timings, run at a tenth of their real length
const TIME_SCALE = 0.1;
const REPLICAS = 3;

let postgres: ThrowawayPostgres;
let redis: ThrowawayRedis;
const apps: ChildApp[] = [];
const simulators: ProbeSimulator[] = [];
const proxies: ReadyProxy[] = [];
const measured = new Measurements(`fleet of ${REPLICAS} behind a readiness-aware round robin, manifest probes at ${TIME_SCALE}x`);

interface Replica {
  readonly name: string;
  readonly app: ChildApp;
  readonly simulator: ProbeSimulator;
}

/** The manifest's own env value, so the app's timings scale with its probes. */
function manifestEnv(name: string): number {
  const match = new RegExp(`name: ${name}\\s+value: "(\\d+)"`).exec(MANIFEST);
  if (!match) throw new Error(`sample-app/k8s/deployment.yaml sets no ${name}`);
  return Number(match[1]);
}

async function startFleet(extraEnv: Record<string, string>): Promise<Replica[]> {
  const env = {
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    DRAIN_MS: '0',
    CHECK_TIMEOUT_MS: String(manifestEnv('CHECK_TIMEOUT_MS') * TIME_SCALE),
    // the sample's default database ttl (5 s), scaled like everything else
    DB_CHECK_TTL_MS: String(5000 * TIME_SCALE),
    ...extraEnv,
  };
  const started = await Promise.all(Array.from({ length: REPLICAS }, () => startChildApp({ env }).then((app) => (apps.push(app), app))));
  return Promise.all(
    started.map(async (app, index) => {
      const simulator = await ProbeSimulator.fromManifest(MANIFEST, { baseUrl: app.url, timeScale: TIME_SCALE });
      simulators.push(simulator.start());
      return { name: `replica-${index}`, app, simulator };
    }),
  );
}

interface OutageReport {
  readonly outageMs: number;
  readonly unreadyAfterMs: number[];
  readonly readyAgainAfterMs: number[];
  readonly restarts: ProbeEvent[][];
  readonly loadStatuses: Record<string, number>;
  readonly servedAfterRecovery: Map<string, number>;
}

/** Runs the fleet through a database outage long enough for liveness to act twice over, under light load. */
async function throughOutage(replicas: Replica[]): Promise<OutageReport> {
  await Promise.all(replicas.map(({ simulator }) => simulator.waitFor('ready', { after: 0, timeoutMs: 30_000 })));
  const proxy = await startReadyProxy(replicas.map(({ name, app, simulator }) => ({ name, url: app.url, isReady: () => simulator.ready })));
  proxies.push(proxy);
  const load = startLoad(`${proxy.url}/notes`, 2, 20);
  await sleep(1000);

  const liveness = replicas[0].simulator.probes.find((probe) => probe.kind === 'liveness');
  if (!liveness) throw new Error('the manifest has no livenessProbe');
  // twice the time liveness needs to act, so a fleet that restarts on a database outage cannot escape it
  const outageMs = 2 * liveness.failureThreshold * liveness.periodMs + 500;
  const marks = replicas.map(({ simulator }) => simulator.events.length);
  const outageStart = Date.now();
  await postgres.kill();
  await sleep(outageMs);
  await postgres.start();
  const restored = Date.now();
  const recoveryMarks = replicas.map(({ simulator }) => simulator.events.length);
  const readyAgain = await Promise.all(replicas.map(({ simulator }, index) => simulator.waitFor('ready', { after: recoveryMarks[index], timeoutMs: 15_000 }).catch(() => undefined)));
  const servedBefore = new Map(proxy.served);
  await sleep(1000);
  await load.stop();

  const eventsDuring = replicas.map(({ simulator }, index) => simulator.events.slice(marks[index]));
  const loadStatuses: Record<string, number> = {};
  for (const { status, source } of load.results) {
    const key = `${status} from ${source.startsWith('replica') ? 'app' : source}`;
    loadStatuses[key] = (loadStatuses[key] ?? 0) + 1;
  }
  return {
    outageMs,
    unreadyAfterMs: eventsDuring.map((events) => (events.find((event) => event.type === 'unready')?.at ?? Number.NaN) - outageStart),
    readyAgainAfterMs: readyAgain.map((event) => (event ? event.at - restored : Number.NaN)),
    restarts: replicas.map(({ simulator }) => simulator.events.filter((event) => event.type === 'restart')),
    loadStatuses,
    servedAfterRecovery: new Map(replicas.map(({ name }) => [name, (proxy.served.get(name) ?? 0) - (servedBefore.get(name) ?? 0)])),
  };
}

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startThrowawayPostgres(), startThrowawayRedis()]);
}, 60_000);

afterEach(async () => {
  await Promise.allSettled(simulators.splice(0).map((simulator) => simulator.stop()));
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  await stopAll(apps);
  await postgres.start();
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([postgres?.destroy(), redis?.destroy()]);
  measured.print();
}, 30_000);

it('survives a shared database outage with zero restarts: every replica leaves the rotation and comes back', async () => {
  const replicas = await startFleet({});
  const report = await throughOutage(replicas);

  expect(report.restarts.flat()).toEqual([]);
  for (const [index, { simulator }] of replicas.entries()) {
    const events = simulator.events.map((event) => event.type);
    expect(events).toContain('unready');
    expect(report.readyAgainAfterMs[index]).not.toBeNaN();
    expect(simulator.ready).toBe(true);
  }
  // while every replica was out, the load balancer had no one to send to: clients saw its 503, not errors
  expect(report.loadStatuses['503 from proxy']).toBeGreaterThan(0);
  expect(report.loadStatuses['0 from error']).toBeUndefined();
  // back in the rotation: each replica served traffic again after the recovery
  for (const [name, count] of report.servedAfterRecovery) expect({ name, served: count > 0 }).toEqual({ name, served: true });
  measured.record('database check in readiness (the design)', {
    outage_ms: report.outageMs,
    restarts: 0,
    unready_after_ms: report.unreadyAfterMs.map(Math.round).join('/'),
    ready_again_after_restore_ms: report.readyAgainAfterMs.map(Math.round).join('/'),
    load: JSON.stringify(report.loadStatuses),
  });
}, 90_000);

it('counterfactual: the same fleet with the database check in liveness too restarts every replica', async () => {
  const replicas = await startFleet({ DB_CHECK_PROBES: 'live,ready' });
  const report = await throughOutage(replicas);

  for (const restarts of report.restarts) {
    expect(restarts.length).toBeGreaterThanOrEqual(1);
    expect(restarts.every((event) => event.probe === 'liveness')).toBe(true);
  }
  measured.record('database check in liveness (counterfactual)', {
    outage_ms: report.outageMs,
    restarts: report.restarts.map((events) => events.length).join('/'),
    unready_after_ms: report.unreadyAfterMs.map(Math.round).join('/'),
    load: JSON.stringify(report.loadStatuses),
  });
}, 90_000);
