import { Injectable } from '@nestjs/common';
import { HealthCheck, HealthModule } from '../../src/index.js';
import { PLATFORMS, startApp, type RunningApp } from '../support/http-app.js';
import { healthJsonViolations } from './support/health-json.validator.js';

const SECRET = 'password=hunter2 on 10.0.0.5';
const HEALTH_JSON = { accept: 'application/health+json' };

@Injectable()
class Dependencies {
  databaseDown = false;

  @HealthCheck({ name: 'database' })
  database() {
    if (this.databaseDown) throw new Error(`connect ECONNREFUSED (${SECRET})`);
    return { pool_size: 10, pool_available: 8 };
  }

  @HealthCheck({ name: 'cache', critical: false })
  cache() {
    throw new Error(`redis timeout\nat ${SECRET}`);
  }

  @HealthCheck({ name: 'quota', critical: false })
  quota() {
    return { degraded: true, message: 'quota at 91%' };
  }
}

type DraftCheck = { status: string; observedValue?: number; observedUnit?: string; time?: string; output?: string; componentType?: string };
type DraftBody = { status: string; version?: string; output?: string; checks?: Record<string, DraftCheck[]> };

const lines = (text: string) => text.trimEnd().split('\n');

describe.each(PLATFORMS)('response formats on %s', (platform) => {
  let app: RunningApp;
  let dependencies: Dependencies;

  beforeAll(async () => {
    app = await startApp(platform, {
      imports: [HealthModule.forRoot({ version: '1.2.3', deep: { public: true }, logger: false })],
      providers: [Dependencies],
    });
    dependencies = app.app.get(Dependencies);
  });
  afterAll(() => app?.close());
  afterEach(() => (dependencies.databaseDown = false));

  it("answers the kubelet's Accept: */* with the default JSON", async () => {
    const answer = await app.get('/health/ready', { headers: { accept: '*/*' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const body = answer.json();
    expect(body).toMatchObject({ status: 'ready', version: '1.2.3', checks: { database: { healthy: true, pool_size: 10 } } });
    expect(typeof body.uptime_seconds).toBe('number');
  });

  it('gives the IETF health+json body only when asked for explicitly, valid against the draft', async () => {
    const answer = await app.get('/health/ready', { headers: HEALTH_JSON });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/health\+json/);
    const body = answer.json<DraftBody>();
    expect(healthJsonViolations(body)).toEqual([]);
    // degraded checks only: the probe passes with a warning
    expect(body.status).toBe('warn');
    expect(body.version).toBe('1.2.3');
    expect(body.output).toBeUndefined();
    const database = body.checks!['database:responseTime'];
    expect(database).toHaveLength(1);
    expect(database[0]).toMatchObject({ status: 'pass', observedUnit: 'ms' });
    expect(typeof database[0].observedValue).toBe('number');
    expect(Number.isNaN(Date.parse(database[0].time!))).toBe(false);
    expect(database[0].output).toBeUndefined();
    expect(body.checks!['cache:responseTime'][0]).toMatchObject({ status: 'warn', output: 'reason withheld' });
    // a message the check returned is the author's own, so it stays
    expect(body.checks!['quota:responseTime'][0]).toMatchObject({ status: 'warn', output: 'quota at 91%' });
  });

  it('fails health+json with 503 and never reveals a withheld reason', async () => {
    dependencies.databaseDown = true;
    const answer = await app.get('/health/ready', { headers: HEALTH_JSON });
    expect(answer.status).toBe(503);
    const body = answer.json<DraftBody>();
    expect(healthJsonViolations(body)).toEqual([]);
    expect(body.status).toBe('fail');
    expect(body.output).toBe('not_ready');
    expect(body.checks!['database:responseTime'][0]).toMatchObject({ status: 'fail', output: 'reason withheld' });
    expect(answer.text).not.toContain('hunter2');
  });

  it('prints kube-apiserver style ?verbose lines and whether the probe passed', async () => {
    const passing = await app.get('/health/ready?verbose');
    expect(passing.status).toBe(200);
    expect(passing.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(lines(passing.text)).toEqual([
      '[+]database ok',
      '[-]cache failed: reason withheld',
      '[+]quota ok',
      'readyz check passed',
    ]);

    dependencies.databaseDown = true;
    const failing = await app.get('/health/ready?verbose');
    expect(failing.status).toBe(503);
    expect(lines(failing.text)).toEqual([
      '[-]database failed: reason withheld',
      '[-]cache failed: reason withheld',
      '[+]quota ok',
      'readyz check failed (not_ready)',
    ]);
    expect(failing.text).not.toContain('hunter2');
  });

  it('lets ?verbose win over Accept and gives the same status codes in every format', async () => {
    const verbose = await app.get('/health/ready?verbose=1', { headers: HEALTH_JSON });
    expect(verbose.headers.get('content-type')).toMatch(/^text\/plain/);
    for (const down of [false, true]) {
      dependencies.databaseDown = down;
      for (const route of ['live', 'ready', 'startup']) {
        const [json, draft, text] = await Promise.all([
          app.get(`/health/${route}`),
          app.get(`/health/${route}`, { headers: HEALTH_JSON }),
          app.get(`/health/${route}?verbose`),
        ]);
        expect([route, draft.status, text.status]).toEqual([route, json.status, json.status]);
        expect(healthJsonViolations(draft.json())).toEqual([]);
      }
    }
  });

  it('passes the routes without checks in every format', async () => {
    const draft = await app.get('/health/live', { headers: HEALTH_JSON });
    expect(draft.json()).toMatchObject({ status: 'pass', version: '1.2.3' });
    expect(draft.json().checks).toBeUndefined();
    expect(lines((await app.get('/health/startup?verbose')).text)).toEqual(['startupz check passed']);
    expect(lines((await app.get('/health/live?verbose')).text)).toEqual(['livez check passed']);
  });

  it('keeps the default JSON when health+json is refused or outranked by q-values', async () => {
    for (const accept of ['application/health+json;q=0', 'application/json, application/health+json;q=0.5']) {
      const answer = await app.get('/health/ready', { headers: { accept } });
      expect([accept, answer.headers.get('content-type')]).toEqual([accept, expect.stringMatching(/^application\/json/)]);
    }
    const preferred = await app.get('/health/ready', { headers: { accept: 'application/json;q=0.8, Application/Health+JSON' } });
    expect(preferred.headers.get('content-type')).toMatch(/^application\/health\+json/);
  });

  it('shows full reasons, one line each, and system readings on the operator-only deep route', async () => {
    const text = await app.get('/health/deep?verbose');
    expect(lines(text.text)).toContain(`[-]cache failed: redis timeout at ${SECRET}`);
    expect(lines(text.text).at(-1)).toBe('deep check passed');

    const draft = await app.get('/health/deep', { headers: HEALTH_JSON });
    const body = draft.json<DraftBody>();
    expect(healthJsonViolations(body)).toEqual([]);
    expect(body.checks!['cache:responseTime'][0].output).toContain('redis timeout');
    for (const key of ['cpu:utilization', 'memory:utilization']) {
      expect(body.checks![key][0]).toMatchObject({ componentType: 'system', observedUnit: 'percent', status: 'pass' });
      expect(typeof body.checks![key][0].observedValue).toBe('number');
    }
  });
});
