import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { enableHealthShutdown } from 'nestjs-health';
import { validateEnvironment } from '../config/environment.js';
import { sampleMessages } from '../sample.messages.js';
import { GrpcAppModule } from './grpc-app.module.js';
import { grpcSampleMessages } from './grpc-sample.messages.js';
import { grpcPortFromEnv, grpcServerOptions } from './grpc-server-options.js';

try {
  const { HOST: host } = validateEnvironment(process.env);
  const port = grpcPortFromEnv(process.env);
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(GrpcAppModule, {
    transport: Transport.GRPC,
    options: grpcServerOptions(host, port),
    logger: ['log', 'warn', 'error', 'fatal'],
    abortOnError: false,
  });
  // a microservice has no HTTP adapter to hold the drain in: SIGTERM → every health service but liveness
  // NOT_SERVING at once → DRAIN_MS of normal service → Watch streams ended → close → exit
  enableHealthShutdown(app);
  await app.listen();
  // the one line tests and humans wait for
  process.stdout.write(`${grpcSampleMessages.listening(host, port)}\n`);
} catch (error) {
  process.stderr.write(`${sampleMessages.startFailed(error instanceof Error ? error.message : String(error))}\n`);
  process.exit(1);
}
