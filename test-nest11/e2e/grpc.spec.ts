import { Controller, Injectable, Module, type INestMicroservice } from '@nestjs/common';
import { GrpcMethod, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { HealthCheck, HealthModule } from 'nestjs-health';
import { withGrpcHealth } from 'nestjs-health/grpc';
import { ProbeSimulator } from 'nestjs-health/testing';
import { createServer } from 'node:net';
import { join, sep } from 'node:path';

// Jest runs this file from e2e/; run.mjs copies the .proto files into fixtures/
const FIXTURES = join(__dirname, '..', 'fixtures');
const HERO_PROTO = join(FIXTURES, 'hero.proto');
const definition = protoLoader.loadSync(join(FIXTURES, 'health.proto'), { enums: String, keepCase: true });
const Health = (grpc.loadPackageDefinition(definition) as unknown as { grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } } }).grpc.health.v1
  .Health;

type Reply = (error: grpc.ServiceError | null, reply: { status: string }) => void;
type HealthClient = grpc.Client & {
  Check(request: { service: string }, callback: Reply): void;
  Watch(request: { service: string }): grpc.ClientReadableStream<{ status: string }>;
};

@Injectable()
class Database {
  up = true;

  @HealthCheck({ name: 'database' })
  ping() {
    if (!this.up) throw new Error('connection refused');
  }
}

@Controller()
class HeroController {
  @GrpcMethod('HeroService', 'FindOne')
  findOne({ id }: { id: number }) {
    return { id, name: `hero ${id}` };
  }
}

@Module({
  imports: [HealthModule.forRoot({ logger: false, grpc: { services: { 'hero.HeroService': ['database'] } } })],
  controllers: [HeroController],
  providers: [Database],
})
class AppModule {}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('nestjs-health/grpc on a Nest 11 gRPC microservice (CommonJS)', () => {
  let app: INestMicroservice;
  let client: HealthClient;
  let address: string;

  const check = (service: string) =>
    new Promise<string>((resolve) =>
      client.Check({ service }, (error, reply) => resolve(error ? grpc.status[error.code] : reply.status)),
    );

  beforeAll(async () => {
    address = `127.0.0.1:${await freePort()}`;
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestMicroservice<MicroserviceOptions>({
      transport: Transport.GRPC,
      options: withGrpcHealth({ package: 'hero', protoPath: HERO_PROTO, url: address, gracefulShutdown: true }),
      logger: false,
    });
    await app.listen();
    client = new Health(address, grpc.credentials.createInsecure()) as unknown as HealthClient;
  });

  afterAll(() => client?.close());

  it('resolves nestjs-health/grpc to the CommonJS build', () => {
    expect(require.resolve('nestjs-health/grpc')).toContain(`${sep}dist${sep}cjs${sep}grpc${sep}index.js`);
  });

  it('answers Check from the checks: readiness, liveness, a mapped service, NOT_FOUND for an unknown name', async () => {
    expect(await Promise.all(['', 'readiness', 'liveness', 'startup', 'hero.HeroService', 'hero.Villain'].map(check))).toEqual([
      'SERVING',
      'SERVING',
      'SERVING',
      'SERVING',
      'SERVING',
      'NOT_FOUND',
    ]);
    app.get(Database).up = false;
    expect(await Promise.all(['', 'liveness', 'hero.HeroService'].map(check))).toEqual(['NOT_SERVING', 'SERVING', 'NOT_SERVING']);
    app.get(Database).up = true;
  });

  it('probes it with ProbeSimulator’s gRPC client, loaded through require', async () => {
    const simulator = new ProbeSimulator({
      grpcAddress: address,
      probes: { readinessProbe: { grpc: { port: 50051 }, periodSeconds: 1 }, livenessProbe: { grpc: { port: 50051, service: 'liveness' } } },
      timeScale: 0.1,
    }).start();
    try {
      await simulator.waitFor('ready', { after: 0, timeoutMs: 5000 });
      expect(simulator.warnings).toEqual([]);
    } finally {
      await simulator.stop();
    }
  });

  it('streams Watch, and close() returns promptly with the stream open (gracefulShutdown: true)', async () => {
    const statuses: string[] = [];
    const watch = client.Watch({ service: '' });
    const ended = new Promise<number>((resolve) => watch.on('status', (status: grpc.StatusObject) => resolve(status.code)));
    watch.on('error', () => undefined);
    await new Promise<void>((resolve) =>
      watch.on('data', ({ status }) => {
        statuses.push(status);
        resolve();
      }),
    );
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await ended).toBe(grpc.status.OK);
    expect(statuses).toEqual(['SERVING', 'NOT_SERVING']);
  });
});
