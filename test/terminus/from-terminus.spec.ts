import { describe, expect, it } from '@jest/globals';
import { HealthIndicatorService } from '@nestjs/terminus';
import { readdirSync, readFileSync } from 'node:fs';
import { fromTerminus } from '../../src/terminus/index.js';
import { DogHealthIndicator, HealthCheckError } from './support/legacy-terminus.js';

const indicators = new HealthIndicatorService();

/** The rejection a failed terminus call turns into: what the core reports (withheld on public routes). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (thrown: unknown) => thrown,
  );
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const thrown = await rejection(promise);
  expect(thrown).toBeInstanceOf(Error);
  return (thrown as Error).message;
}

describe('fromTerminus with HealthIndicatorService results (terminus 11 and 12)', () => {
  it('reads up as healthy, the indicator details flat as the check details', async () => {
    await expect(fromTerminus(() => indicators.check('database').up({ pool_size: 10, pool_idle: 8 }))).resolves.toEqual({
      pool_size: 10,
      pool_idle: 8,
    });
    await expect(fromTerminus(() => indicators.check('database').up())).resolves.toEqual({});
  });

  it("keeps an up message as the author's message", async () => {
    await expect(fromTerminus(() => indicators.check('cache').up('warm'))).resolves.toEqual({ message: 'warm' });
  });

  it("rejects on down with the indicator's message, so the reason counts as thrown", async () => {
    const down = fromTerminus(async () => indicators.check('database').down('connect ECONNREFUSED 10.0.0.5:5432'));
    expect(await reasonOf(down)).toBe('connect ECONNREFUSED 10.0.0.5:5432');
  });

  it('carries the details of a down indicator in its reason, and names the indicator when it gave no message', async () => {
    expect(await reasonOf(fromTerminus(() => indicators.check('queue').down({ message: 'full', depth: 5000 })))).toBe(
      'full (depth: 5000)',
    );
    expect(await reasonOf(fromTerminus(() => indicators.check('queue').down()))).toBe('terminus indicator "queue" is down');
  });

  it('keeps the terminus result as the cause of the rejection', async () => {
    const result = indicators.check('database').down('gone');
    const thrown = await rejection(fromTerminus(() => result));
    expect((thrown as Error).cause).toBe(result);
  });

  it("reads terminus 12's degraded as degraded, its message and details returned", async () => {
    const degraded = fromTerminus(() => indicators.check('replica').degraded({ message: 'replica lag 12 s', lag_s: 12 }));
    await expect(degraded).resolves.toEqual({ degraded: true, message: 'replica lag 12 s', lag_s: 12 });
  });

  it("reads terminus 12's attempt(): up with responseTime, down with the thrown message", async () => {
    const up = await fromTerminus(() => indicators.check('api').attempt(async () => ({ rows: 1 })));
    expect(up).toEqual({ rows: 1, responseTime: expect.any(Number) });
    const down = fromTerminus(() =>
      indicators.check('api').attempt(async () => {
        throw new Error('password authentication failed for user "app"');
      }),
    );
    expect(await reasonOf(down)).toMatch(/^password authentication failed for user "app" \(responseTime: \d+\)$/);
  });

  it("reads attempt().withTimeout(ms) running out as down 'timeout of N ms exceeded'", async () => {
    const startedAt = performance.now();
    const hung = fromTerminus(() => indicators.check('api').attempt(() => new Promise<void>(() => undefined)).withTimeout(50));
    expect(await reasonOf(hung)).toMatch(/^timeout of 50ms exceeded \(responseTime: \d+\)$/);
    const elapsed = performance.now() - startedAt;
    console.log(`attempt().withTimeout(50) settled after ${elapsed.toFixed(1)} ms`);
    expect(elapsed).toBeGreaterThanOrEqual(45);
  });

  it('takes a pending HealthCheckAttempt itself, as terminus does', async () => {
    await expect(fromTerminus(indicators.check('api').attempt(() => undefined))).resolves.toEqual({ responseTime: expect.any(Number) });
  });
});

describe('fromTerminus with the old HealthIndicator + HealthCheckError style, recognised by shape', () => {
  it('reads a returned getStatus(key, true) as healthy with its details', async () => {
    const dogs = new DogHealthIndicator();
    await expect(fromTerminus(() => dogs.isHealthy('dog'))).resolves.toEqual({ badboys: 0 });
  });

  it("reads a thrown HealthCheckError as down: the error's message and the causes' details", async () => {
    const dogs = Object.assign(new DogHealthIndicator(), { badDogs: 2 });
    expect(await reasonOf(fromTerminus(() => dogs.isHealthy('dog')))).toBe('Dogcheck failed (badboys: 2)');
  });

  it("prefers the message inside the causes over the error's generic one", async () => {
    const dogs = Object.assign(new DogHealthIndicator(), { badDogs: 1, message: 'the dog ate the cable' });
    expect(await reasonOf(fromTerminus(() => dogs.isHealthy('dog')))).toBe('the dog ate the cable (badboys: 1)');
  });

  it('passes on an error whose causes are not a terminus result, as any other throw', async () => {
    const odd = new HealthCheckError('odd', 'not a result');
    await expect(fromTerminus(() => Promise.reject(odd))).rejects.toBe(odd);
  });
});

describe('fromTerminus with anything else', () => {
  it.each([
    ['a string', 'boom'],
    ['undefined', undefined],
    ['null', null],
    ['a plain object', { code: 'E_FAIL' }],
    ['an Error', new Error('driver exploded')],
  ])('passes on a thrown %s unchanged, for the core to report as a thrown (withheld) reason', async (_label, thrown) => {
    await expect(
      fromTerminus(() => {
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    await expect(fromTerminus(() => Promise.reject(thrown))).rejects.toBe(thrown);
  });

  it.each([
    ['undefined', undefined],
    ['an empty object', {}],
    ['an entry without status', { database: { ok: true } }],
    ['a bare status', { database: 'up' }],
    ['an array', [{ status: 'up' }]],
  ])('refuses %s with a sentence naming the expected shape', async (_label, value) => {
    const thrown = await rejection(fromTerminus(() => value as never));
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(/^fromTerminus: the indicator call gave .+, not a terminus result \{ key: \{ status:/);
  });

  it('reads an unknown status as down, saying so', async () => {
    const reason = await reasonOf(fromTerminus(() => ({ database: { status: 'warn', message: 'slow' } })));
    expect(reason).toBe('terminus indicator "database" reported status "warn", which is none of up, degraded, down: slow');
  });

  it('carries details named like the core’s own entry keys under a terminus_ name, so they cannot change the state', async () => {
    const result = { database: { status: 'up', healthy: false, error: 'none', degraded: true, cached: true } };
    await expect(fromTerminus(() => result)).resolves.toEqual({
      terminus_healthy: false,
      terminus_error: 'none',
      terminus_degraded: true,
      terminus_cached: true,
    });
  });

  it('reads a result of several indicators by its worst status, each indicator under its key', async () => {
    const two = { primary: { status: 'up', lag: 0 }, replica: { status: 'degraded', message: 'lagging', lag: 9 } };
    await expect(fromTerminus(() => two)).resolves.toEqual({
      degraded: true,
      message: 'replica: lagging',
      primary: { status: 'up', lag: 0 },
      replica: { status: 'degraded', message: 'lagging', lag: 9 },
    });
    const down = { primary: { status: 'down', message: 'gone' }, replica: { status: 'down' } };
    expect(await reasonOf(fromTerminus(() => down))).toBe('primary: gone; replica: terminus indicator "replica" is down');
  });
});

describe('the nestjs-health/terminus subpath', () => {
  it('imports nothing of @nestjs/terminus, not even its types: the shapes are its own', () => {
    const folder = new URL('../../src/terminus/', import.meta.url);
    const sources = readdirSync(folder).filter((file) => file.endsWith('.ts'));
    expect(sources).toContain('from-terminus.ts');
    for (const file of sources) {
      const imports = readFileSync(new URL(file, folder), 'utf8').match(/(?:from|import|require)\s*\(?\s*'[^']+'/g) ?? [];
      expect({ file, imports: imports.filter((line) => line.includes('@nestjs/terminus')) }).toEqual({ file, imports: [] });
    }
  });
});
