import { Redis } from 'ioredis';
import pg from 'pg';
import { POSTGRES_URL, REDIS_URL, requireServices } from './support/services.js';
import { expectLatency, ISO_TIMESTAMP, refusedPort, startSample, type RunningSample } from './support/sample-app.js';

const TOKEN = 'services-test-token';
const bearer = { authorization: `Bearer ${TOKEN}` };

describe('sample app on the machine’s PostgreSQL and Redis', () => {
  let sample: RunningSample;
  let redis: Redis;
  let db: pg.Client;
  const createdIds: number[] = [];

  beforeAll(async () => {
    await requireServices();
    redis = new Redis(REDIS_URL);
    db = new pg.Client(POSTGRES_URL);
    await db.connect();
    sample = await startSample({ DATABASE_URL: POSTGRES_URL, REDIS_URL, HEALTH_TOKEN: TOKEN, APP_VERSION: '9.9.9-services' });
    // the list is cached under one shared key: start from an empty cache so the first read is a miss
    await redis.del('notes:latest');
  });

  afterAll(async () => {
    await sample?.close();
    if (createdIds.length) {
      await db?.query('DELETE FROM notes WHERE id = ANY($1)', [createdIds]);
      await redis?.del('notes:latest', ...createdIds.map((id) => `notes:${id}`));
    }
    await db?.end();
    redis?.disconnect();
  });

  it('answers live and startup with the design’s bodies', async () => {
    for (const [path, status] of [['/health/live', 'alive'], ['/health/startup', 'started']]) {
      const answer = await sample.get(path);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.body).toEqual({ status, version: '9.9.9-services', uptime_seconds: expect.any(Number) });
    }
  });

  it('answers ready 200 with the pg pool’s figures and a healthy Redis cache', async () => {
    const answer = await sample.get('/health/ready');
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(['checks', 'status', 'uptime_seconds', 'version']);
    expect(answer.body.status).toBe('ready');
    expect(Object.keys(answer.body.checks).sort()).toEqual(['cache', 'database', 'disk_space']);
    const { database, cache, disk_space: disk } = answer.body.checks;

    expect(Object.keys(database).sort()).toEqual(['healthy', 'latency_ms', 'pool_available', 'pool_size']);
    expect(database.healthy).toBe(true);
    expectLatency(database.latency_ms);
    expect(database.pool_size).toBe(10);
    expect(Number.isInteger(database.pool_available)).toBe(true);
    expect(database.pool_available).toBeGreaterThanOrEqual(0);
    expect(database.pool_available).toBeLessThanOrEqual(10);

    // checkRedis on the cache's own client: its state and PING time, beside the app's hit rate
    expect(Object.keys(cache).sort()).toEqual(['connected', 'healthy', 'hit_rate', 'latency_ms', 'ping_ms', 'status']);
    expect(cache).toEqual(expect.objectContaining({ healthy: true, connected: true, status: 'ready', hit_rate: null }));
    expectLatency(cache.latency_ms);
    expectLatency(cache.ping_ms);

    expect(disk).toEqual({
      healthy: true,
      latency_ms: disk.latency_ms,
      free_gb: expect.any(Number),
      total_gb: expect.any(Number),
      used_percent: expect.any(Number),
      threshold_gb: 1,
    });
  });

  it('answers deep with figures read from PostgreSQL and Redis themselves', async () => {
    const answer = await sample.get('/health/deep', bearer);
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(['checks', 'status', 'system', 'uptime_seconds', 'version']);
    const { database, cache } = answer.body.checks;
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()',
    );

    expect(Object.keys(database).sort()).toEqual([
      'cached', 'checked_at', 'connection_count', 'engine', 'healthy', 'latency_ms',
      'pool_available', 'pool_size', 'pool_waiting', 'replication_lag_ms',
    ]);
    expect(database.checked_at).toMatch(ISO_TIMESTAMP);
    expect(database.cached).toBe(false);
    expect(database.engine).toBe('postgres');
    expect(database.pool_waiting).toBe(0);
    // at least the app's own connection and this test's; other sessions may come and go
    expect(database.connection_count).toBeGreaterThanOrEqual(2);
    expect(Math.abs(database.connection_count - rows[0].n)).toBeLessThanOrEqual(5);
    expect(database.replication_lag_ms).toBeNull();

    const usedMemory = Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))![1]) / (1024 * 1024);
    expect(Object.keys(cache).sort()).toEqual([
      'backend', 'cached', 'checked_at', 'connected', 'healthy', 'hit_rate', 'key_count', 'latency_ms', 'memory_usage_mb', 'ping_ms', 'status',
    ]);
    expect(cache.backend).toBe('redis');
    expect(cache.memory_usage_mb).toBeGreaterThan(0);
    expect(Math.abs(cache.memory_usage_mb - usedMemory)).toBeLessThan(5);
    expect(Number.isInteger(cache.key_count)).toBe(true);
    expect(cache.key_count).toBeGreaterThanOrEqual(0);
  });

  it('refuses deep with a wrong token', async () => {
    const answer = await sample.get('/health/deep', { authorization: 'Bearer not-the-token' });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('round-trips a note through PostgreSQL, caches the read in Redis and counts the hit rate', async () => {
    const title = `services round trip ${process.pid}-${Date.now()}`;
    const created = await sample.post('/notes', { title, body: 'written to PostgreSQL' });
    expect(created.status).toBe(201);
    createdIds.push(created.body.id);
    const { rows } = await db.query('SELECT title, body FROM notes WHERE id = $1', [created.body.id]);
    expect(rows).toEqual([{ title, body: 'written to PostgreSQL' }]);

    const first = await sample.get('/notes');
    expect(first.body[0]).toEqual(created.body);
    // the read went through to Redis: the cached list is there, with our note in it
    expect(JSON.parse((await redis.get('notes:latest'))!)[0]).toEqual(created.body);
    const second = await sample.get('/notes');
    expect(second.body).toEqual(first.body);

    const afterList = (await sample.get('/health/deep', bearer)).body.checks.cache;
    expect(afterList.hit_rate).toBe(0.5); // list: miss, then hit

    await sample.get(`/notes/${created.body.id}`);
    expect(JSON.parse((await redis.get(`notes:${created.body.id}`))!)).toEqual(created.body);
    await sample.get(`/notes/${created.body.id}`);
    expect((await sample.get('/health/deep', bearer)).body.checks.cache.hit_rate).toBe(0.5); // 2 hits of 4 reads
  });

  it('drops the cached list when a note is created, so the next read shows it', async () => {
    await sample.get('/notes');
    expect(await redis.exists('notes:latest')).toBe(1);
    const created = await sample.post('/notes', { title: `invalidation ${Date.now()}` });
    createdIds.push(created.body.id);
    expect(await redis.exists('notes:latest')).toBe(0);
    expect((await sample.get('/notes')).body[0]).toEqual(created.body);
  });
});

