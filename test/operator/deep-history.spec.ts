import { describe, expect, it } from '@jest/globals';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthModule, HealthRegistry } from '../../src/index.js';
import { withApp } from '../e2e/core-boot.js';
import { PLATFORMS, type RunningApp } from '../support/http-app.js';
import { bearer, Dependencies, operatorApp, PAYLOAD } from './operator-app.js';

const auth = { authorization: bearer() };
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

async function ready(app: RunningApp, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await app.get('/health/ready');
}

describe.each(PLATFORMS)('GET <deep>?history on %s', (platform) => {
  it("adds each check's runs and transitions (with the full reason) to its deep entry, oldest first", async () => {
    await withApp(platform, operatorApp(), async (app) => {
      const dependencies = app.app.get(Dependencies);
      await ready(app, 3);
      dependencies.databaseUp = false;
      await ready(app, 2);
      dependencies.databaseUp = true;
      await ready(app, 1);

      const deep = await app.get('/health/deep?history', { headers: auth });
      expect(deep.status).toBe(200);
      const { checks } = deep.json();
      // three ready runs, two failed, one ready, and the deep run itself
      const database = checks.database.history;
      expect(database.runs.map((run: { state: string }) => run.state)).toEqual(['healthy', 'healthy', 'healthy', 'failed', 'failed', 'healthy', 'healthy']);
      for (const run of database.runs) {
        expect(Object.keys(run)).toEqual(['at', 'state', 'latency_ms']);
        expect(run.at).toMatch(ISO);
        expect(typeof run.latency_ms).toBe('number');
      }
      expect(database.transitions).toEqual([
        { at: expect.stringMatching(ISO), from: 'healthy', to: 'failed', reason: 'connect ECONNREFUSED 127.0.0.1:5432' },
        { at: expect.stringMatching(ISO), from: 'failed', to: 'healthy' },
      ]);
      // the entry keeps its own keys besides
      expect(checks.database).toMatchObject({ healthy: true, pool_size: 10, cached: false });
      expect(checks.cache.history.transitions).toEqual([
        { at: expect.stringMatching(ISO), from: 'unknown', to: 'degraded', reason: 'REDIS_URL is not set: using an in-process cache' },
      ]);
      expect(checks[PAYLOAD.name].history.transitions[0]).toMatchObject({ to: 'failed', reason: PAYLOAD.reason });
      expect(deep.headers.get('vary')).toBe('Accept');
    });
  });

  it('leaves deep without ?history, and every public route, as they were', async () => {
    await withApp(platform, operatorApp(), async (app) => {
      await ready(app, 2);
      const plain = (await app.get('/health/deep', { headers: auth })).json();
      expect(Object.values(plain.checks).some((entry) => 'history' in (entry as object))).toBe(false);
      const publicReady = (await app.get('/health/ready?history')).json();
      expect(publicReady.checks.database).toEqual({ healthy: true, latency_ms: expect.any(Number), pool_size: 10, pool_available: 8 });
      expect((await app.get('/health/live?history')).json()).not.toHaveProperty('checks');
    });
  });

  it('stays behind the deep route’s guard', async () => {
    await withApp(platform, operatorApp(), async (app) => {
      const refused = await app.get('/health/deep?history');
      expect(refused.status).toBe(401);
      expect(refused.text).not.toContain('history');
    });
  });

  it('adds the same history to the health+json items', async () => {
    await withApp(platform, operatorApp(), async (app) => {
      await ready(app, 2);
      const draft = (await app.get('/health/deep?history', { headers: { ...auth, accept: 'application/health+json' } })).json();
      const [database] = draft.checks['database:responseTime'];
      expect(database.history.runs).toHaveLength(3);
      expect(database.history.runs[2]).toEqual({ at: expect.stringMatching(ISO), state: 'healthy', latency_ms: expect.any(Number) });
      expect(draft.checks['cpu:utilization'][0]).not.toHaveProperty('history');
    });
  });

  it('keeps history.runs runs and history.transitions transitions per check', async () => {
    await withApp(platform, operatorApp({ history: { runs: 5, transitions: 2 } }), async (app) => {
      const dependencies = app.app.get(Dependencies);
      for (let i = 0; i < 6; i++) {
        dependencies.databaseUp = i % 2 === 0;
        await ready(app, 2);
      }
      const { history } = (await app.get('/health/deep?history', { headers: auth })).json().checks.database;
      expect(history.runs).toHaveLength(5);
      expect(history.transitions).toHaveLength(2);
      expect(history.transitions[1]).toMatchObject({ from: 'healthy', to: 'failed' });
      expect(dependencies.databaseRuns).toBe(13);
    });
  });

  it('adds nothing with history: false', async () => {
    await withApp(platform, operatorApp({ history: false }), async (app) => {
      await ready(app, 2);
      const { checks } = (await app.get('/health/deep?history', { headers: auth })).json();
      expect(checks.database).not.toHaveProperty('history');
    });
  });
});

/** `count` checks, each flipping on every run, failing with a reason of `reasonLength` characters. */
function flippingChecks(count: number, reasonLength: number) {
  @Injectable()
  class FlippingChecks implements OnModuleInit {
    constructor(private readonly registry: HealthRegistry) {}

    onModuleInit(): void {
      for (let i = 0; i < count; i++) {
        let runs = 0;
        const reason = `connect ECONNREFUSED 10.0.0.${i}:5432 `.padEnd(reasonLength, 'x');
        this.registry.register(`dependency_${i}`, () => (++runs % 2 === 0 ? { healthy: false, error: reason } : { pool_size: 10, pool_available: 8 }));
      }
    }
  }
  return { imports: [HealthModule.forRoot({ deep: { public: true }, logger: false })], providers: [FlippingChecks] };
}

describe('the size of a deep body with history (fastify)', () => {
  it.each([
    ['typical reasons (60 characters)', 10, 60, 8 * 1024, 16 * 1024],
    ['the longest reasons (1,000 characters, where reasons are clipped)', 2, 1000, 28 * 1024, 40 * 1024],
  ])('stays under the documented bound with %s once every ring is full', async (_label, count, reasonLength, perCheckBound, pagePerCheckBound) => {
    await withApp('fastify', flippingChecks(count, reasonLength), async (app) => {
      await ready(app, 70);
      const plain = await app.get('/health/deep');
      const withHistory = await app.get('/health/deep?history');
      const { checks } = withHistory.json();
      expect(checks.dependency_0.history.runs).toHaveLength(60);
      expect(checks.dependency_0.history.transitions).toHaveLength(20);
      const page = await app.get('/health/deep', { headers: { accept: 'text/html' } });
      const perCheck = (withHistory.text.length - plain.text.length) / count;
      const pagePerCheck = page.text.length / count;
      console.log(
        [
          `deep body, ${count} checks, reasons of ${reasonLength} chars: ${plain.text.length} bytes plain, ${withHistory.text.length} with ?history (${Math.round(perCheck)} bytes of history per check);`,
          `  the HTML page ${page.text.length} bytes (${Math.round(pagePerCheck)} per check, style and system block included)`,
        ].join('\n'),
      );
      expect(perCheck).toBeLessThan(perCheckBound);
      expect(pagePerCheck).toBeLessThan(pagePerCheckBound);
    });
  });
});
