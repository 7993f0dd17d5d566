import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GrpcMethod, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { HealthModule } from 'nestjs-health';
import { withGrpcHealth } from 'nestjs-health/grpc';
import { BENCH_VERSION } from './bare-payload.js';
import { freePort, LOOPBACK, type BenchServer } from './bench-server.js';
import { BENCH_PROTO, HEALTH_PROTO } from './grpc-protos.js';
import { CacheHealth, DatabaseHealth, QueueHealth } from './ours.server.js';

@Controller()
class EchoController {
  @GrpcMethod('Echo', 'Ping')
  ping() {
    return {};
  }
}

/** The floor: grpc.health.v1 Check as a Nest team hand-writes it today, SERVING whatever happens. */
@Controller()
class AlwaysServingHealthController {
  @GrpcMethod('Health', 'Check')
  check() {
    return { status: 1 };
  }
}

type GrpcServerOptions = Extract<MicroserviceOptions, { transport?: Transport.GRPC }>['options'];

async function listenGrpc(root: new () => unknown, options: (url: string) => GrpcServerOptions): Promise<BenchServer> {
  const port = await freePort();
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(root, {
    transport: Transport.GRPC,
    options: options(`${LOOPBACK}:${port}`),
    logger: false,
  });
  await app.listen();
  return { port, close: () => app.close() };
}

@Module({ controllers: [EchoController, AlwaysServingHealthController] })
class NestFloorModule {}

/** Row (g1): a Nest gRPC microservice with a hand-written always-SERVING Check, beside the app's own service. */
export function startNestGrpcFloor(): Promise<BenchServer> {
  return listenGrpc(NestFloorModule, (url) => ({ url, package: ['bench', 'grpc.health.v1'], protoPath: [BENCH_PROTO, HEALTH_PROTO] }));
}

@Module({
  imports: [HealthModule.forRoot({ version: BENCH_VERSION, logger: false })],
  controllers: [EchoController],
  providers: [DatabaseHealth, CacheHealth, QueueHealth],
})
class OursGrpcModule {}

/** Rows (g2, g3): the same app with withGrpcHealth and the three checks of row (d), ttl 1 s. */
export function startOursGrpc(): Promise<BenchServer> {
  return listenGrpc(OursGrpcModule, (url) => withGrpcHealth({ url, package: 'bench', protoPath: BENCH_PROTO }));
}

/** Row (g0): no Nest at all, a grpc-js server answering SERVING from a plain handler: what the transport costs. */
export async function startRawGrpcFloor(): Promise<BenchServer> {
  const Health = (grpc.loadPackageDefinition(protoLoader.loadSync(HEALTH_PROTO)) as any).grpc.health.v1.Health as grpc.ServiceClientConstructor;
  const server = new grpc.Server();
  server.addService(Health.service, { Check: (_call: unknown, callback: grpc.sendUnaryData<object>) => callback(null, { status: 1 }) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${LOOPBACK}:0`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { port, close: () => new Promise((resolve) => server.tryShutdown(() => resolve())) };
}
