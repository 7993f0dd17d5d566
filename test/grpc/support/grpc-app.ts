import { Controller, Injectable, Module, type INestMicroservice, type LoggerService, type OnModuleInit, type Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GrpcMethod, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { HealthModule, HealthRegistry, type HealthCheckOptions, type HealthModuleOptions } from 'nestjs-health';
import { withGrpcHealth } from 'nestjs-health/grpc';
import { fileURLToPath } from 'node:url';
import { NEVER, startWith } from 'rxjs';
import { freePort } from '../../support/throwaway-port.js';
import { HealthClient } from './health-client.js';

export const HERO_PROTO = fileURLToPath(new URL('./hero.proto', import.meta.url));
export const HEALTH_PROTO = fileURLToPath(new URL('./health.proto', import.meta.url));

@Controller()
class HeroController {
  @GrpcMethod('HeroService', 'FindOne')
  findOne({ id }: { id: number }) {
    return { id, name: `hero ${id}` };
  }

  @GrpcMethod('HeroService', 'Follow')
  follow({ id }: { id: number }) {
    return NEVER.pipe(startWith({ id, name: `hero ${id}` }));
  }
}

/** Checks the test flips at will: `healthy` decides the next run of each, `runs` counts them. */
export class CheckSwitches {
  readonly healthy = new Map<string, boolean>();
  readonly runs = new Map<string, number>();
  /** ms a check takes before it answers; unset: it answers at once, synchronously */
  readonly delays = new Map<string, number>();

  set(name: string, healthy: boolean): void {
    this.healthy.set(name, healthy);
  }

  runsOf(name: string): number {
    return this.runs.get(name) ?? 0;
  }
}

/** Registers one switchable check per entry when the app initialises, as an app's own module would. */
export function switchedChecks(switches: CheckSwitches, checks: Record<string, Omit<HealthCheckOptions, 'name'>>): Provider {
  @Injectable()
  class SwitchedChecks implements OnModuleInit {
    constructor(private readonly registry: HealthRegistry) {}

    onModuleInit(): void {
      for (const [name, options] of Object.entries(checks)) {
        if (!switches.healthy.has(name)) switches.set(name, true);
        this.registry.register(
          name,
          () => {
            switches.runs.set(name, switches.runsOf(name) + 1);
            const answer = () => {
              if (!switches.healthy.get(name)) throw new Error(`${name} is down`);
            };
            const delay = switches.delays.get(name);
            return delay === undefined ? answer() : new Promise<void>((resolve) => setTimeout(resolve, delay)).then(answer);
          },
          options,
        );
      }
    }
  }
  return SwitchedChecks;
}

export interface GrpcAppSetup {
  readonly health?: HealthModuleOptions;
  readonly providers?: Provider[];
  /** extra options of the gRPC server, e.g. gracefulShutdown or the app's own onLoadPackageDefinition */
  readonly server?: Record<string, unknown>;
  readonly logger?: LoggerService | false;
  /** false: a microservice without HealthModule */
  readonly withHealthModule?: boolean;
}

export interface RunningGrpcApp {
  readonly app: INestMicroservice;
  readonly address: string;
  readonly health: HealthClient;
  findHero: HeroClient['findHero'];
  followHero: HeroClient['followHero'];
  close(): Promise<void>;
}

const heroDefinition = protoLoader.loadSync(HERO_PROTO, { keepCase: true });
const HeroClient = (grpc.loadPackageDefinition(heroDefinition) as any).hero.HeroService as grpc.ServiceClientConstructor;

export interface HeroClient {
  findHero(id: number): Promise<{ id: number; name: string }>;
  /** opens the app's own never-ending stream; resolves once its first message arrived */
  followHero(id: number): Promise<grpc.ClientReadableStream<unknown>>;
  close(): void;
}

/** A real grpc-js client of the app's own hero service. */
export function heroClient(address: string): HeroClient {
  const hero = new HeroClient(address, grpc.credentials.createInsecure()) as grpc.Client & Record<string, any>;
  return {
    findHero: (id) =>
      new Promise((resolve, reject) =>
        hero.FindOne({ id }, { deadline: Date.now() + 5000 }, (error: Error | null, reply: { id: number; name: string }) => (error ? reject(error) : resolve(reply))),
      ),
    followHero: (id) =>
      new Promise((resolve, reject) => {
        const call = hero.Follow({ id }) as grpc.ClientReadableStream<unknown>;
        call.once('data', () => resolve(call));
        call.on('error', reject);
      }),
    close: () => hero.close(),
  };
}

/** A real Nest gRPC microservice (the hero service plus grpc.health.v1 from withGrpcHealth) on a loopback port. */
export async function startGrpcApp(setup: GrpcAppSetup = {}): Promise<RunningGrpcApp> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  @Module({
    imports: setup.withHealthModule === false ? [] : [HealthModule.forRoot({ logger: false, ...setup.health })],
    controllers: [HeroController],
    providers: setup.providers ?? [],
  })
  class GrpcAppModule {}
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(GrpcAppModule, {
    transport: Transport.GRPC,
    options: withGrpcHealth({ package: 'hero', protoPath: HERO_PROTO, url: address, ...setup.server }),
    logger: setup.logger ?? false,
  });
  try {
    await app.listen();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const health = new HealthClient(address);
  const hero = heroClient(address);
  return {
    app,
    address,
    health,
    findHero: hero.findHero,
    followHero: hero.followHero,
    async close() {
      health.close();
      hero.close();
      await app.close();
    },
  };
}

/** Log lines a Nest logger received, for boot sentences. */
export class RecordingLogger implements LoggerService {
  readonly lines: { level: string; message: string }[] = [];
  log(message: unknown): void {
    this.lines.push({ level: 'log', message: String(message) });
  }
  warn(message: unknown): void {
    this.lines.push({ level: 'warn', message: String(message) });
  }
  error(message: unknown): void {
    this.lines.push({ level: 'error', message: String(message) });
  }
  messages(level: string): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.message);
  }
}
