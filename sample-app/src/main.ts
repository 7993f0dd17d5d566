import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module.js';
import type { Environment } from './config/environment.js';
import { sampleMessages } from './sample.messages.js';

try {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
    logger: ['log', 'warn', 'error', 'fatal'],
    abortOnError: false,
  });
  // SIGTERM starts the drain: readiness 503 at once, then DRAIN_MS of normal service before anything closes
  app.enableShutdownHooks();
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  const host = config.get('HOST', { infer: true });
  await app.listen({ port: config.get('PORT', { infer: true }), host });
  // the one line tests and humans wait for; PORT=0 picks a free port, so print the one actually bound
  const { port } = app.getHttpServer().address() as AddressInfo;
  process.stdout.write(`${sampleMessages.listening(host, port)}\n`);
} catch (error) {
  process.stderr.write(`${sampleMessages.startFailed(error instanceof Error ? error.message : String(error))}\n`);
  process.exit(1);
}
