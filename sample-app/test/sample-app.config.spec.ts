import { HealthService } from 'nestjs-health';
import { CacheStore } from '../src/cache/cache-store.js';
import { refusedPort, startSample, type RunningSample } from './support/sample-app.js';

const BOOT_MS = 60_000;

describe('sample app without HEALTH_TOKEN, with a disk below its threshold and a dead Redis', () => {
  let sample: RunningSample;

  beforeAll(async () => {
    // nothing listens on the port: every Redis command is refused, as when Redis is down
    const redisPort = await refusedPort();
    sample = await startSample({ DISK_THRESHOLD_GB: '1000000', REDIS_URL: `redis://127.0.0.1:${redisPort}` });
  }, BOOT_MS);

  afterAll(async () => {
    await sample?.close();
  });

  it('answers 404 on the deep route when no token is configured, with or without credentials', async () => {
    for (const headers of [{}, { authorization: 'Bearer anything' }] as Record<string, string>[]) {
      const answer = await sample.get('/health/deep', headers);
      expect(answer.status).toBe(404);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.text).not.toContain('checks');
    }
  });

  it('turns ready 503 not_ready when free disk is below the threshold, the thrown reason withheld', async () => {
    const answer = await sample.get('/health/ready');
    expect(answer.status).toBe(503);
    expect(answer.body.status).toBe('not_ready');
    expect(answer.body.checks.disk_space).toEqual({
      healthy: false,
      error: 'reason withheld',
      latency_ms: answer.body.checks.disk_space.latency_ms,
    });
    expect(answer.text).not.toContain(process.cwd());
    // the operator's view keeps the reason: which path, how much is free, against what threshold
    const deep = await sample.app.get(HealthService).check('deep');
    const disk = deep.checks!.find((check) => check.name === 'disk_space');
    expect(disk).toEqual(expect.objectContaining({ state: 'failed', passes: false, reasonShown: true, reason: expect.stringContaining(process.cwd()) }));
    expect(disk!.reason).toContain('1000000 GB');
  });

  it('keeps the database check healthy and reports the dead Redis as degraded with checkRedis’ sentence, naming no host', async () => {
    const { database, cache } = (await sample.get('/health/ready')).body.checks;
    expect(database).toEqual(expect.objectContaining({ healthy: true, pool_size: 1, pool_available: 1 }));
    expect(Object.keys(cache).sort()).toEqual(['connected', 'degraded', 'healthy', 'hit_rate', 'latency_ms', 'message', 'status']);
    expect(cache).toEqual(expect.objectContaining({ healthy: true, degraded: true, connected: false, status: expect.stringMatching(/^(connecting|reconnecting|close)$/) }));
    expect(cache.message).toMatch(/^Redis client \w+ for \d+(\.\d)? s; degraded for up to 10 s, then failed$/);
    expect(JSON.stringify(cache)).not.toContain('127.0.0.1');
  });

  it('keeps liveness 200: neither a full disk nor a dead cache is a reason to restart', async () => {
    const answer = await sample.get('/health/live');
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('alive');
  });

  it('keeps serving notes from the database while Redis is down', async () => {
    const created = await sample.post('/notes', { title: 'Cache unavailable, using fallback' });
    expect(created.status).toBe(201);
    const list = await sample.get('/notes');
    expect(list.status).toBe(200);
    expect(list.body[0]).toEqual(created.body);
  });

  it('fails cache commands at once while Redis is down instead of queueing them for a reconnect', async () => {
    const started = performance.now();
    await expect(sample.app.get(CacheStore).get('notes:latest')).rejects.toThrow("Stream isn't writeable and enableOfflineQueue options is false");
    expect(performance.now() - started).toBeLessThan(100);
    // and the check sends the reconnecting client no command at all: the operator's view says why, without a PING error
    const report = await sample.app.get(HealthService).check('deep');
    const cache = report.checks!.find((check) => check.name === 'cache');
    expect(cache).toEqual(expect.objectContaining({ state: 'degraded', critical: false, passes: true }));
    expect(cache!.details).toEqual(expect.objectContaining({ backend: 'redis', connected: false }));
  });
});
