import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { LOOPBACK, portOf, type BenchServer } from './bench-server.js';

/** Boots a Nest app on Fastify on a loopback port, logger off so the bench output stays readable. */
export async function listenNest(
  root: Type<unknown>,
  counters?: (app: INestApplication) => Record<string, number>,
): Promise<BenchServer> {
  const app: INestApplication = await NestFactory.create(root, new FastifyAdapter(), { logger: false, abortOnError: false });
  await app.listen(0, LOOPBACK);
  return { port: portOf(app.getHttpServer().address()), close: () => app.close(), counters: counters && (() => counters(app)) };
}
