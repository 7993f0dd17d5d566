import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { ProbeSimulator, type ResolvedProbe } from 'nestjs-health/testing';
import { ANALYSIS_JOB, ANALYSIS_QUEUE, analysisJobId, type AnalysisJobData } from '../../sample-app/src/analysis/analysis-jobs.js';
import { readSampleDeployment } from '../../sample-app/test/support/manifest.js';
import { startSampleWorker, type SampleWorker } from '../../sample-app/test/support/sample-worker.js';
import { freePort } from '../support/throwaway-port.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../support/throwaway-redis.js';
import { Measurements } from './support/measurements.js';
import { startNamedFlowProxy, type NamedFlowProxy } from './support/named-flow-proxy.js';

// as in the fleet test: the manifest's probe timings and the worker's own timings at a tenth of their length
const TIME_SCALE = 0.1;

let manifest: string;
let workerEnv: Record<string, string>;
let stuckAfterMs: number;
let postgres: ThrowawayPostgres;
let redis: ThrowawayRedis;
let proxy: NamedFlowProxy;
let db: pg.Client;
let producer: Redis;
let queue: Queue<AnalysisJobData>;
const workers: SampleWorker[] = [];
const simulators: ProbeSimulator[] = [];
const measured = new Measurements(`stuck worker: the sample's worker under sample-app/k8s/worker-deployment.yaml's probes at ${TIME_SCALE}x`);

beforeAll(async () => {
  const deployment = await readSampleDeployment('worker-deployment.yaml');
  manifest = deployment.text;
  [postgres, redis] = await Promise.all([startThrowawayPostgres(), startThrowawayRedis()]);
  proxy = await startNamedFlowProxy({ port: redis.port });
  stuckAfterMs = Number(deployment.literalEnv.JOB_STUCK_AFTER_MS) * TIME_SCALE;
  workerEnv = {
    ...deployment.literalEnv,
    DATABASE_URL: postgres.url,
    // the worker reaches Redis through the proxy; the test's producer does not
    REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
    JOB_STUCK_AFTER_MS: String(stuckAfterMs),
    CHECK_TIMEOUT_MS: String(Number(deployment.literalEnv.CHECK_TIMEOUT_MS) * TIME_SCALE),
  };
  db = new pg.Client(postgres.url);
  await db.connect();
  producer = new Redis(redis.url, { maxRetriesPerRequest: null });
  queue = new Queue(ANALYSIS_QUEUE, { connection: producer });
}, 60_000);

afterEach(async () => {
  await Promise.allSettled(simulators.splice(0).map((simulator) => simulator.stop()));
  await Promise.all(workers.splice(0).map((worker) => worker.kill()));
  await producer.flushall();
}, 30_000);

afterAll(async () => {
  await queue?.close();
  producer?.disconnect();
  await db?.end();
  await proxy?.close();
  await Promise.allSettled([postgres?.destroy(), redis?.destroy()]);
  measured.print();
}, 30_000);

async function startWorker(healthPort: number): Promise<SampleWorker> {
  const worker = await startSampleWorker({ from: 'dist', env: workerEnv, healthPort });
  workers.push(worker);
  return worker;
}

/** The worker probed by the manifest's probes; a restart kills it and starts a new one on the same port, as the kubelet would. */
async function startProbedWorker(): Promise<{ simulator: ProbeSimulator; liveness: ResolvedProbe; restartedAt: number[] }> {
  const healthPort = await freePort();
  let worker = await startWorker(healthPort);
  const restartedAt: number[] = [];
  const simulator = await ProbeSimulator.fromManifest(manifest, {
    baseUrl: worker.probeUrl,
    timeScale: TIME_SCALE,
    onRestart: async () => {
      await worker.kill();
      worker = await startWorker(healthPort);
      restartedAt.push(Date.now());
    },
  });
  simulators.push(simulator.start());
  await simulator.waitFor('ready', { after: 0, timeoutMs: 20_000 });
  const liveness = simulator.probes.find((probe) => probe.kind === 'liveness');
  if (!liveness) throw new Error('sample-app/k8s/worker-deployment.yaml has no livenessProbe');
  return { simulator, liveness, restartedAt };
}

async function createNotes(count: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    "INSERT INTO notes (title, body) SELECT 'note ' || n, 'queued for the worker' FROM generate_series(1, $1) AS n RETURNING id",
    [count],
  );
  return rows.map((row) => row.id);
}

const enqueue = (noteId: number) => queue.add(ANALYSIS_JOB, { noteId }, { jobId: analysisJobId(noteId) });

