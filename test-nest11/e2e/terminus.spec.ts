import { Injectable } from '@nestjs/common';
import {
  HealthCheckError,
  HealthIndicator,
  HealthIndicatorService,
  MemoryHealthIndicator,
  TerminusModule,
} from '@nestjs/terminus';
import { readFileSync } from 'node:fs';
import { sep } from 'node:path';
import { HealthCheck, type HealthCheckContext, HealthModule } from 'nestjs-health';
import { fromTerminus } from 'nestjs-health/terminus';
import { PLATFORMS, type RunningApp, startApp } from '../support/nest11-app';

/** What the indicators report; the tests flip it. */
class State {
  database: 'up' | 'down' = 'up';
  heapBytes = 8 * 1024 ** 3;
  badDogs = 0;
}

/** Terminus 11 still ships the old style: an indicator class that throws HealthCheckError. */
@Injectable()
class DogHealthIndicator extends HealthIndicator {
  constructor(private readonly state: State) {
    super();
  }

  async isHealthy(key: string) {
    const result = this.getStatus(key, this.state.badDogs === 0, { badboys: this.state.badDogs });
    if (this.state.badDogs === 0) return result;
    throw new HealthCheckError('Dogcheck failed', result);
  }
}

@Injectable()
class TerminusChecks {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly memory: MemoryHealthIndicator,
    private readonly dogs: DogHealthIndicator,
    private readonly state: State,
  ) {}

  @HealthCheck({ name: 'database' })
  database(ctx: HealthCheckContext) {
    return fromTerminus(async () => {
      const check = this.indicators.check('database');
      return this.state.database === 'up' ? check.up({ pool_size: 10 }) : check.down('connect ECONNREFUSED 10.0.0.5:5432');
    }, ctx);
  }

  @HealthCheck({ name: 'memory_heap' })
  memoryHeap(ctx: HealthCheckContext) {
    return fromTerminus(() => this.memory.checkHeap('memory_heap', this.state.heapBytes), ctx);
  }

  @HealthCheck({ name: 'dog' })
  dog(ctx: HealthCheckContext) {
    return fromTerminus(() => this.dogs.isHealthy('dog'), ctx);
  }
}

type Checks = Record<string, Record<string, unknown>>;

describe('nestjs-health/terminus under CommonJS', () => {
  it('resolves to the CommonJS build, next to terminus 11', () => {
    expect(require.resolve('nestjs-health/terminus')).toContain(`${sep}nestjs-health${sep}dist${sep}cjs${sep}terminus${sep}index.js`);
    const terminus = JSON.parse(readFileSync(require.resolve('@nestjs/terminus/package.json'), 'utf8')) as { version: string };
    expect(terminus.version.split('.')[0]).toBe('11');
    expect(typeof fromTerminus).toBe('function');
  });
});

describe.each(PLATFORMS)('fromTerminus with terminus 11 on Nest 11 with %s', (platform) => {
  let running: RunningApp;
  const state = new State();
  const checks = async (route: string) => {
    const answer = await running.get(`/health/${route}`);
    return { status: answer.status, text: answer.text, checks: answer.json<{ checks: Checks }>().checks };
  };

  beforeAll(async () => {
    running = await startApp(platform, {
      imports: [TerminusModule.forRoot({ logger: false }), HealthModule.forRoot({ deep: { public: true }, logger: false })],
      providers: [{ provide: State, useValue: state }, DogHealthIndicator, TerminusChecks],
    });
  });

  afterAll(() => running?.close());

  it('reads HealthIndicatorService up, MemoryHealthIndicator and an old-style indicator as healthy', async () => {
    const ready = await checks('ready');
    expect(ready.status).toBe(200);
    expect(ready.checks.database).toEqual({ healthy: true, latency_ms: expect.any(Number), pool_size: 10 });
    expect(ready.checks.memory_heap).toEqual({ healthy: true, latency_ms: expect.any(Number) });
    expect(ready.checks.dog).toEqual({ healthy: true, latency_ms: expect.any(Number), badboys: 0 });
  });

  it('fails on down, a real heap over its threshold and a thrown HealthCheckError: withheld publicly, full on deep', async () => {
    Object.assign(state, { database: 'down', heapBytes: 1024 * 1024, badDogs: 2 });
    try {
      const ready = await checks('ready');
      expect(ready.status).toBe(503);
      for (const name of ['database', 'memory_heap', 'dog']) {
        expect(ready.checks[name]).toEqual({ healthy: false, error: 'reason withheld', latency_ms: expect.any(Number) });
      }
      expect(ready.text).not.toContain('ECONNREFUSED');
      const deep = await checks('deep');
      expect(deep.checks.database).toMatchObject({ error: 'connect ECONNREFUSED 10.0.0.5:5432' });
      expect(deep.checks.memory_heap).toMatchObject({ error: expect.stringContaining('Used heap exceeded the set threshold') });
      expect(deep.checks.dog).toMatchObject({ error: 'Dogcheck failed (badboys: 2)' });
    } finally {
      Object.assign(state, new State());
    }
  });
});
