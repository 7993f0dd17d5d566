import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport } from '@nestjs/microservices';
import { resolveModuleOptions } from '../../src/health.options.js';
import { HealthModule } from '../../src/index.js';
import { ShutdownCoordinator } from '../../src/lifecycle/shutdown-coordinator.js';
import { startGrpcApp } from '../grpc/support/grpc-app.js';
import { startApp } from '../support/http-app.js';

describe('shutdown.drainMs', () => {
  it('resolves the Kubernetes default (KUBERNETES_SERVICE_HOST set) for the lifecycle to apply by kind of app', () => {
    expect(resolveModuleOptions({}, { KUBERNETES_SERVICE_HOST: '10.96.0.1' })).toMatchObject({ drainMs: undefined, defaultDrainMs: 5000 });
    expect(resolveModuleOptions({}, {})).toMatchObject({ drainMs: undefined, defaultDrainMs: 0 });
  });

  it('keeps an explicit value, 0 included', () => {
    expect(resolveModuleOptions({ shutdown: { drainMs: 0 } }, { KUBERNETES_SERVICE_HOST: '10.96.0.1' }).drainMs).toBe(0);
    expect(resolveModuleOptions({ shutdown: { drainMs: 12_000 } }, {}).drainMs).toBe(12_000);
  });

  it('refuses a negative or non-numeric drain with a message naming the option', () => {
    expect(() => resolveModuleOptions({ shutdown: { drainMs: -1 } }, {})).toThrow(
      'HealthModule: shutdown.drainMs must be a non-negative number of ms, got -1',
    );
    expect(() => resolveModuleOptions({ shutdown: { drainMs: '5s' as unknown as number } }, {})).toThrow(
      'HealthModule: shutdown.drainMs must be a non-negative number of ms, got "5s"',
    );
  });
});

describe('the default drain by kind of app, in Kubernetes', () => {
  const previous = process.env.KUBERNETES_SERVICE_HOST;
  beforeAll(() => {
    process.env.KUBERNETES_SERVICE_HOST = '10.96.0.1';
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.KUBERNETES_SERVICE_HOST;
    else process.env.KUBERNETES_SERVICE_HOST = previous;
  });

  const moduleWith = (drainMs?: number) => {
    @Module({ imports: [HealthModule.forRoot({ logger: false, ...(drainMs === undefined ? {} : { shutdown: { drainMs } }) })] })
    class DrainModule {}
    return DrainModule;
  };

  it('is 5000 ms for an app with an HTTP adapter: it has Service endpoints to leave', async () => {
    const app = await startApp('fastify', moduleWith());
    try {
      expect(app.app.get(ShutdownCoordinator).drainMs).toBe(5000);
    } finally {
      await app.close();
    }
  });

  it('is 5000 ms for a gRPC microservice: it serves requests too', async () => {
    const grpc = await startGrpcApp();
    try {
      expect(grpc.app.get(ShutdownCoordinator).drainMs).toBe(5000);
    } finally {
      await grpc.close();
    }
  });

  it('is 0 for an application context and a pull-based microservice, which have no endpoints to leave', async () => {
    const context = await NestFactory.createApplicationContext(moduleWith(), { logger: false });
    const microservice = await NestFactory.createMicroservice(moduleWith(), { transport: Transport.TCP, options: { port: 0 }, logger: false });
    await microservice.init();
    try {
      expect(context.get(ShutdownCoordinator).drainMs).toBe(0);
      expect(microservice.get(ShutdownCoordinator).drainMs).toBe(0);
    } finally {
      await context.close();
      await microservice.close();
    }
  });

  it('gives an explicit shutdown.drainMs precedence over the default of every kind', async () => {
    const context = await NestFactory.createApplicationContext(moduleWith(1500), { logger: false });
    const app = await startApp('express', moduleWith(0));
    try {
      expect(context.get(ShutdownCoordinator).drainMs).toBe(1500);
      expect(app.app.get(ShutdownCoordinator).drainMs).toBe(0);
    } finally {
      await context.close();
      await app.close();
    }
  });
});
