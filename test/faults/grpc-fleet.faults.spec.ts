import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProbeSimulator, type ProbeEvent } from 'nestjs-health/testing';
import { freePort } from '../support/throwaway-port.js';
import { spawnThrowaway, type ThrowawayProcess } from '../support/throwaway-process.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../support/throwaway-redis.js';
import { Measurements } from './support/measurements.js';

const MANIFEST = readFileSync(new URL('../../sample-app/k8s/grpc-deployment.yaml', import.meta.url), 'utf8');
const GRPC_MAIN = fileURLToPath(new URL('../../sample-app/dist/grpc/main.js', import.meta.url));
// every probe timing of the manifest, and the app's own check timings, run at a tenth of their real length
const TIME_SCALE = 0.1;
const REPLICAS = 3;

let postgres: ThrowawayPostgres;
let redis: ThrowawayRedis;
const processes: ThrowawayProcess[] = [];
const simulators: ProbeSimulator[] = [];
const measured = new Measurements(`gRPC fleet of ${REPLICAS}, the manifest's grpc probes at ${TIME_SCALE}x`);

/** The manifest's own env value, so the app's timings scale with its probes. */
function manifestEnv(name: string): number {
  const match = new RegExp(`name: ${name}\\s+value: "(\\d+)"`).exec(MANIFEST);
  if (!match) throw new Error(`sample-app/k8s/grpc-deployment.yaml sets no ${name}`);
  return Number(match[1]);
}

/** One replica of the sample's gRPC flavour, a real child process, probed by the kubelet rules of the manifest. */
async function startReplica(extraEnv: Record<string, string>, manifest = MANIFEST): Promise<ProbeSimulator> {
  const port = await freePort();
  const { NODE_OPTIONS: _jest, KUBERNETES_SERVICE_HOST: _k8s, ...inherited } = process.env;
  const child = spawnThrowaway(process.execPath, [GRPC_MAIN], {
    env: {
      ...inherited,
      HOST: '127.0.0.1',
      GRPC_PORT: String(port),
      NO_COLOR: '1',
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      DRAIN_MS: '0',
      CHECK_TIMEOUT_MS: String(manifestEnv('CHECK_TIMEOUT_MS') * TIME_SCALE),
      DB_CHECK_TTL_MS: String(5000 * TIME_SCALE),
      ...extraEnv,
    },
  });
  processes.push(child);
  await child.waitForLine(/listening on grpc:\/\//, 30_000);
  const simulator = await ProbeSimulator.fromManifest(manifest, { grpcAddress: `127.0.0.1:${port}`, timeScale: TIME_SCALE });
  simulators.push(simulator.start());
  return simulator;
}

interface OutageReport {
  readonly outageMs: number;
  readonly unreadyAfterMs: number[];
  readonly readyAgainAfterMs: number[];
  readonly restarts: ProbeEvent[][];
}

/** Runs the fleet through a database outage long enough for liveness to act twice over. */
async function throughOutage(fleet: ProbeSimulator[]): Promise<OutageReport> {
  await Promise.all(fleet.map((simulator) => simulator.waitFor('ready', { after: 0, timeoutMs: 30_000 })));
  const liveness = fleet[0].probes.find((probe) => probe.kind === 'liveness');
  if (!liveness) throw new Error('the manifest has no livenessProbe');
  const outageMs = 2 * liveness.failureThreshold * liveness.periodMs + 500;
  const marks = fleet.map((simulator) => simulator.events.length);
  const outageStart = Date.now();
  await postgres.kill();
  await sleep(outageMs);
  await postgres.start();
  const restored = Date.now();
  const recoveryMarks = fleet.map((simulator) => simulator.events.length);
  const readyAgain = await Promise.all(
    fleet.map((simulator, i) => simulator.waitFor('ready', { after: recoveryMarks[i], timeoutMs: 15_000 }).catch(() => undefined)),
  );
  return {
    outageMs,
    unreadyAfterMs: fleet.map((simulator, i) => (simulator.events.slice(marks[i]).find((event) => event.type === 'unready')?.at ?? Number.NaN) - outageStart),
    readyAgainAfterMs: readyAgain.map((event) => (event ? event.at - restored : Number.NaN)),
    restarts: fleet.map((simulator) => simulator.events.filter((event) => event.type === 'restart')),
  };
}

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startThrowawayPostgres(), startThrowawayRedis()]);
}, 60_000);

afterEach(async () => {
  await Promise.allSettled(simulators.splice(0).map((simulator) => simulator.stop()));
  await Promise.all(processes.splice(0).map((child) => child.kill()));
  await postgres.start();
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([postgres?.destroy(), redis?.destroy()]);
  measured.print();
}, 30_000);

it('survives a shared database outage with zero restarts over grpc probes: every replica leaves and comes back', async () => {
  const fleet = await Promise.all(Array.from({ length: REPLICAS }, () => startReplica({})));
  const report = await throughOutage(fleet);

  expect(report.restarts.flat()).toEqual([]);
  for (const [index, simulator] of fleet.entries()) {
    expect(simulator.events.map((event) => event.type)).toContain('unready');
    expect(report.readyAgainAfterMs[index]).not.toBeNaN();
    expect(simulator.ready).toBe(true);
  }
  measured.record('database check in readiness, liveness probe with service: liveness (the manifest)', {
    outage_ms: report.outageMs,
    restarts: 0,
    unready_after_ms: report.unreadyAfterMs.map(Math.round).join('/'),
    ready_again_after_restore_ms: report.readyAgainAfterMs.map(Math.round).join('/'),
  });
}, 120_000);

it('counterfactual: the same fleet with the database check in liveness too restarts every replica', async () => {
  const fleet = await Promise.all(Array.from({ length: REPLICAS }, () => startReplica({ DB_CHECK_PROBES: 'live,ready' })));
  const report = await throughOutage(fleet);

  for (const restarts of report.restarts) {
    expect(restarts.length).toBeGreaterThanOrEqual(1);
    expect(restarts.every((event) => event.probe === 'liveness')).toBe(true);
  }
  measured.record('database check in liveness (counterfactual)', {
    outage_ms: report.outageMs,
    restarts: report.restarts.map((events) => events.length).join('/'),
    unready_after_ms: report.unreadyAfterMs.map(Math.round).join('/'),
  });
}, 120_000);

it('counterfactual: a liveness grpc probe without service asks for readiness, and restarts every replica', async () => {
  const withoutService = MANIFEST.replace(/\n\s+# without it[^\n]*\n\s+service: liveness/, '');
  expect(withoutService).not.toContain('service: liveness');
  const fleet = await Promise.all(Array.from({ length: REPLICAS }, () => startReplica({}, withoutService)));
  expect(fleet[0].warnings).toEqual([expect.stringContaining('livenessProbe is a grpc probe without service')]);
  const report = await throughOutage(fleet);

  for (const restarts of report.restarts) expect(restarts.length).toBeGreaterThanOrEqual(1);
  measured.record('liveness probe without service (counterfactual, the simulator warns)', {
    outage_ms: report.outageMs,
    restarts: report.restarts.map((events) => events.length).join('/'),
  });
}, 120_000);
