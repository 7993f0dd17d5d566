import { setTimeout as sleep } from 'node:timers/promises';
import { CheckSwitches, startGrpcApp, switchedChecks, type RunningGrpcApp } from './support/grpc-app.js';

const SERVICES = { 'hero.HeroService': ['database'], 'hero.CacheService': ['cache'] };

describe('grpc.health.v1 Check and List on a Nest gRPC microservice', () => {
  const switches = new CheckSwitches();
  let running: RunningGrpcApp;

  beforeAll(async () => {
    running = await startGrpcApp({
      providers: [
        switchedChecks(switches, {
          database: { critical: true },
          cache: { critical: false },
          heartbeat: { probes: ['live'] },
        }),
      ],
      health: { grpc: { services: SERVICES } },
    });
  });

  afterAll(() => running?.close());

  beforeEach(() => {
    for (const name of ['database', 'cache', 'heartbeat']) switches.set(name, true);
  });

  async function answers(): Promise<Record<string, string>> {
    const names = ['', 'readiness', 'liveness', 'startup', 'hero.HeroService', 'hero.CacheService'];
    return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await running.health.check(name)])));
  }

  it('answers SERVING for every standard name and mapped service while every check passes', async () => {
    expect(await answers()).toEqual({
      '': 'SERVING',
      readiness: 'SERVING',
      liveness: 'SERVING',
      startup: 'SERVING',
      'hero.HeroService': 'SERVING',
      'hero.CacheService': 'SERVING',
    });
  });

  it('turns readiness and the services that need a failed critical check NOT_SERVING, liveness and startup untouched', async () => {
    switches.set('database', false);
    expect(await answers()).toEqual({
      '': 'NOT_SERVING',
      readiness: 'NOT_SERVING',
      liveness: 'SERVING',
      startup: 'SERVING',
      'hero.HeroService': 'NOT_SERVING',
      'hero.CacheService': 'SERVING',
    });
  });

  it('keeps readiness SERVING on a failed non-critical check, while a service that lists it is NOT_SERVING', async () => {
    switches.set('cache', false);
    const got = await answers();
    expect(got).toMatchObject({ '': 'SERVING', readiness: 'SERVING', 'hero.CacheService': 'NOT_SERVING', 'hero.HeroService': 'SERVING' });
  });

  it('answers liveness from the live checks only', async () => {
    switches.set('heartbeat', false);
    expect(await answers()).toMatchObject({ liveness: 'NOT_SERVING', '': 'SERVING', startup: 'SERVING' });
  });

  it('evaluates per call, as the HTTP route does: the check runs again and the answer follows it back', async () => {
    const before = switches.runsOf('database');
    switches.set('database', false);
    expect(await running.health.check('')).toBe('NOT_SERVING');
    switches.set('database', true);
    expect(await running.health.check('')).toBe('SERVING');
    expect(switches.runsOf('database') - before).toBe(2);
  });

  it('answers NOT_FOUND for a name it does not know, naming it', async () => {
    expect(await running.health.checkDetailed('hero.VillainService')).toEqual({
      answer: 'error NOT_FOUND',
      details: 'unknown service "hero.VillainService"',
    });
    // names are exact: no case folding, no prefix matching
    expect(await running.health.check('Readiness')).toBe('error NOT_FOUND');
    expect(await running.health.check('hero')).toBe('error NOT_FOUND');
  });

  it('refuses a service name longer than 256 bytes with INVALID_ARGUMENT', async () => {
    expect(await running.health.checkDetailed('x'.repeat(257))).toEqual({
      answer: 'error INVALID_ARGUMENT',
      details: 'service name longer than 256 bytes',
    });
    // a megabyte of name costs the server no string and no lookup
    expect(await running.health.check('x'.repeat(1_000_000))).toBe('error INVALID_ARGUMENT');
    // at the limit the name is merely unknown
    expect(await running.health.check('x'.repeat(256))).toBe('error NOT_FOUND');
  });

  it('lists every name it answers to with its status', async () => {
    switches.set('database', false);
    expect(await running.health.list()).toEqual({
      '': 'NOT_SERVING',
      readiness: 'NOT_SERVING',
      liveness: 'SERVING',
      startup: 'SERVING',
      'hero.HeroService': 'NOT_SERVING',
      'hero.CacheService': 'SERVING',
    });
  });

  it('serves the app’s own RPCs beside the health service', async () => {
    expect(await running.findHero(7)).toEqual({ id: 7, name: 'hero 7' });
  });
});

describe('Check during start-up', () => {
  it('answers NOT_SERVING for readiness, startup and mapped services until a startup check has passed once', async () => {
    const switches = new CheckSwitches();
    switches.set('migrations', false);
    const running = await startGrpcApp({
      providers: [switchedChecks(switches, { migrations: { probes: ['startup'] }, database: {} })],
      health: { grpc: { services: { 'hero.HeroService': ['database'] } } },
    });
    try {
      await sleep(50);
      const during = await Promise.all(['', 'startup', 'hero.HeroService', 'liveness'].map((name) => running.health.check(name)));
      expect(during).toEqual(['NOT_SERVING', 'NOT_SERVING', 'NOT_SERVING', 'SERVING']);
      switches.set('migrations', true);
      // the startup check is retried about every second in the background
      const deadline = Date.now() + 5000;
      while ((await running.health.check('startup')) !== 'SERVING' && Date.now() < deadline) await sleep(50);
      const after = await Promise.all(['', 'startup', 'hero.HeroService'].map((name) => running.health.check(name)));
      expect(after).toEqual(['SERVING', 'SERVING', 'SERVING']);
    } finally {
      await running.close();
    }
  });
});
