import { afterEach, describe, expect, it } from '@jest/globals';
import { type BeforeApplicationShutdown, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthCheck, HealthModule } from '../../src/index.js';
import { ProbeServer } from '../../src/server/probe-server.js';
import { moduleOf } from '../server/support/probe-apps.js';

/** A pool closed in onModuleDestroy; its live check would throw against the closed pool. */
@Injectable()
class Pool implements OnModuleDestroy, BeforeApplicationShutdown {
  open = true;
  runsAfterClose = 0;
  answers: [string, number, string][] = [];
  probeUrl = '';

  @HealthCheck({ name: 'pool_live', probes: ['live'], ttl: 1 })
  live() {
    if (!this.open) this.runsAfterClose += 1;
    if (!this.open) throw new Error('pool closed');
  }

  onModuleDestroy(): void {
    this.open = false;
  }

  /** After every onModuleDestroy, while the probe server (closed last) still answers. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const route of ['live', 'ready', 'deep']) {
      const answer = await fetch(`${this.probeUrl}/health/${route}`);
      this.answers.push([route, answer.status, ((await answer.json()) as { status: string }).status]);
    }
  }
}

let closing: (() => Promise<void>) | undefined;
afterEach(() => closing?.());

describe('probes while the app closes', () => {
  it('run no user check once its providers are closing: live stays alive, ready and deep say shutting_down', async () => {
    const app = await NestFactory.createApplicationContext(
      moduleOf({ imports: [HealthModule.forRoot({ logger: false, deep: { public: true }, server: { port: 0, host: '127.0.0.1' } })], providers: [Pool] }),
      { logger: false },
    );
    closing = () => app.close();
    await app.init();
    const pool = app.get(Pool);
    pool.probeUrl = `http://127.0.0.1:${app.get(ProbeServer).port}`;
    expect((await fetch(`${pool.probeUrl}/health/live`)).status).toBe(200);
    await app.close();
    closing = undefined;
    expect(pool.answers).toEqual([
      ['live', 200, 'alive'],
      ['ready', 503, 'shutting_down'],
      ['deep', 503, 'shutting_down'],
    ]);
    expect(pool.runsAfterClose).toBe(0);
  });
});
