import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { HealthModule } from 'nestjs-health';
import { withGrpcHealth } from 'nestjs-health/grpc';
import { freePort } from '../support/throwaway-port.js';
import { CheckSwitches, HEALTH_PROTO, HERO_PROTO, RecordingLogger, startGrpcApp, switchedChecks, type RunningGrpcApp } from './support/grpc-app.js';
import { HealthClient } from './support/health-client.js';

const apps: RunningGrpcApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function start(...args: Parameters<typeof startGrpcApp>): Promise<RunningGrpcApp> {
  const running = await startGrpcApp(...args);
  apps.push(running);
  return running;
}

// the core's own boot lines (probe URLs, the deep route) are not this suite's business
const grpcLines = (lines: string[]) => lines.filter((line) => /gRPC health|grpc\.services|withGrpcHealth/.test(line));

/** Boots an app expected to fail, and returns what the error and the log said. */
async function bootFailure(setup: Parameters<typeof startGrpcApp>[0]): Promise<{ error: string; logged: string[] }> {
  const logger = new RecordingLogger();
  const error = await startGrpcApp({ ...setup, logger }).then(
    (running) => (apps.push(running), 'booted'),
    (thrown: unknown) => String((thrown as Error).message ?? thrown),
  );
  return { error, logged: logger.messages('error') };
}

describe('withGrpcHealth on the app’s own gRPC server', () => {
  it('runs the app’s own onLoadPackageDefinition first, with the definition and the server, then adds the health service', async () => {
    const calls: { keys: string[]; server: string; self: unknown }[] = [];
    const running = await start({
      providers: [switchedChecks(new CheckSwitches(), { database: {} })],
      server: {
        onLoadPackageDefinition(this: unknown, pkg: Record<string, unknown>, server: { constructor: { name: string } }) {
          calls.push({ keys: Object.keys(pkg), server: server.constructor.name, self: this });
        },
      },
    });
    expect(calls).toEqual([{ keys: expect.arrayContaining(['hero.HeroService']), server: 'Server', self: expect.any(Object) }]);
    expect(await running.health.check('')).toBe('SERVING');
    expect(await running.findHero(1)).toEqual({ id: 1, name: 'hero 1' });
  });

  it('links each app to its own checks: two apps in one process answer for themselves', async () => {
    const healthy = new CheckSwitches();
    const broken = new CheckSwitches();
    broken.set('database', false);
    const [first, second] = await Promise.all([
      start({ providers: [switchedChecks(healthy, { database: {} })] }),
      start({ providers: [switchedChecks(broken, { database: {} })] }),
    ]);
    expect([await first.health.check(''), await second.health.check('')]).toEqual(['SERVING', 'NOT_SERVING']);
    expect([healthy.runsOf('database'), broken.runsOf('database')]).toEqual([1, 1]);
  });

  it('logs the names it answers to, and warns once when the server listens on loopback only', async () => {
    const logger = new RecordingLogger();
    const running = await start({ providers: [switchedChecks(new CheckSwitches(), { database: {} })], logger, health: { grpc: { services: { 'hero.HeroService': ['database'] } } } });
    expect(logger.messages('log')).toContain(
      `gRPC health: grpc.health.v1.Health on ${running.address} answers "", "readiness", "liveness", "startup", "hero.HeroService"`,
    );
    expect(grpcLines(logger.messages('warn'))).toEqual([
      `gRPC health: the gRPC server listens on ${running.address}, loopback only, but the kubelet's grpc probes connect to the pod IP; listen on "0.0.0.0:PORT" (or "[::]:PORT") in Kubernetes`,
    ]);
  });

  it('does not warn for a server listening on every interface', async () => {
    const logger = new RecordingLogger();
    const port = await freePort();
    const running = await start({ logger, server: { url: `0.0.0.0:${port}` } });
    expect(grpcLines(logger.messages('warn'))).toEqual([]);
    const client = new HealthClient(`127.0.0.1:${port}`);
    expect(await client.check('liveness')).toBe('SERVING');
    client.close();
    expect(running.address).toBeDefined();
  });
});

describe('a hybrid app (HTTP plus connectMicroservice)', () => {
  it('serves the health service on the connected gRPC server, started before the app listens, as Nest’s docs order it', async () => {
    const switches = new CheckSwitches();
    @Module({ imports: [HealthModule.forRoot({ logger: false })], providers: [switchedChecks(switches, { database: {} })] })
    class HybridModule {}
    const port = await freePort();
    const app = await NestFactory.create(HybridModule, new FastifyAdapter(), { logger: false });
    app.connectMicroservice<MicroserviceOptions>({
      transport: Transport.GRPC,
      options: withGrpcHealth({ package: 'hero', protoPath: HERO_PROTO, url: `127.0.0.1:${port}` }),
    });
    const client = new HealthClient(`127.0.0.1:${port}`);
    try {
      await app.startAllMicroservices();
      await app.listen(0, '127.0.0.1');
      const http = await fetch(`${await app.getUrl()}/health/ready`);
      expect([http.status, await client.check(''), await client.check('liveness')]).toEqual([200, 'SERVING', 'SERVING']);
      switches.set('database', false);
      expect(await client.check('')).toBe('NOT_SERVING');
    } finally {
      client.close();
      await app.close();
    }
  });
});

