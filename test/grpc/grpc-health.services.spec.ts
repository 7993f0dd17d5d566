import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthCheck, type HealthCheckContext } from 'nestjs-health';
import pg from 'pg';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { startGrpcApp, type RunningGrpcApp } from './support/grpc-app.js';

const INTERVAL_MS = 200;
const TIMEOUT_MS = 300;
// a failed check run is at most one interval away, and takes at most its timeout; the rest is a loaded machine's slack
const WITHIN_ONE_RUN_MS = INTERVAL_MS + TIMEOUT_MS + 500;
const NAMES = ['', 'readiness', 'liveness', 'startup', 'hero.HeroService'];

let postgres: ThrowawayPostgres;
let running: RunningGrpcApp;

function databaseHealth(url: string) {
  @Injectable()
  class DatabaseHealth implements OnModuleDestroy {
    private readonly pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: TIMEOUT_MS });

    constructor() {
      // a killed server drops idle clients; the pool reports it here, the next check finds it
      this.pool.on('error', () => undefined);
    }

    @HealthCheck({ name: 'database', interval: INTERVAL_MS, timeout: TIMEOUT_MS })
    async ping({ signal }: HealthCheckContext) {
      signal.throwIfAborted();
      await this.pool.query('SELECT 1');
    }

    onModuleDestroy() {
      return this.pool.end();
    }
  }
  return DatabaseHealth;
}

beforeAll(async () => {
  postgres = await startThrowawayPostgres();
  running = await startGrpcApp({
    providers: [databaseHealth(postgres.url)],
    health: { grpc: { services: { 'hero.HeroService': ['database'] } } },
    server: { gracefulShutdown: true },
  });
}, 60_000);

afterAll(async () => {
  await running?.close();
  await postgres?.destroy();
}, 30_000);

async function answers(): Promise<string[]> {
  return Promise.all(NAMES.map((name) => running.health.check(name)));
}

it('follows a real PostgreSQL through an outage: Check per name, Watch within one check run, liveness untouched', async () => {
  const watchers = NAMES.map((name) => running.health.watch(name));
  await Promise.all(watchers.map((watcher) => watcher.waitFor('SERVING', 10_000)));
  expect(await answers()).toEqual(['SERVING', 'SERVING', 'SERVING', 'SERVING', 'SERVING']);

  const killedAt = performance.now();
  await postgres.kill();
  const down = await watchers[0].waitFor('NOT_SERVING', 10_000);
  await watchers[4].waitFor('NOT_SERVING', 10_000);
  expect(await answers()).toEqual(['NOT_SERVING', 'NOT_SERVING', 'SERVING', 'SERVING', 'NOT_SERVING']);
  // the app's own RPCs do not depend on the database here: still served
  expect(await running.findHero(2)).toEqual({ id: 2, name: 'hero 2' });

  await postgres.start();
  const restoredAt = performance.now();
  const up = await watchers[0].waitFor('SERVING', 10_000, 2);
  await watchers[4].waitFor('SERVING', 10_000, 2);
  expect(await answers()).toEqual(['SERVING', 'SERVING', 'SERVING', 'SERVING', 'SERVING']);

  console.log(
    `PostgreSQL killed: readiness Watch NOT_SERVING after ${(down.at - killedAt).toFixed(0)} ms; ` +
      `restored: SERVING after ${(up.at - restoredAt).toFixed(0)} ms (check interval ${INTERVAL_MS} ms, timeout ${TIMEOUT_MS} ms)`,
  );
  expect(down.at - killedAt).toBeLessThan(WITHIN_ONE_RUN_MS);
  expect(up.at - restoredAt).toBeLessThan(WITHIN_ONE_RUN_MS);
  // one message per change, for every name that depends on the database; none for those that do not
  expect(watchers.map((watcher) => watcher.statuses)).toEqual([
    ['SERVING', 'NOT_SERVING', 'SERVING'],
    ['SERVING', 'NOT_SERVING', 'SERVING'],
    ['SERVING'],
    ['SERVING'],
    ['SERVING', 'NOT_SERVING', 'SERVING'],
  ]);
  for (const watcher of watchers) watcher.cancel();
}, 60_000);
