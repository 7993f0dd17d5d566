import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { setTimeout as sleep } from 'node:timers/promises';
import { HealthModule, HealthRegistry, HealthService, watchTransportStatus, type TransportStatusDetails } from '../../src/index.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../support/throwaway-redis.js';

const GRACE_MS = 1000;
// what a poll, Nest's reconnect back-off and a busy 2-core machine may add to a deadline
const MARGIN_MS = 3000;

let redis: ThrowawayRedis;

beforeAll(async () => {
  redis = await startThrowawayRedis();
}, 30_000);

afterAll(async () => {
  await redis?.destroy();
});

async function pollUntil(read: () => TransportStatusDetails, accept: (details: TransportStatusDetails) => boolean, timeoutMs: number) {
  const startedAt = performance.now();
  for (;;) {
    const details = read();
    if (accept(details)) return { ms: performance.now() - startedAt, details };
    if (performance.now() - startedAt > timeoutMs) throw new Error(`not accepted within ${timeoutMs} ms; last: ${JSON.stringify(details)}`);
    await sleep(25);
  }
}

describe('watchTransportStatus on a Redis-transport microservice whose Redis dies and comes back', () => {
  it('goes connected -> degraded (reconnecting) -> failed after graceMs -> connected, for the server and a client', async () => {
    const transport = { transport: Transport.REDIS, options: { host: '127.0.0.1', port: redis.port, retryAttempts: 1000, retryDelay: 100 } } as const;
    @Module({ imports: [HealthModule.forRoot({ logger: false })] })
    class WorkerModule {}
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(WorkerModule, { ...transport, logger: false });
    const client = ClientProxyFactory.create(transport);
    const server = watchTransportStatus(app, { graceMs: GRACE_MS });
    const clientStatus = watchTransportStatus(client, { graceMs: GRACE_MS });
    app.get(HealthRegistry).register('transport', () => server.check());
    try {
      await app.listen();
      await client.connect();
      const ready = async () => (await app.get(HealthService).check('ready')).ok;
      await pollUntil(() => server.check(), (details) => details.status === 'connected', MARGIN_MS);
      await pollUntil(() => clientStatus.check(), (details) => details.status === 'connected', MARGIN_MS);
      expect(await ready()).toBe(true);

      await redis.kill();
      const degraded = await pollUntil(() => server.check(), (details) => details.degraded === true, MARGIN_MS);
      expect(degraded.details).toMatchObject({ status: 'reconnecting', message: expect.stringMatching(/^transport reconnecting for [\d.]+ s; degraded for up to 1 s, then failed$/) });
      // degraded is not failed: readiness holds through a blip
      expect(await ready()).toBe(true);
      const failed = await pollUntil(() => server.check(), (details) => details.healthy === false, GRACE_MS + MARGIN_MS);
      expect(failed.details).toMatchObject({ status: 'reconnecting', message: expect.stringContaining('longer than its grace of 1 s') });
      expect(await ready()).toBe(false);
      await pollUntil(() => clientStatus.check(), (details) => details.healthy === false, GRACE_MS + MARGIN_MS);

      await redis.start();
      const back = await pollUntil(() => server.check(), (details) => details.status === 'connected', MARGIN_MS * 2);
      await pollUntil(() => clientStatus.check(), (details) => details.status === 'connected', MARGIN_MS * 2);
      console.log(
        `Redis transport: degraded ${Math.round(degraded.ms)} ms after the kill, failed ${Math.round(failed.ms)} ms later (graceMs ${GRACE_MS}), connected ${Math.round(back.ms)} ms after the restart`,
      );
      expect(failed.ms).toBeGreaterThanOrEqual(GRACE_MS - degraded.ms - 100);
      expect(await ready()).toBe(true);
    } finally {
      server.close();
      clientStatus.close();
      await client.close();
      await app.close();
    }
  }, 60_000);
});