describe('boot errors that name the fix', () => {
  it('refuses a grpc.services entry naming a check that does not exist', async () => {
    const { error } = await bootFailure({
      providers: [switchedChecks(new CheckSwitches(), { database: {} })],
      health: { grpc: { services: { 'hero.HeroService': ['databse'] } } },
    });
    expect(error).toBe(
      'HealthModule: grpc.services["hero.HeroService"] names the check "databse", which does not exist; the checks are "database" (a check must be decorated with @HealthCheck or registered before the app bootstraps)',
    );
  });

  it('refuses an app whose own package defines grpc.health.v1, instead of grpc-js’s "handler already provided"', async () => {
    const { error, logged } = await bootFailure({
      server: { package: ['hero', 'grpc.health.v1'], protoPath: [HERO_PROTO, HEALTH_PROTO] },
    });
    expect(error).not.toBe('booted');
    expect(logged.join('\n')).toContain(
      'withGrpcHealth(): the app\'s own package "grpc.health.v1" defines grpc.health.v1.Health, so Nest would serve it with the app\'s handlers next to nestjs-health\'s; remove grpc.health.v1 from the server\'s package and protoPath',
    );
    expect(logged.join('\n')).not.toContain('already provided');
  });

  it('serves its own health service when the app loads health.proto without serving its package', async () => {
    const running = await start({ server: { package: 'hero', protoPath: [HERO_PROTO, HEALTH_PROTO] } });
    expect(await running.health.check('liveness')).toBe('SERVING');
  });

  it('refuses a health service the app’s own hook already added', async () => {
    const { logged } = await bootFailure({
      server: {
        onLoadPackageDefinition: (_pkg: unknown, server: { addService(definition: object, implementation: object): void }) => {
          server.addService({ Check: { path: '/grpc.health.v1.Health/Check', requestStream: false, responseStream: false, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Buffer) => b } }, { Check: () => undefined });
        },
      },
    });
    expect(logged.join('\n')).toContain("withGrpcHealth(): grpc.health.v1.Health was already added to this gRPC server, by the app's own onLoadPackageDefinition hook");
  });

  it('refuses a gRPC server whose app has no HealthModule', async () => {
    const { logged } = await bootFailure({ withHealthModule: false });
    expect(logged.join('\n')).toContain("withGrpcHealth(): this gRPC server belongs to an app without HealthModule; import HealthModule.forRoot()");
  });

  it('refuses the same withGrpcHealth() options in two apps', async () => {
    const port = await freePort();
    const options = withGrpcHealth({ package: 'hero', protoPath: HERO_PROTO, url: `127.0.0.1:${port}` });
    @Module({ imports: [HealthModule.forRoot({ logger: false })] })
    class AppModule {}
    const logger = new RecordingLogger();
    const create = () => NestFactory.createMicroservice<MicroserviceOptions>(AppModule, { transport: Transport.GRPC, options, logger });
    const [first, second] = [await create(), await create()];
    try {
      await expect(first.listen()).rejects.toBeDefined();
      expect(logger.messages('error').join('\n')).toContain('withGrpcHealth(): the same options object serves two Nest apps; call withGrpcHealth() once per app');
    } finally {
      await Promise.allSettled([first.close(), second.close()]);
    }
  });

  it('refuses options that are not a gRPC server’s, and a hook that is not a function', () => {
    expect(() => withGrpcHealth(null as never)).toThrow('withGrpcHealth(): expected the options of a Nest gRPC server ({ package, protoPath, url, ... }), got null');
    expect(() => withGrpcHealth({ package: 'hero', onLoadPackageDefinition: 'reflection' as never })).toThrow(
      'withGrpcHealth(): onLoadPackageDefinition must be a function (it is called before the health service is added), got "reflection"',
    );
  });

  it('warns when grpc.services is set but no gRPC server uses withGrpcHealth()', async () => {
    const logger = new RecordingLogger();
    @Module({ imports: [HealthModule.forRoot({ logger: false, grpc: { services: {} } })] })
    class NoServices {}
    @Module({ imports: [HealthModule.forRoot({ logger: false, grpc: { services: { 'hero.HeroService': [] } } })] })
    class WithServices {}
    for (const root of [NoServices, WithServices]) {
      const context = await NestFactory.createApplicationContext(root, { logger });
      await context.init();
      await context.close();
    }
    expect(grpcLines(logger.messages('warn'))).toEqual([
      'HealthModule: grpc.services is set, but no gRPC server of this app was created with withGrpcHealth(); pass options: withGrpcHealth({ ... }) to createMicroservice or connectMicroservice',
    ]);
  });
});