/** Resolves once every note has its analysis row. */
async function analysed(ids: number[], timeoutMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    // the worker creates the table with its first analysis (42P01: not yet)
    const counted = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM note_analyses WHERE note_id = ANY($1)', [ids]).catch((error: { code?: string }) => {
      if (error.code === '42P01') return { rows: [{ n: 0 }] };
      throw error;
    });
    if (counted.rows[0].n === ids.length) return;
    if (Date.now() - started > timeoutMs) throw new Error(`notes ${ids.join(', ')} not analysed within ${timeoutMs} ms`);
    await sleep(25);
  }
}

it('restarts a worker whose consumer silently stopped (connection up, nothing consumed, jobs waiting), and the new one takes the jobs', async () => {
  const { simulator, liveness, restartedAt } = await startProbedWorker();
  const ids = await createNotes(3);
  await enqueue(ids[0]);
  await analysed([ids[0]], 5000);

  // the flow of the consuming connection is lost on the way (a NAT or load balancer forgot it): the socket stays
  // open, nothing errors, and every command the worker sends on it waits for ever
  expect(proxy.forget('notes-worker:jobs')).toBe(1);
  const mark = simulator.events.length;
  const waitingSince = Date.now();
  await Promise.all([enqueue(ids[1]), enqueue(ids[2])]);
  // up to one period until a check sees the jobs (the clock starts there), up to one more for the first probe past
  // stuckAfterMs, then failureThreshold - 1 further failures
  const bound = stuckAfterMs + (liveness.failureThreshold + 1) * liveness.periodMs;
  const restart = await simulator.waitFor('restart', { after: mark, timeoutMs: bound + 10_000 });
  const livenessAttempts = simulator.attempts.filter((attempt) => attempt.probe === 'liveness' && attempt.at >= waitingSince && attempt.at <= restart.at);
  const firstFailure = livenessAttempts.find((attempt) => !attempt.success);
  await analysed([ids[1], ids[2]], 20_000);
  const jobsDoneAt = Date.now();
  const readyAgain = await simulator.waitFor('ready', { after: simulator.events.indexOf(restart) + 1, timeoutMs: 20_000 });
  measured.record('consumer silently stopped, jobs waiting', {
    stuck_after_ms: stuckAfterMs,
    first_failed_liveness_after_ms: Math.round((firstFailure?.at ?? Number.NaN) - waitingSince),
    restart_after_ms: restart.at - waitingSince,
    bound_ms: bound,
    unready_before_restart: String(simulator.events.slice(mark).some((event) => event.type === 'unready' && event.at <= restart.at)),
    new_worker_booted_after_ms: restartedAt[0] - restart.at,
    waiting_jobs_done_after_restart_ms: jobsDoneAt - restart.at,
    ready_again_after_restart_ms: readyAgain.at - restart.at,
  });

  expect(restart.probe).toBe('liveness');
  expect(restart.reason).toMatch(/statuscode: 503/);
  // never before stuckAfterMs of jobs waiting with nothing consumed, and within the bound after it
  expect(firstFailure!.at - waitingSince).toBeGreaterThanOrEqual(stuckAfterMs - 50);
  expect(restart.at - waitingSince).toBeLessThanOrEqual(bound + liveness.timeoutMs + 250);
  expect(restartedAt).toHaveLength(1);
  // the restart cured it: the new worker's connections are new flows, and the waiting jobs were consumed
  await sleep(2 * liveness.periodMs);
  expect(simulator.restarts).toBe(1);
  expect(simulator.ready).toBe(true);
}, 90_000);

it('never restarts an idle worker: with no jobs waiting, however long nothing is consumed', async () => {
  const { simulator, liveness } = await startProbedWorker();
  const mark = simulator.attempts.length;
  const idleMs = stuckAfterMs + 2 * liveness.failureThreshold * liveness.periodMs;
  await sleep(idleMs);
  const livenessAttempts = simulator.attempts.slice(mark).filter((attempt) => attempt.probe === 'liveness');
  measured.record('idle worker, no jobs', {
    idle_ms: idleMs,
    stuck_after_ms: stuckAfterMs,
    liveness_probes: livenessAttempts.length,
    liveness_failed: livenessAttempts.filter((attempt) => !attempt.success).length,
    restarts: simulator.restarts,
  });

  expect(simulator.restarts).toBe(0);
  expect(livenessAttempts.length).toBeGreaterThanOrEqual(Math.floor(idleMs / liveness.periodMs) - 1);
  expect(livenessAttempts.every((attempt) => attempt.success)).toBe(true);
  expect(simulator.ready).toBe(true);
}, 60_000);