describe('sample app on the machine’s PostgreSQL with Redis down and no HEALTH_TOKEN', () => {
  let sample: RunningSample;
  let db: pg.Client;
  const createdIds: number[] = [];

  beforeAll(async () => {
    await requireServices();
    db = new pg.Client(POSTGRES_URL);
    await db.connect();
    sample = await startSample({ DATABASE_URL: POSTGRES_URL, REDIS_URL: `redis://127.0.0.1:${await refusedPort()}` });
  });

  afterAll(async () => {
    await sample?.close();
    if (createdIds.length) await db?.query('DELETE FROM notes WHERE id = ANY($1)', [createdIds]);
    await db?.end();
  });

  it('stays ready with the cache degraded, and keeps serving notes from PostgreSQL', async () => {
    const ready = await sample.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    expect(ready.body.checks.database).toEqual(expect.objectContaining({ healthy: true, pool_size: 10 }));
    expect(ready.body.checks.cache).toEqual({
      healthy: true,
      degraded: true,
      message: expect.stringMatching(/^Redis client \w+ for \d+(\.\d)? s; degraded for up to 10 s, then failed$/),
      status: expect.any(String),
      connected: false,
      hit_rate: null,
      latency_ms: expect.any(Number),
    });

    const created = await sample.post('/notes', { title: `redis down ${Date.now()}` });
    expect(created.status).toBe(201);
    createdIds.push(created.body.id);
    const list = await sample.get('/notes');
    expect(list.status).toBe(200);
    expect(list.body.map((note: { id: number }) => note.id)).toContain(created.body.id);
  });

  it('answers 404 on deep: no token, no guard, no route', async () => {
    const answer = await sample.get('/health/deep', { authorization: `Bearer ${TOKEN}` });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });
});
