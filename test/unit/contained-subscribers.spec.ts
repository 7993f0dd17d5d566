import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Injectable, type LoggerService } from '@nestjs/common';
import { config, filter, map } from 'rxjs';
import { setTimeout as sleep } from 'node:timers/promises';
import { HealthCheck, HealthModule, HealthService } from '../../src/index.js';
import { startApp } from '../support/http-app.js';

const unhandled: unknown[] = [];
beforeEach(() => {
  unhandled.length = 0;
  // rxjs hands an error nobody handles to this hook (or throws it on a later tick, which ends the process)
  config.onUnhandledError = (error) => unhandled.push(error);
});
afterEach(() => {
  config.onUnhandledError = null;
});

@Injectable()
class Flaky {
  healthy = true;

  @HealthCheck({ name: 'database' })
  ping() {
    return this.healthy;
  }
}

class ErrorLog implements LoggerService {
  readonly errors: string[] = [];
  log(): void {}
  warn(): void {}
  error(message: unknown): void {
    this.errors.push(String(message));
  }
}

describe('a changes$ subscriber that throws', () => {
  it('is contained and logged once with the check name; probes and later transitions go on', async () => {
    const errors = new ErrorLog();
    const app = await startApp('fastify', { imports: [HealthModule.forRoot()], providers: [Flaky] }, (nest) => nest.useLogger(errors));
    try {
      const health = app.app.get(HealthService);
      const seen: string[] = [];
      health.changes$.subscribe(() => {
        throw new Error('subscriber bug');
      });
      health.changes$.pipe(filter((change) => change.check !== '*'), map((change) => change.to)).subscribe({
        next: (to) => {
          seen.push(to);
          throw new Error('piped bug');
        },
      });
      health.changes$.subscribe({
        next: (change) => {
          if (change.check !== '*') seen.push(`object ${change.to}`);
        },
      });
      app.app.get(Flaky).healthy = false;
      expect((await app.get('/health/ready')).status).toBe(503);
      app.app.get(Flaky).healthy = true;
      expect((await app.get('/health/ready')).status).toBe(200);
      await sleep(20);
      expect(unhandled).toEqual([]);
      expect(seen).toEqual(['failed', 'object failed', 'healthy', 'object healthy']);
      const subscriberErrors = errors.errors.filter((line) => line.startsWith('A changes$ subscriber threw'));
      expect(subscriberErrors).toEqual([
        'A changes$ subscriber threw on the transition of check "database" (subscriber bug); the error was contained and probes go on — fix the subscriber',
        'A changes$ subscriber threw on the transition of check "database" (piped bug); the error was contained and probes go on — fix the subscriber',
        'A changes$ subscriber threw on the transition of check "database" (subscriber bug); the error was contained and probes go on — fix the subscriber',
        'A changes$ subscriber threw on the transition of check "database" (piped bug); the error was contained and probes go on — fix the subscriber',
      ]);
    } finally {
      await app.close();
    }
  });

  it('keeps an error thrown inside an operator of a piped subscription from going unhandled', async () => {
    const app = await startApp('express', { imports: [HealthModule.forRoot({ logger: false })], providers: [Flaky] });
    try {
      const health = app.app.get(HealthService);
      health.changes$
        .pipe(
          map(() => {
            throw new Error('operator bug');
          }),
        )
        .subscribe(() => undefined);
      app.app.get(Flaky).healthy = false;
      expect((await app.get('/health/ready')).status).toBe(503);
      await sleep(20);
      expect(unhandled).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
