import { afterEach, describe, expect, it } from '@jest/globals';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, MessagePattern, type ClientProxy, type MicroserviceOptions, type NatsOptions, type RedisOptions, Transport } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { firstValueFrom } from 'rxjs';
import { HealthModule, HealthRegistry, HealthService, watchTransportStatus, type TransportStatusWatch } from '../../src/index.js';

type BrokerTransport = RedisOptions | NatsOptions;

const BROKERS: [string, BrokerTransport][] = [
  ['Redis', { transport: Transport.REDIS, options: { host: '127.0.0.1', port: 6379 } }],
  ['NATS', { transport: Transport.NATS, options: { servers: ['nats://127.0.0.1:4222'] } }],
];

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A microservice answering one pattern of this test's own, on the machine's broker. */
async function startMicroservice(broker: BrokerTransport, pattern: string): Promise<INestMicroservice> {
  @Controller()
  class EchoController {
    @MessagePattern(pattern)
    echo(text: string) {
      return `echo: ${text}`;
    }
  }
  @Module({ imports: [HealthModule.forRoot({ logger: false })], controllers: [EchoController] })
  class EchoModule {}
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(EchoModule, { ...broker, logger: false });
  cleanup.push(() => app.close());
  return app;
}

function newClient(broker: BrokerTransport): ClientProxy {
  const client = ClientProxyFactory.create(broker);
  cleanup.push(() => client.close());
  return client;
}

function watch(source: Parameters<typeof watchTransportStatus>[0]): TransportStatusWatch {
  const created = watchTransportStatus(source);
  cleanup.push(() => created.close());
  return created;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(BROKERS)('watchTransportStatus on a real Nest microservice over %s', (_name, broker) => {
  it("reads the server's status through the app and the client's once it connects", async () => {
    const pattern = `nestjs-health.echo.${randomUUID().slice(0, 8)}`;
    const app = await startMicroservice(broker, pattern);
    const server = watch(app);
    expect(server.check()).toMatchObject({ status: null, healthy: false, message: expect.stringContaining('no status yet') });
    await app.listen();
    await until(() => server.check().status === 'connected', 5000);
    expect(server.check()).toEqual({ status: 'connected', for_ms: expect.any(Number) });

    const client = newClient(broker);
    const clientStatus = watch(client);
    expect(clientStatus.check()).toMatchObject({ status: null, healthy: false });
    await client.connect();
    await until(() => clientStatus.check().status === 'connected', 5000);
    // the transport the watch calls healthy really carries messages
    expect(await firstValueFrom(client.send(pattern, 'hello'))).toBe('echo: hello');
    expect(clientStatus.check()).toEqual({ status: 'connected', for_ms: expect.any(Number) });
  });

  it("serves as the microservice's own readiness check, registered once the app exists", async () => {
    const app = await startMicroservice(broker, `nestjs-health.echo.${randomUUID().slice(0, 8)}`);
    const transport = watch(app);
    app.get(HealthRegistry).register('transport', () => transport.check());
    await app.listen();
    const health = app.get(HealthService);
    await until(() => transport.check().status === 'connected', 5000);
    const report = await health.check('ready');
    expect(report).toMatchObject({ status: 'ready', ok: true, checks: [{ name: 'transport', state: 'healthy', details: { status: 'connected' } }] });
  });
});
