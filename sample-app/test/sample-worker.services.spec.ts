import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { ProbeSimulator } from 'nestjs-health/testing';
import { readSampleDeployment } from './support/manifest.js';
import { ISO_TIMESTAMP, request, startSample, until, type RunningSample } from './support/sample-app.js';
import { startSampleWorker, type SampleWorker } from './support/sample-worker.js';
import { POSTGRES_URL, REDIS_URL, requireServices } from './support/services.js';

const TOKEN = 'worker-services-token';
// a Redis database of this run's own: another run's worker on the shared machine must not take these jobs
const JOBS_REDIS_URL = `${REDIS_URL}/${1 + Math.floor(Math.random() * 15)}`;

describe('the worker on the machine’s PostgreSQL and Redis, fed by the HTTP sample', () => {
  let manifest: string;
  let worker: SampleWorker;
  let api: RunningSample;
  let db: pg.Client;
  const createdIds: number[] = [];
  const probe = (path: string, headers: Record<string, string> = {}) => request(`${worker.probeUrl}${path}`, { headers });

  beforeAll(async () => {
    await requireServices();
    const { text, literalEnv } = await readSampleDeployment('worker-deployment.yaml');
    manifest = text;
    const urls = { DATABASE_URL: POSTGRES_URL, REDIS_URL: JOBS_REDIS_URL };
    // the manifest's own environment; cluster addresses and secrets replaced by the machine's services
    [worker, api] = await Promise.all([
      startSampleWorker({ env: { ...literalEnv, ...urls, HEALTH_TOKEN: TOKEN } }),
      startSample({ ...urls, HEALTH_TOKEN: TOKEN }),
    ]);
    db = new pg.Client(POSTGRES_URL);
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled([worker?.kill(), api?.close()]);
    if (createdIds.length) {
      await db?.query('DELETE FROM note_analyses WHERE note_id = ANY($1)', [createdIds]);
      await db?.query('DELETE FROM notes WHERE id = ANY($1)', [createdIds]);
    }
    await db?.end();
  });

  it('starts and turns ready under the kubelet rules of the manifest’s probes, on the probe server’s port, without a restart', async () => {
    const simulator = (await ProbeSimulator.fromManifest(manifest, { baseUrl: worker.probeUrl, timeScale: 0.1 })).start();
    try {
      await simulator.waitFor('started', { after: 0, timeoutMs: 20_000 });
      await simulator.waitFor('ready', { after: 0, timeoutMs: 20_000 });
      await sleep(1500);
      expect(simulator.restarts).toBe(0);
      expect(simulator.ready).toBe(true);
    } finally {
      await simulator.stop();
    }
  });

  it('answers liveness with the progress check, readiness with its Redis and database checks', async () => {
    const live = await probe('/health/live');
    expect(live.status).toBe(200);
    expect(live.body.checks).toEqual({
      analysis_worker: expect.objectContaining({ healthy: true, waiting: 0, stuck_after_ms: 30_000, running: true, paused: false }),
    });
    const ready = await probe('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({
      redis: expect.objectContaining({ healthy: true, status: 'ready', connected: true }),
      database: expect.objectContaining({ healthy: true, pool_size: 10 }),
    });
  });

  it('analyses a note the HTTP app queued, writing the result to the same database', async () => {
    const note = (await api.post('/notes', { title: 'Worker on real Redis', body: 'queued by the notes API, computed by the worker' })).body;
    createdIds.push(note.id);
    const queued = await api.post(`/notes/${note.id}/analysis`, {});
    expect(queued.status).toBe(202);
    expect(queued.body).toEqual({ note_id: note.id, job_id: `note-${note.id}`, runs_in: 'worker' });

    const analysis = await until(() => api.get(`/notes/${note.id}/analysis`), (answer) => answer.status === 200, 10_000);
    expect(analysis.body).toEqual({
      note_id: note.id,
      word_count: 13,
      reading_seconds: 4,
      top_words: ['worker', 'computed', 'notes'],
      analysed_at: expect.stringMatching(ISO_TIMESTAMP),
    });
    const { rows } = await db.query('SELECT word_count FROM note_analyses WHERE note_id = $1', [note.id]);
    expect(rows).toEqual([{ word_count: 13 }]);
    // the worker saw the job move
    const live = await probe('/health/live');
    expect(live.body.checks.analysis_worker.last_activity_ms).toEqual(expect.any(Number));
  });

  it('serves deep behind the token and /metrics on the probe server: a worker has no other HTTP server', async () => {
    expect((await probe('/health/deep')).status).toBe(401);
    const deep = await probe('/health/deep', { authorization: `Bearer ${TOKEN}` });
    expect(deep.status).toBe(200);
    expect(Object.keys(deep.body.checks).sort()).toEqual(['analysis_worker', 'database', 'redis']);
    expect(deep.body.checks.redis).toEqual(expect.objectContaining({ keys: expect.any(Number), used_memory_mb: expect.any(Number) }));
    const metrics = await probe('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('health_check_status{check="analysis_worker"} 1');
  });

  it('on SIGTERM turns readiness to shutting_down, closes without a drain, and exits by the signal', async () => {
    const exit = await worker.terminate(15_000);
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(worker.output.some((line) => line.includes('readiness: ready -> shutting_down (SIGTERM)'))).toBe(true);
  });
});
