import { expectLatency, ISO_TIMESTAMP, request, startExternalApi, startSample, until, type RunningSample } from './support/sample-app.js';

const TOKEN = 'sample-test-token';
const VERSION = '9.9.9-test';
const BOOT_MS = 60_000;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('sample app on its embedded defaults (PGlite, in-process cache)', () => {
  let sample: RunningSample;
  let external: Awaited<ReturnType<typeof startExternalApi>>;

  beforeAll(async () => {
    external = await startExternalApi();
    // PGlite's cold start takes seconds: one app for the whole file
    sample = await startSample({ HEALTH_TOKEN: TOKEN, APP_VERSION: VERSION, EXTERNAL_API_URL: external.url });
  }, BOOT_MS);

  afterAll(async () => {
    await sample?.close();
    await external?.close();
  });

  it('answers live with alive, the version and the uptime, and runs no checks', async () => {
    const answer = await sample.get('/health/live');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(answer.body).sort()).toEqual(['status', 'uptime_seconds', 'version']);
    expect(answer.body.status).toBe('alive');
    expect(answer.body.version).toBe(VERSION);
    expect(Number.isInteger(answer.body.uptime_seconds)).toBe(true);
    expect(answer.body.uptime_seconds).toBeGreaterThanOrEqual(0);
  });

  it('answers startup with started once bootstrap has completed', async () => {
    const answer = await sample.get('/health/startup');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(answer.body).sort()).toEqual(['status', 'uptime_seconds', 'version']);
    expect(answer.body.status).toBe('started');
    expect(answer.body.version).toBe(VERSION);
  });

  it('answers ready with the seed checks: database and disk healthy, the in-process cache honestly degraded', async () => {
    const answer = await sample.get('/health/ready');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(answer.body).sort()).toEqual(['checks', 'status', 'uptime_seconds', 'version']);
    expect(answer.body.status).toBe('ready');
    expect(answer.body.version).toBe(VERSION);
    // external_api is deep-only: a non-critical check cannot change readiness
    expect(Object.keys(answer.body.checks).sort()).toEqual(['cache', 'database', 'disk_space']);

    const { database, cache, disk_space: disk } = answer.body.checks;
    expect(Object.keys(database).sort()).toEqual(['healthy', 'latency_ms', 'pool_available', 'pool_size']);
    expect(database.healthy).toBe(true);
    expectLatency(database.latency_ms);
    expect(database.pool_size).toBe(1);
    expect(database.pool_available).toBe(1);

    expect(Object.keys(cache).sort()).toEqual(['degraded', 'healthy', 'hit_rate', 'latency_ms', 'message']);
    expect(cache.healthy).toBe(true);
    expect(cache.degraded).toBe(true);
    expect(cache.message).toBe('REDIS_URL is not set: using an in-process cache (not shared between replicas)');
    expectLatency(cache.latency_ms);
    expect(cache.hit_rate === null || typeof cache.hit_rate === 'number').toBe(true);

    expect(Object.keys(disk).sort()).toEqual(['free_gb', 'healthy', 'latency_ms', 'threshold_gb', 'total_gb', 'used_percent']);
    expect(disk.healthy).toBe(true);
    expectLatency(disk.latency_ms);
    expect(disk.free_gb).toBeGreaterThan(1);
    expect(disk.total_gb).toBeGreaterThanOrEqual(disk.free_gb);
    expect(disk.used_percent).toBeGreaterThanOrEqual(0);
    expect(disk.used_percent).toBeLessThanOrEqual(100);
    expect(disk.threshold_gb).toBe(1);
  });

  it('answers deep with the token: every check fresh with its deep details, plus system', async () => {
    const answer = await sample.get('/health/deep', bearer(TOKEN));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(answer.body).sort()).toEqual(['checks', 'status', 'system', 'uptime_seconds', 'version']);
    expect(answer.body.status).toBe('ready');
    expect(Object.keys(answer.body.checks).sort()).toEqual(['cache', 'database', 'disk_space', 'external_api']);
    for (const entry of Object.values<any>(answer.body.checks)) {
      expect(entry.checked_at).toMatch(ISO_TIMESTAMP);
      expect(entry.cached).toBe(false);
      expectLatency(entry.latency_ms);
    }

    const { database, cache, disk_space: disk, external_api: externalApi } = answer.body.checks;
    expect(database).toEqual({
      healthy: true,
      latency_ms: database.latency_ms,
      checked_at: database.checked_at,
      cached: false,
      pool_size: 1,
      pool_available: 1,
      pool_waiting: 0,
      engine: 'pglite',
      connection_count: 1,
      replication_lag_ms: null,
    });
    expect(cache).toEqual({
      healthy: true,
      degraded: true,
      message: 'REDIS_URL is not set: using an in-process cache (not shared between replicas)',
      latency_ms: cache.latency_ms,
      checked_at: cache.checked_at,
      cached: false,
      hit_rate: cache.hit_rate,
      backend: 'memory',
      memory_usage_mb: cache.memory_usage_mb,
      key_count: cache.key_count,
    });
    expect(cache.memory_usage_mb).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(cache.key_count)).toBe(true);
    expect(Object.keys(disk).sort()).toEqual([
      'cached', 'checked_at', 'free_gb', 'healthy', 'latency_ms', 'threshold_gb', 'total_gb', 'used_percent',
    ]);
    expect(externalApi).toEqual({
      healthy: true,
      latency_ms: externalApi.latency_ms,
      checked_at: externalApi.checked_at,
      cached: false,
      status_code: 200,
      response_ms: expect.any(Number),
    });

    expect(answer.body.system).toEqual(
      expect.objectContaining({
        cpu_percent: expect.any(Number),
        memory_percent: expect.any(Number),
        disk_percent: expect.any(Number),
        heap_used_mb: expect.any(Number),
        rss_mb: expect.any(Number),
        event_loop_delay_ms: expect.any(Number),
        pid: process.pid,
        node: process.version,
      }),
    );
  });

  it('shows a failing external API as degraded in deep without failing it', async () => {
    external.setStatus(503);
    try {
      const answer = await sample.get('/health/deep', bearer(TOKEN));
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe('ready');
      const { external_api: externalApi } = answer.body.checks;
      expect(externalApi).toEqual(expect.objectContaining({ healthy: true, degraded: true }));
      // deep shows the full reason, naming the status and the URL without its query string
      expect(externalApi.message).toContain('503');
      expect(externalApi.message).toContain(external.url);
    } finally {
      external.setStatus(200);
    }
  });

  it('refuses deep with a wrong or missing token: 401 with WWW-Authenticate, nothing leaked', async () => {
    for (const headers of [bearer('wrong-token'), {}]) {
      const answer = await sample.get('/health/deep', headers);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.text).not.toContain('database');
      expect(answer.text).not.toContain(TOKEN);
    }
  });

  it('creates and lists notes through the database, serving repeated reads from the cache', async () => {
    const before = (await sample.get('/health/deep', bearer(TOKEN))).body.checks.cache;
    const created = await sample.post('/notes', { title: 'Check what matters', body: 'only dependencies that stop the service' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      title: 'Check what matters',
      body: 'only dependencies that stop the service',
      created_at: expect.stringMatching(ISO_TIMESTAMP),
    });

    const first = await sample.get('/notes');
    const second = await sample.get('/notes');
    expect(first.status).toBe(200);
    expect(first.body[0]).toEqual(created.body);
    expect(second.body).toEqual(first.body);
    expect((await sample.get(`/notes/${created.body.id}`)).body).toEqual(created.body);

    const after = (await sample.get('/health/deep', bearer(TOKEN))).body.checks.cache;
    // list (miss), list (hit), one note (miss): the rate moved and the cache now holds two keys
    expect(after.hit_rate).toBeGreaterThan(0);
    expect(after.hit_rate).not.toBe(before.hit_rate);
    expect(after.key_count).toBeGreaterThanOrEqual(2);
  });

  it('shows a new note at once: creating invalidates the cached list', async () => {
    await sample.get('/notes');
    const created = await sample.post('/notes', { title: 'Fresh after create' });
    const list = await sample.get('/notes');
    expect(list.body[0]).toEqual(created.body);
  });

  it('rejects invalid notes with 400 and unknown ids with 404, in sentences naming the field', async () => {
    const untitled = await sample.post('/notes', { body: 'no title' });
    expect(untitled.status).toBe(400);
    // ValidationPipe's answer: one sentence per invalid field
    expect(untitled.body.message).toEqual(['Note title must be a string of 1 to 200 characters']);
    const badBody = await sample.post('/notes', { title: 'x', body: 42 });
    expect(badBody.status).toBe(400);
    expect(badBody.body.message).toEqual(['Note body must be a string of at most 10000 characters']);
    const missing = await sample.get('/notes/2147483647');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Note 2147483647 does not exist');
    expect((await sample.get('/notes/99999999999')).status).toBe(404);
  });

  it('validates the note body as its DTO says: trimmed title, optional body, unknown fields dropped', async () => {
    const created = await sample.post('/notes', { title: '  Padded title  ', id: 999_999, created_at: 'yesterday', owner: 'x' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(Number), title: 'Padded title', body: '', created_at: expect.stringMatching(ISO_TIMESTAMP) });
    expect(created.body.id).not.toBe(999_999);

    const both = await sample.post('/notes', { title: '   ', body: 'x'.repeat(10_001) });
    expect(both.status).toBe(400);
    expect(both.body.message).toEqual([
      'Note title must be a string of 1 to 200 characters',
      'Note body must be a string of at most 10000 characters',
    ]);
    // a body that is not an object is a note without a title
    for (const raw of ['[]', '"a title"', 'null', '42']) {
      const answer = await request(`${sample.url}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
      expect({ raw, status: answer.status, title: answer.body?.message?.[0] }).toEqual({ raw, status: 400, title: 'Note title must be a string of 1 to 200 characters' });
    }
    expect((await request(`${sample.url}/notes`, { method: 'POST' })).status).toBe(400);
  });

  it('analyses a note in process without REDIS_URL: 202 at once, the figures readable a moment later', async () => {
    const note = (await sample.post('/notes', { title: 'Busy is not stuck', body: 'A busy worker is busy; a stuck worker takes no job.' })).body;
    expect((await sample.get(`/notes/${note.id}/analysis`)).body.message).toBe(
      `Note ${note.id} has not been analysed yet: POST /notes/${note.id}/analysis queues it`,
    );
    const queued = await sample.post(`/notes/${note.id}/analysis`, {});
    expect(queued.status).toBe(202);
    expect(queued.body).toEqual({ note_id: note.id, job_id: expect.stringMatching(/^in-process-\d+$/), runs_in: 'in-process' });

    const analysis = await until(() => sample.get(`/notes/${note.id}/analysis`), (answer) => answer.status === 200, 2000);
    expect(analysis.status).toBe(200);
    expect(analysis.body).toEqual({
      note_id: note.id,
      word_count: 15,
      reading_seconds: 5,
      top_words: ['busy', 'stuck', 'worker'],
      analysed_at: expect.stringMatching(ISO_TIMESTAMP),
    });
  });

  it('answers 404 for the analysis of a note that does not exist, and queues nothing for it', async () => {
    for (const answer of [await sample.post('/notes/2147483647/analysis', {}), await sample.get('/notes/2147483647/analysis')]) {
      expect(answer.status).toBe(404);
      expect(answer.body.message).toBe('Note 2147483647 does not exist');
    }
  });
});
