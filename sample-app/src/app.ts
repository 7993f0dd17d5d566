import 'reflect-metadata';
import type { LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import type { SampleConfig } from './config.js';

export interface CreateAppOptions {
  /** Nest's logger setting; tests pass `false` */
  readonly logger?: LoggerService | LogLevel[] | false;
}

/** Builds the sample app (not yet listening): main.ts and the tests share it. */
export async function createApp(config: SampleConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config), new FastifyAdapter(), {
    logger: options.logger ?? ['log', 'warn', 'error', 'fatal'],
    abortOnError: false,
  });
  // SIGTERM starts the drain: readiness 503 at once, then DRAIN_MS of normal service before anything closes
  app.enableShutdownHooks();
  return app;
}

/** Starts listening and returns the port actually bound (PORT=0 picks a free one). */
export async function listen(app: NestFastifyApplication, config: Pick<SampleConfig, 'port' | 'host'>): Promise<number> {
  await app.listen({ port: config.port, host: config.host });
  return (app.getHttpServer().address() as { port: number }).port;
}
