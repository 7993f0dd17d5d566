import type { INestMicroservice } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { freePort } from '../../../test/support/throwaway-port.js';
import { GrpcAppModule } from '../../src/grpc/grpc-app.module.js';
import { grpcServerOptions } from '../../src/grpc/grpc-server-options.js';
import { configServiceFor } from './sample-app.js';

export interface RunningGrpcSample {
  readonly app: INestMicroservice;
  /** `127.0.0.1:PORT` */
  readonly address: string;
  close(): Promise<void>;
}

/** Boots the gRPC flavour in-process from environment variables, on loopback and a free port. */
export async function startGrpcSample(env: Record<string, string>): Promise<RunningGrpcSample> {
  const port = await freePort();
  const moduleRef = await Test.createTestingModule({ imports: [GrpcAppModule] })
    .overrideProvider(ConfigService)
    .useValue(configServiceFor({ ...env, HOST: '127.0.0.1' }))
    .compile();
  const app = moduleRef.createNestMicroservice<MicroserviceOptions>({
    transport: Transport.GRPC,
    options: grpcServerOptions('127.0.0.1', port),
    logger: false,
  });
  try {
    await app.listen();
  } catch (error) {
    await app.close();
    throw error;
  }
  return { app, address: `127.0.0.1:${port}`, close: () => app.close() };
}
