import 'reflect-metadata';
import { type INestApplicationContext, Injectable, type LoggerService, Module, type ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { HealthCheck } from '../../../src/index.js';
import { ProbeServer } from '../../../src/server/probe-server.js';
import { createAdapter, request, type HttpAnswer } from '../../support/http-app.js';

/** The kinds of Nest app the probe server must serve alike. */
export type AppKind = 'fastify' | 'express' | 'context' | 'microservice (Redis)';
export const HTTP_KINDS: AppKind[] = ['fastify', 'express'];

export const TOKEN = 'probe-server-token-5d1c';
/** A thrown reason that must never reach a public route. */
export const SECRET = 'password=hunter2 at 10.0.0.5';

/** Checks of every sort: a critical one that can be turned off, a failing non-critical one, a live one. */
export const dependency = { up: true, runs: 0 };

@Injectable()
export class ProbedChecks {
  @HealthCheck({ name: 'database' })
  database() {
    dependency.runs += 1;
    if (!dependency.up) throw new Error(`connect ECONNREFUSED (${SECRET})`);
    return { pool_size: 10 };
  }

  @HealthCheck({ name: 'cache', critical: false })
  cache() {
    dependency.runs += 1;
    throw new Error(`cache down: ${SECRET}`);
  }

  @HealthCheck({ name: 'heartbeat', probes: ['live'] })
  heartbeat() {
    dependency.runs += 1;
  }
}

export interface RunningKind {
  readonly app: INestApplicationContext;
  /** the probe server's origin, e.g. http://127.0.0.1:41234 */
  readonly probeUrl: string;
  /** the app's own HTTP origin, for the kinds that have one */
  readonly appUrl?: string;
  probe(path: string, init?: RequestInit): Promise<HttpAnswer>;
  close(): Promise<void>;
}

export function moduleOf(metadata: ModuleMetadata) {
  @Module(metadata)
  class ProbedAppModule {}
  return ProbedAppModule;
}

/** Boots `metadata` as the given kind of app, with everything it needs to be up (the HTTP server listening, the transport connected). */
export async function bootKind(kind: AppKind, metadata: ModuleMetadata, logger: LoggerService | false = false): Promise<RunningKind> {
  const root = moduleOf(metadata);
  let app: INestApplicationContext;
  let appUrl: string | undefined;
  if (kind === 'fastify' || kind === 'express') {
    const http = await NestFactory.create(root, createAdapter(kind), { logger, abortOnError: false });
    await http.listen(0, '127.0.0.1');
    appUrl = `http://127.0.0.1:${(http.getHttpServer().address() as { port: number }).port}`;
    app = http;
  } else if (kind === 'context') {
    app = await NestFactory.createApplicationContext(root, { logger, abortOnError: false });
    await app.init();
  } else {
    const microservice = await NestFactory.createMicroservice<MicroserviceOptions>(root, {
      transport: Transport.REDIS,
      options: { host: '127.0.0.1', port: 6379 },
      logger,
      abortOnError: false,
    });
    await microservice.listen();
    app = microservice;
  }
  const probeUrl = `http://127.0.0.1:${app.get(ProbeServer).port}`;
  return { app, probeUrl, appUrl, probe: (path, init) => request(`${probeUrl}${path}`, init), close: () => app.close() };
}

/** A body with what changes from one answer to the next (uptime, latencies, timestamps) taken out. */
export function stable(text: string): unknown {
  return JSON.parse(text, (key, value) => (['uptime_seconds', 'latency_ms', 'checked_at', 'responseTime', 'time', 'observedValue'].includes(key) ? '…' : value));
}
