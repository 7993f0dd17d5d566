import 'reflect-metadata';
import type { INestMicroservice, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { withGrpcHealth } from 'nestjs-health/grpc';
import type { SampleConfig } from '../config.js';
import { GrpcAppModule } from './grpc-app.module.js';
import { NOTES_PROTO } from './grpc-config.js';

export interface CreateGrpcAppOptions {
  readonly logger?: LoggerService | LogLevel[] | false;
}

/** Builds the gRPC flavour (not yet listening) on `host:grpcPort`: main and the tests share it. */
export async function createGrpcApp(config: SampleConfig, grpcPort: number, options: CreateGrpcAppOptions = {}): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(GrpcAppModule.forConfig(config), {
    transport: Transport.GRPC,
    // the one line that adds grpc.health.v1.Health (Check, Watch, List) to the server, answered by the checks
    options: withGrpcHealth({ package: 'notes', protoPath: NOTES_PROTO, url: `${config.host}:${grpcPort}`, gracefulShutdown: true }),
    logger: options.logger ?? ['log', 'warn', 'error', 'fatal'],
    abortOnError: false,
  });
  // SIGTERM turns every health service but liveness NOT_SERVING at once, then Nest closes the app
  app.enableShutdownHooks();
  return app;
}
